from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sigap.accounts.models import OrgUnit
from sigap.reporting.forms import last_month, parse_month
from sigap.reporting.services import monthly_report_store
from sigap.reporting.tasks import monthly_report_task


class Command(BaseCommand):
    help = (
        "Make the monthly report of a unit (and the units below it) for a month, store it encrypted "
        "and tell the unit's heads. Run it from cron on the first day of each month."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", default=None, help="YYYY-MM (default: last month)")
        parser.add_argument("--unit", required=True, help="the unit's code, e.g. dpmppa-pekalongan")
        parser.add_argument("--enqueue", action="store_true", help="leave it to the background worker")

    def handle(self, *args, month, unit, enqueue, **options):
        try:
            year, month_number = parse_month(month or last_month())
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        found = OrgUnit.objects.filter(code=unit).first()
        if found is None:
            raise CommandError(f"No unit with the code {unit!r}.")
        if enqueue:
            result = monthly_report_task.enqueue(found.code, year, month_number)
            self.stdout.write(f"Queued: {result.id}")
            return
        name = monthly_report_store(unit=found, year=year, month=month_number)
        self.stdout.write(f"Stored: {name}")
