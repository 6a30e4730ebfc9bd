from django.core.management.base import BaseCommand

from consultation_blocks.services.responses import delete_expired_drafts


class Command(BaseCommand):
    help = "Delete saved survey drafts of consultations that have closed. Run daily."

    def handle(self, *args, **options):
        deleted = delete_expired_drafts()
        self.stdout.write(f"Deleted {deleted} saved draft(s) of closed consultations.")
