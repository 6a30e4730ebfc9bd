from django.conf import settings
from django.core.management.base import BaseCommand

from consultation_blocks.services import panel_surveys as service


class Command(BaseCommand):
    help = (
        "Remind citizens' panel members who have not answered a panel-only survey that is "
        "still open: PANEL_SURVEY_REMINDER_DAYS after the invitation or the last reminder, "
        "at most PANEL_SURVEY_MAX_REMINDERS times each, never after the consultation "
        "closes. Run daily; running it again at once sends nothing."
    )

    def handle(self, *args, **options):
        reminded = service.send_reminders(base_url=settings.WAGTAILADMIN_BASE_URL)
        self.stdout.write(f"Reminded {reminded} panel member(s) about a panel survey.")
