from pathlib import Path

from django.core.management.base import BaseCommand

from sigap.regions.services import KOTA_PEKALONGAN_FILE, regions_load


class Command(BaseCommand):
    help = "Load administrative regions (Kemendagri codes) from a CSV file; Kota Pekalongan by default."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=KOTA_PEKALONGAN_FILE)

    def handle(self, *args, path, **options):
        count = regions_load(path=path)
        self.stdout.write(f"{count} regions loaded from {path.name}")
