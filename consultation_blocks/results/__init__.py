"""Exports of survey responses for staff (``export.py``).

Exports stay out of ``selectors/``: they read through ``selectors.results`` but their
work is formatting rows into CSV and XLSX files as they stream, which is a view's
concern for a download rather than a query.
"""
