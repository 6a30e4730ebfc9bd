"""The default site's address follows WAGTAILADMIN_BASE_URL, so that every absolute
link the site writes (page links in emails, the read API's `html_url` and
`detail_url`) uses the one address the deployment configures, not the
``localhost:80`` Wagtail's first migration leaves behind."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site


def address_from_base_url(base_url):
    """(hostname, port) from a base URL such as ``https://engage.example.org``."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"WAGTAILADMIN_BASE_URL must be an http(s) address such as "
            f"https://engage.example.org, not {base_url!r}"
        )
    port = parts.port or (443 if parts.scheme == "https" else 80)
    # Wagtail derives a site's scheme from its port (443 is https, anything else http),
    # so any other pairing would give links with the wrong scheme.
    if (parts.scheme == "https") != (port == 443):
        raise ImproperlyConfigured(
            f"WAGTAILADMIN_BASE_URL {base_url!r}: Wagtail sites serve https on port 443 "
            "and http on any other port"
        )
    return parts.hostname, port


def set_default_site_address(base_url):
    """Point the default site at `base_url`; returns True when something changed."""
    hostname, port = address_from_base_url(base_url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True
