from django.core.management.base import BaseCommand

from consultation_blocks.services.registrations import anonymise_expired_registrations


class Command(BaseCommand):
    help = (
        "Delete the names, email addresses and access and dietary needs of people who "
        "registered for events that ended more than MEETING_REGISTRATION_RETENTION_DAYS "
        "ago, keeping their organisation and attendance. Run daily."
    )

    def handle(self, *args, **options):
        count = anonymise_expired_registrations()
        self.stdout.write(f"Anonymised {count} registration(s).")
