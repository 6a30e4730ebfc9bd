from django.core.management.base import BaseCommand

from consultation_blocks.models import UNCONFIRMED_RETENTION_DAYS
from consultation_blocks.services.alerts import delete_unconfirmed_subscriptions


class Command(BaseCommand):
    help = (
        f"Delete email alert subscriptions not confirmed within {UNCONFIRMED_RETENTION_DAYS} "
        "days. Run daily."
    )

    def handle(self, *args, **options):
        deleted = delete_unconfirmed_subscriptions()
        self.stdout.write(f"Deleted {deleted} unconfirmed alert subscription(s).")
