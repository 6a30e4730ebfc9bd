"""Survey results and exports for staff: read-only views of stored responses."""
