from django.conf import settings
from django.core.management.base import BaseCommand

from consultation_blocks.services.alerts import send_immediate_alerts, send_weekly_digests


class Command(BaseCommand):
    help = (
        "Send residents' email alerts. --immediate (every 10 minutes) catches what the "
        "publish signal could not, such as outcomes scheduled to appear later; --weekly "
        "(once a week) sends the digests. Safe to run twice: nothing is sent twice."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--immediate", action="store_true")
        group.add_argument("--weekly", action="store_true")

    def handle(self, *args, **options):
        base_url = settings.WAGTAILADMIN_BASE_URL
        if options["weekly"]:
            sent = send_weekly_digests(base_url=base_url)
            self.stdout.write(f"Queued {sent} weekly alert digest(s).")
        else:
            sent = send_immediate_alerts(base_url=base_url)
            self.stdout.write(f"Queued {sent} immediate alert(s).")
