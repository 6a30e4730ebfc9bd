from django.conf import settings
from django.core.management.base import BaseCommand

from consultation_blocks.services import panel as service

STEPS = ("unconfirmed", "remind", "remove")


class Command(BaseCommand):
    help = (
        "Keep the citizens' panel within its retention period (the contacts list's). Run "
        "daily; running it twice changes nothing more. Steps: delete sign-ups never "
        "confirmed; remind, once, every member whose period ends within "
        "CONTACTS_REMINDER_DAYS; end the membership of everyone whose period has ended and "
        "who was reminded at least that long ago without answering."
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
            self.stdout.write(f"Deleted {deleted} unconfirmed panel sign-up(s).")
        if "remind" in steps:
            reminded = service.send_retention_reminders(base_url=settings.WAGTAILADMIN_BASE_URL)
            self.stdout.write(f"Reminded {reminded} panel member(s) their details will be deleted.")
        if "remove" in steps:
            removed = service.remove_expired()
            self.stdout.write(
                f"Removed {removed} panel member(s) at the end of their retention period."
            )
