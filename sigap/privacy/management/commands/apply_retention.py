from django.core.management.base import BaseCommand

from sigap.privacy.retention import apply_retention


class Command(BaseCommand):
    help = "Anonymise the reports, cases and people whose retention period is over (see SIGAP_RETENTION_YEARS)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say what is due, change nothing")

    def handle(self, *args, dry_run, **options):
        result = apply_retention(dry_run=dry_run)
        verb = "due" if dry_run else "anonymised"
        self.stdout.write(
            f"reports {verb}: {len(result.reports)}; cases {verb}: {len(result.cases)}; people {verb}: {len(result.people)}"
        )
