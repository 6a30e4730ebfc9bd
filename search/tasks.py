"""Background tasks for search, so publishing or uploading never waits on indexing."""

from django_tasks import task

from . import indexing


@task()
def extract_document_text_task(document_id):
    indexing.extract_document_text(document_id)


@task()
def index_page_task(page_id):
    indexing.index_page(page_id)


@task()
def remove_page_task(page_id):
    indexing.remove_from_index(page_id)


@task()
def index_activity_task(activity_id):
    indexing.index_activity(activity_id)


@task()
def index_record_task(kind, record_id):
    indexing.index_record(kind, record_id)
