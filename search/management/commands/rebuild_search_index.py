from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.services import backend_name


class Command(BaseCommand):
    help = (
        "Rebuild the Elasticsearch index in bulk beside the live one, then switch the alias "
        "to it with no downtime. With the database backend, refresh Wagtail's own index."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, batch_size, no_progress, **options):
        if batch_size < 1 or batch_size > 10_000:
            raise CommandError("--batch-size must be between 1 and 10000.")
        if backend_name() != "elasticsearch":
            from django.core.management import call_command

            self.stdout.write("Using the database search backend: updating Wagtail's index.")
            call_command("update_index", verbosity=options.get("verbosity", 1))
            return
        from elasticsearch import ApiError, TransportError

        from search.backends.elastic import count_items, rebuild

        total = count_items()
        with tqdm(total=total, unit="item", disable=no_progress, file=self.stderr) as progress:
            try:
                result = rebuild(batch_size=batch_size, progress=progress)
            except (ApiError, TransportError) as error:
                raise CommandError(f"Elasticsearch refused the rebuild: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {result['indexed']} item(s) into {result['index']}; "
                f"the alias now points at it (replaced: {', '.join(result['replaced']) or 'none'})."
            )
        )
