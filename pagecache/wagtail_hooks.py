"""Which Wagtail page responses may be shared with every anonymous visitor.

Wagtail calls before_serve_page once it has found the page, before the page's own
serve(). The page cache middleware stores the response only when this hook said yes
and the response itself is a plain success (see middleware.py).
"""

from wagtail import hooks

from .middleware import mark_page_request


@hooks.register("before_serve_page")
def note_page_for_the_cache(page, request, serve_args, serve_kwargs):
    mark_page_request(request, page, serve_args)
