"""Writes and side effects, one module per feature; functions take keyword arguments."""
