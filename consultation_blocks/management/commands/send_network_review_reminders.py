from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consultation_blocks.services.network import (
    DEFAULT_REVIEW_NOTICE_DAYS,
    send_review_reminders,
)


class Command(BaseCommand):
    help = (
        "Email the partners' teams of each network body whose yearly review is due "
        "within the notice period or overdue. Run once a day; each review date is "
        "reminded of once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_REVIEW_NOTICE_DAYS,
            help=f"How many days ahead to remind (default {DEFAULT_REVIEW_NOTICE_DAYS}).",
        )

    def handle(self, *args, days, **options):
        if days < 0 or days > 366:
            raise CommandError("--days must be between 0 and 366.")
        queued = send_review_reminders(notice_days=days, base_url=settings.WAGTAILADMIN_BASE_URL)
        self.stdout.write(f"Queued {queued} network review reminder(s).")
