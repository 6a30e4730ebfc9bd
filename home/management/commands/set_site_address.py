from django.conf import settings
from django.core.management.base import BaseCommand

from home.site_address import set_default_site_address


class Command(BaseCommand):
    help = (
        "Point the default site at WAGTAILADMIN_BASE_URL (run by `make migrate` and `make serve`)."
    )

    def handle(self, *args, **options):
        changed = set_default_site_address(settings.WAGTAILADMIN_BASE_URL)
        if options["verbosity"]:
            verb = "now answers at" if changed else "already answers at"
            self.stdout.write(f"The default site {verb} {settings.WAGTAILADMIN_BASE_URL}")
