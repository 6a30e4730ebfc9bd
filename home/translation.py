"""Making a page's translation from a table of translated strings, through
wagtail-localize, as a translator working in its editor would: the page is then a
synchronised translation (editors see and change it in wagtail-localize's editor, and
it follows the source page's structure, block ids and settings).

Used by the demo and by tests; strings the table does not cover stay in the source
language until someone translates them.
"""

from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue


def ensure_locale(language_code):
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    return locale


def translate_page(page, language_code, strings, *, user=None):
    """Publish `page` in `language_code`, its strings translated from `strings` (a dict
    from source text to translated text). Returns the translated page."""
    locale = ensure_locale(language_code)
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = segment.string.as_value().render_text()
        translated = strings.get(text)
        if not translated:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": StringValue.from_plaintext(translated).data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )
    # Saved as a draft, then published here and now: wagtail-localize would publish
    # only once the surrounding transaction commits.
    translation.save_target(user=user, publish=False)
    translated = page.get_translation(locale).specific
    translated.get_latest_revision().publish(user=user)
    translated.refresh_from_db()
    return translated
