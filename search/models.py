"""Search's own data: text extracted from uploaded documents, and synonyms editors keep."""

from django.db import models
from wagtail.documents import get_document_model_string
from wagtail.search import index


class DocumentText(index.Indexed, models.Model):
    """The words inside an uploaded PDF, DOCX or ODT file, so search finds documents by
    what they say as well as by their title."""

    document = models.OneToOneField(
        get_document_model_string(), on_delete=models.CASCADE, related_name="extracted_text"
    )
    text = models.TextField(blank=True)
    extracted_at = models.DateTimeField(auto_now=True)
    error = models.CharField(max_length=255, blank=True)

    search_fields = [index.SearchField("text"), index.FilterField("document_id")]

    class Meta:
        verbose_name = "document text"
        verbose_name_plural = "document texts"

    def __str__(self):
        return f"Text of document {self.document_id}"


class SearchSynonym(models.Model):
    """Words residents use for the same thing, such as "GP, doctor, surgery". Used by the
    Elasticsearch index's analyser; rebuild the index after changing them."""

    terms = models.CharField(
        max_length=255,
        unique=True,
        help_text="Comma-separated words or phrases that mean the same, e.g. GP, doctor.",
    )

    class Meta:
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    @property
    def term_list(self):
        return [term.strip().lower() for term in self.terms.split(",") if term.strip()]

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.term_list) < 2:
            raise ValidationError({"terms": "Give at least two words, separated by commas."})
        self.terms = ", ".join(self.term_list)
