from django.core.management.base import BaseCommand

from consultation_blocks.models import FORMAT_REQUEST_RETENTION_DAYS
from consultation_blocks.services.format_requests import delete_old_format_requests


class Command(BaseCommand):
    help = (
        f"Delete residents' requests for other formats made more than "
        f"{FORMAT_REQUEST_RETENTION_DAYS} days ago. Run daily."
    )

    def handle(self, *args, **options):
        deleted = delete_old_format_requests()
        self.stdout.write(f"Deleted {deleted} format request(s).")
