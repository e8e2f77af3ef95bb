from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.privacy.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore an archive written by `backup` into an empty, migrated installation, and verify it."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            manifest = backup_restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored and verified: {sum(manifest['rows'].values())} rows, {len(manifest['files'])} files."
        )
