"""Write operations of the consultation plugin, one module per area."""
