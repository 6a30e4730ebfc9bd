"""Parts of the plugin's pages that are the same for every visitor (the consultation
index's listing), kept by the site's fragment cache when it has one.

CONSULTATION_FRAGMENT_CACHE names a function ``(request, name, vary, make)`` that
returns ``make()``'s value, kept until content changes (this site:
``pagecache.fragments.cached_fragment``); without one, every part is drawn each time.
The site's function must forget kept parts whenever pages are published, moved or
deleted, and after a short time, since a consultation opens and closes with time.
"""

from django.utils.module_loading import import_string

from .defaults import setting


def cached_part(request, name, vary, make):
    path = setting("CONSULTATION_FRAGMENT_CACHE")
    if not path:
        return make()
    return import_string(path)(request, f"consultation_blocks:{name}", vary, make)
