from django.conf import settings
from django.core.management.base import BaseCommand

from consultation_blocks.services.notifications import notify_due_outcomes, send_moderation_digest


class Command(BaseCommand):
    help = (
        "Send the moderators' digest of waiting items (at most one an hour) and tell "
        "respondents about outcomes that have just appeared. Run every few minutes."
    )

    def handle(self, *args, **options):
        base_url = settings.WAGTAILADMIN_BASE_URL
        moderators = send_moderation_digest(base_url=base_url)
        respondents = notify_due_outcomes(base_url=base_url)
        self.stdout.write(
            f"Digest sent to {moderators} moderator(s); outcome sent to {respondents} respondent(s)."
        )
