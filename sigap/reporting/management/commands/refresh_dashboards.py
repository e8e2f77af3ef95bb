from django.core.management.base import BaseCommand

from sigap.reporting.dashboard import dashboard_warm


class Command(BaseCommand):
    help = (
        "Count the figures of each recent reader's default dashboard (this year, all their units) where "
        "they are missing or no longer fresh, so that no visit waits for them. Run it from cron every "
        "15 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--readers-since-days",
            type=int,
            default=30,
            help="only readers who logged in within this many days (default 30)",
        )

    def handle(self, *args, readers_since_days, **options):
        counted, fresh = dashboard_warm(readers_since_days=readers_since_days)
        self.stdout.write(f"Dashboards counted: {counted}; already fresh: {fresh}.")
