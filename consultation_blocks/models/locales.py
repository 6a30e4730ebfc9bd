"""Which language's pages a listing shows.

With several languages (wagtail-localize), every page exists once per language it is
translated into, all with the same ``translation_key``. Public listings show the pages
in the visitor's language (the address's: /cy/… is Welsh), and work about the
consultation itself (reminders, overdue outcomes, notifications, results) is done once,
on the page in the site's default language. Without WAGTAIL_I18N_ENABLED there is one
language and these conditions select everything.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant


def _language_q(language_code, prefix):
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return Q()
    try:
        code = get_supported_content_language_variant(language_code)
    except LookupError:
        code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return Q(**{f"{prefix}locale__language_code": code})


def active_language_q(prefix=""):
    """Pages in the language being shown (``prefix`` for a relation, e.g. "page__")."""
    return _language_q(translation.get_language() or settings.LANGUAGE_CODE, prefix)


def default_language_q(prefix=""):
    """Pages in the site's default language: one per consultation, whatever its
    translations."""
    return _language_q(settings.LANGUAGE_CODE, prefix)


def in_default_language(page):
    """`page` as it is in the site's default language (itself when it is, or when it
    has no translation there): where residents' answers and feedback on it are stored,
    so that what is given on a translation counts with the rest.

    Compared by language code through ``page.locale``, not with ``Locale.get_default()``:
    a page routed to a visitor comes with its locale (home/routing.py), so answering a
    survey in the default language asks the database nothing to learn where the answer
    goes; any other page costs the one query the default locale did.
    """
    default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if page.locale.language_code == default_code:
        return page
    source = (
        type(page)
        ._default_manager.filter(default_language_q(), translation_key=page.translation_key)
        .first()
    )
    return source if source is not None else page
