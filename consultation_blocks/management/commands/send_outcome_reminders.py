from django.conf import settings
from django.core.management.base import BaseCommand
from wagtail.models import Site

from consultation_blocks.models import ConsultationSettings
from consultation_blocks.services.reminders import send_outcome_reminders


class Command(BaseCommand):
    help = (
        "Email whoever answers for a consultation outcome due in a week or today (the "
        "page's owner, otherwise its lead partner's team). Run once a day (for example "
        "from cron); each reminder is sent once."
    )

    def handle(self, *args, **options):
        site = Site.objects.filter(is_default_site=True).first()
        weeks = ConsultationSettings.for_site(site).outcome_due_weeks if site else 12
        queued = send_outcome_reminders(
            outcome_due_weeks=weeks, base_url=settings.WAGTAILADMIN_BASE_URL
        )
        self.stdout.write(f"Queued {queued} outcome reminder(s).")
