"""Translations waiting for a native speaker's review."""

from ..models import TranslationReview


def translations_to_review(limit=20):
    """The pages marked for review, newest first, with their language."""
    return list(
        TranslationReview.objects.filter(needs_native_review=True)
        .select_related("page", "page__locale")
        .order_by("-created_at")[:limit]
    )


def review_for_page(page_id):
    return TranslationReview.objects.filter(page_id=page_id, needs_native_review=True).first()
