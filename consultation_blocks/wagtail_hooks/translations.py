"""Translations and other formats in the admin: pages whose translation waits for a
native speaker's review (a dashboard panel, a warning in the page editor and a list to
tick them off), and residents' requests for other formats."""

from django.contrib import messages
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import FormatRequest, TranslationReview
from ..selectors.translations import review_for_page, translations_to_review

REVIEW_WARNING = (
    "This translation needs a native speaker's review before real use. {note}"
    "Once reviewed, untick it in Settings → Translation reviews."
)


class TranslationReviewViewSet(SnippetViewSet):
    model = TranslationReview
    icon = "globe"
    menu_label = "Translation reviews"
    add_to_settings_menu = True
    list_display = [
        Column("page", label="Page"),
        Column("needs_native_review", label="Needs review"),
        "note",
        "reviewed_at",
    ]
    list_filter = ["needs_native_review"]
    panels = [FieldPanel("page"), FieldPanel("needs_native_review"), FieldPanel("note")]


class FormatRequestViewSet(SnippetViewSet):
    """What residents asked for; the team is emailed each one as it arrives."""

    model = FormatRequest
    icon = "doc-full"
    menu_label = "Format requests"
    add_to_settings_menu = True
    list_display = [Column("page", label="Consultation"), "format", "language", "created_at"]
    list_filter = ["format"]
    inspect_view_enabled = True
    ordering = ["-created_at"]


register_snippet(TranslationReviewViewSet)
register_snippet(FormatRequestViewSet)


@hooks.register("after_edit_snippet")
def record_reviewer(request, instance):
    if isinstance(instance, TranslationReview) and not instance.needs_native_review:
        if instance.reviewed_at is None:
            TranslationReview.objects.filter(pk=instance.pk).update(
                reviewed_by=request.user, reviewed_at=timezone.now()
            )


@hooks.register("before_edit_page")
def warn_about_unreviewed_translation(request, page):
    """A warning at the top of the editor (wagtail-localize's or Wagtail's own)."""
    if request.method != "GET":
        return None
    review = review_for_page(page.pk)
    if review is not None:
        note = f"{review.note} " if review.note else ""
        messages.warning(request, REVIEW_WARNING.format(note=note))
    return None


class TranslationsToReviewPanel(Component):
    name = "translations_to_review"
    template_name = "consultation_blocks/admin/panels/translations_to_review.html"
    order = 90

    def __init__(self, reviews):
        self.reviews = reviews

    def get_context_data(self, parent_context=None):
        return {"reviews": self.reviews}


@hooks.register("construct_homepage_panels")
def add_translations_panel(request, panels):
    reviews = translations_to_review()
    if reviews:
        panels.append(TranslationsToReviewPanel(reviews))
