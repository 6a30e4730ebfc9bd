"""The anonymous page cache: whole public pages kept in Django's cache (Redis in
production) and sent with Cache-Control a CDN can use, with every form still working.

README.md "Caching" explains each trap and where it is solved.
"""
