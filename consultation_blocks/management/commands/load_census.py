from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultation_blocks.services.census import (
    CENSUS_2021_FILE,
    CensusFileError,
    load_census,
    read_census_file,
)

MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Load census figures for local authorities from a CSV file in the format of "
        "consultation_blocks/data/census2021.csv (see the README beside it). The file is "
        "checked whole first; loading it again replaces the same figures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default=str(CENSUS_2021_FILE), help="Defaults to the shipped file."
        )
        parser.add_argument("--dataset", default="Census 2021", help="What the figures are.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path} is larger than 5 MB; a census profile file is far smaller.")
        try:
            with path.open(encoding="utf-8-sig", newline="") as lines:
                areas = read_census_file(lines)
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text.") from error
        except CensusFileError as error:
            raise CommandError(f"{path} was not loaded:\n" + "\n".join(error.errors)) from error
        dataset = options["dataset"].strip()[:80] or "Census 2021"
        added, changed, unchanged = load_census(areas, dataset=dataset, progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(areas)} area(s): {added} figures added, {changed} changed, "
                f"{unchanged} unchanged."
            )
        )
