"""Keeping search up to date as content changes, from background tasks.

Wagtail keeps its own database index current when pages are saved; these services
add what it does not know about (the text inside uploaded documents) and feed the
Elasticsearch index when that backend is in use.
"""

import logging

from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.search.backends import get_search_backend

from .extraction import UnreadableDocument, extract_text
from .models import DocumentText

logger = logging.getLogger(__name__)


def extract_document_text(document_id):
    """Read an uploaded document's words into DocumentText and index them."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None or not document.file:
        return None
    error = ""
    try:
        with document.open_file() as handle:
            text = extract_text(handle, document.file_extension)
    except (UnreadableDocument, OSError) as problem:
        logger.warning("No text from document %s: %s", document_id, problem)
        text, error = "", str(problem)[:255]
    entry, _ = DocumentText.objects.update_or_create(
        document=document, defaults={"text": text, "error": error, "extracted_at": timezone.now()}
    )
    get_search_backend().add(entry)
    from .services import backend_name

    if backend_name() == "elasticsearch":
        from .backends.elastic import index_document

        index_document(document)
    return entry


def index_page(page_id):
    """Add or refresh one page in the Elasticsearch index (the database index is
    Wagtail's own and already current)."""
    from .services import backend_name

    if backend_name() != "elasticsearch":
        return
    from wagtail.models import Page

    from .backends.elastic import index_page as es_index_page
    from .backends.elastic import remove_page

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        remove_page(page_id)
        return
    page = page.specific
    if page.live and not page.get_view_restrictions().exists():
        es_index_page(page)
    else:
        remove_page(page_id)


def remove_from_index(page_id):
    from .services import backend_name

    if backend_name() == "elasticsearch":
        from .backends.elastic import remove_page

        remove_page(page_id)


def index_activity(activity_id):
    """Keep an engagement activity in the Elasticsearch index, or take it out once it
    is unpublished or deleted (the database index is Wagtail's own)."""
    from .services import backend_name

    if backend_name() != "elasticsearch":
        return
    from .backends.elastic import index_activity as es_index_activity

    es_index_activity(activity_id)


def index_record(kind, record_id):
    """Keep a decision or an indicator (``kind`` is its catalogue key) in the
    Elasticsearch index while it is live, and take it out once it is not."""
    from .services import backend_name

    if backend_name() != "elasticsearch":
        return
    from .backends.elastic import index_record as es_index_record

    es_index_record(kind, record_id)
