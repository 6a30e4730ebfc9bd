from django.conf import settings
from django.core.management.base import BaseCommand

from consultation_blocks.services import contacts as service

STEPS = ("unconfirmed", "remind", "remove", "access-links")


class Command(BaseCommand):
    help = (
        "Keep the contacts register within its retention period. Run daily; running it "
        "twice changes nothing more. Steps: delete sign-ups never confirmed; remind, once, "
        "everyone whose retention period ends within CONTACTS_REMINDER_DAYS; remove "
        "everyone whose period has ended and who was reminded at least that long ago "
        "without answering; delete expired links to see one's data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--step",
            choices=STEPS,
            action="append",
            help="Run only this step (repeat for several). Default: every step, in order.",
        )

    def handle(self, *args, step=None, **options):
        steps = step or STEPS
        if "unconfirmed" in steps:
            deleted = service.delete_unconfirmed()
            self.stdout.write(f"Deleted {deleted} unconfirmed contact(s).")
        if "remind" in steps:
            reminded = service.send_retention_reminders(base_url=settings.WAGTAILADMIN_BASE_URL)
            self.stdout.write(f"Reminded {reminded} contact(s) their details will be deleted.")
        if "remove" in steps:
            removed = service.remove_expired()
            self.stdout.write(f"Removed {removed} contact(s) at the end of their retention period.")
        if "access-links" in steps:
            expired = service.delete_expired_access_requests()
            self.stdout.write(f"Deleted {expired} expired request(s) to see personal data.")
