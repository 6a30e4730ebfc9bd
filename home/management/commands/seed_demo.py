import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.demo.seed import CREDENTIALS_FILE, DEMO_USERS, seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo partnership: partners, areas, strategies, pages and demo users. "
        "Creates only what is missing, so it is safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with production settings (demo users get DEMO_PASSWORD).",
        )

    def handle(self, *args, allow_production=False, **options):
        password = os.environ.get("DEMO_PASSWORD", "").strip() or None
        if settings.SETTINGS_MODULE.endswith("production"):
            if not allow_production:
                raise CommandError(
                    "Refusing to load demo content with production settings. "
                    "Pass --allow-production to do it anyway."
                )
            if not password:
                raise CommandError("Set DEMO_PASSWORD to seed demo users in production.")

        steps = 4
        counter = iter(range(1, steps + 1))

        def progress(message):
            self.stdout.write(f"[{next(counter)}/{steps}] {message}")

        report = seed_demo(password=password, progress=progress)

        if report.created:
            self.stdout.write(self.style.SUCCESS(f"Created {len(report.created)} items."))
        else:
            self.stdout.write("Demo content already present: nothing changed.")
        self._print_sign_ins(report)

    def _print_sign_ins(self, report):
        self.stdout.write("")
        self.stdout.write("Demo sign-ins at http://127.0.0.1:8000/admin/")
        for username, role, _group, _superuser in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role}")
        if report.password_source == "DEMO_PASSWORD":
            self.stdout.write("  Password: the value of DEMO_PASSWORD")
        elif report.password:
            self.stdout.write(f"  Password: {report.password}")
            self.stdout.write(f"  (generated once; kept in {CREDENTIALS_FILE.name}, not in git)")
        else:
            self.stdout.write(
                "  Password: unknown. Reset it with `manage.py changepassword <user>`."
            )
