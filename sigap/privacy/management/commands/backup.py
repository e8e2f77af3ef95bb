from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from sigap.privacy.backup import backup_write


class Command(BaseCommand):
    help = "Write one encrypted, compressed archive of the database and the uploaded files."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="file to write (default: sigap-backup-<time>.enc)")

    def handle(self, *args, output, **options):
        path = output or Path(f"sigap-backup-{timezone.now():%Y%m%d-%H%M%S}.enc")
        manifest = backup_write(path)
        self.stdout.write(
            f"Backup written to {path}: {sum(manifest['rows'].values())} rows, {len(manifest['files'])} files."
        )
