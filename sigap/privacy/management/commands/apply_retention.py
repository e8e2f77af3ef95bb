from django.core.management.base import BaseCommand

from sigap.privacy.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise the reports, cases, consultations, class registrations, outreach reports, former cadres "
        "and people whose retention period is over (see SIGAP_RETENTION_YEARS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say what is due, change nothing")

    def handle(self, *args, dry_run, **options):
        result = apply_retention(dry_run=dry_run)
        verb = "due" if dry_run else "anonymised"
        counts = {
            "reports": result.reports,
            "cases": result.cases,
            "consultations": result.consultations,
            "class registrations": result.registrations,
            "outreach reports": result.outreach,
            "former cadres": result.cadres,
            "people": result.people,
        }
        summary = "; ".join(f"{name} {verb}: {len(ids)}" for name, ids in counts.items())
        deleted = "due for deletion" if dry_run else "deleted"
        self.stdout.write(f"{summary}; outbox messages {deleted}: {result.outbox_messages}")
