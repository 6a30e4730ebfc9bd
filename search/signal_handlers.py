"""Connects content changes to the search tasks. The handlers only queue a task; the
work happens in search/indexing.py."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.signals import page_published, page_unpublished, post_page_move

from .tasks import (
    extract_document_text_task,
    index_activity_task,
    index_page_task,
    index_record_task,
    remove_page_task,
)


def _after_commit(task, object_id):
    transaction.on_commit(lambda: task.enqueue(object_id))


def queue_page_index(sender, instance, **kwargs):
    _after_commit(index_page_task, instance.pk)


def queue_page_move(sender, instance, **kwargs):
    _after_commit(index_page_task, instance.pk)


def queue_page_removal(sender, instance, **kwargs):
    _after_commit(remove_page_task, instance.pk)


def queue_document_text(sender, instance, created=False, update_fields=None, **kwargs):
    # Saves that name their fields and leave out the file cannot have changed its text.
    if created or update_fields is None or "file" in update_fields:
        _after_commit(extract_document_text_task, instance.pk)


def queue_activity_index(sender, instance, **kwargs):
    # After the commit, so the activity's topics and areas are stored too.
    _after_commit(index_activity_task, instance.pk)


def queue_record_index(sender, instance, **kwargs):
    """A decision or an indicator saved (published, unpublished, a draft of a new one)
    or deleted: refresh its entry once the change is committed."""
    from .backends.records import RECORDS_BY_MODEL

    kind = RECORDS_BY_MODEL[sender].key
    pk = instance.pk
    transaction.on_commit(lambda: index_record_task.enqueue(kind, pk))


def connect():
    from wagtail.models import Page

    from consultation_blocks.models import Decision, EngagementActivity, Indicator

    page_published.connect(queue_page_index, dispatch_uid="search_page_published")
    page_unpublished.connect(queue_page_removal, dispatch_uid="search_page_unpublished")
    post_page_move.connect(queue_page_move, dispatch_uid="search_page_moved")
    post_delete.connect(queue_page_removal, sender=Page, dispatch_uid="search_page_deleted")
    post_save.connect(
        queue_document_text, sender=get_document_model(), dispatch_uid="search_document_saved"
    )
    post_save.connect(
        queue_activity_index, sender=EngagementActivity, dispatch_uid="search_activity_saved"
    )
    post_delete.connect(
        queue_activity_index, sender=EngagementActivity, dispatch_uid="search_activity_deleted"
    )
    for model in (Decision, Indicator):
        name = model._meta.model_name
        post_save.connect(queue_record_index, sender=model, dispatch_uid=f"search_{name}_saved")
        post_delete.connect(queue_record_index, sender=model, dispatch_uid=f"search_{name}_deleted")
