"""Elasticsearch keeps each consultation's status as it was when the page was indexed,
but a status changes by itself when a consultation opens, closes or its outcome appears
at a scheduled time. Run every few minutes, this re-indexes the consultations whose
status changed in the window just past (windows may overlap: re-indexing is idempotent).
The database backend reads the status at query time and needs nothing."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from consultation_blocks.models import ConsultationPage, ConsultationStatus
from search.indexing import index_page
from search.services import backend_name

MAX_MINUTES = 60 * 24 * 31


class Command(BaseCommand):
    help = (
        "Re-index the consultations whose status changed in the last --minutes "
        "(Elasticsearch only). Schedule it more often than the window."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=15)

    def handle(self, *args, minutes, **options):
        if not 1 <= minutes <= MAX_MINUTES:
            raise CommandError(f"--minutes must be between 1 and {MAX_MINUTES}.")
        if backend_name() != "elasticsearch":
            self.stdout.write("Using the database search backend: statuses are always current.")
            return
        now = timezone.now()
        changed = ConsultationPage.objects.live().filter(
            ConsultationStatus.changes_between(now - datetime.timedelta(minutes=minutes), now)
        )
        ids = list(changed.values_list("pk", flat=True))
        for page_id in ids:
            index_page(page_id)
        self.stdout.write(f"Re-indexed {len(ids)} consultation(s) whose status changed.")
