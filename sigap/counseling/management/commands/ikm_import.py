from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sigap.accounts.models import OrgUnit
from sigap.counseling.ikm_files import IkmFileError, read_rows
from sigap.counseling.services import survey_import


def month(value: str) -> date:
    try:
        year, number = value.split("-")
        return date(int(year), int(number), 1)
    except ValueError:
        raise CommandError(f"--period must look like 2026-01, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Import IKM survey answers from paper or a spreadsheet: a CSV or XLSX file with the columns U1..U9 "
        "and one row per respondent. A file with any bad row imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="code of the unit that was surveyed, e.g. puspaga-pekalongan")
        parser.add_argument("--period", type=month, help="the month surveyed, YYYY-MM (default: this month)")

    def handle(self, *args, **options):
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit with the code {options['unit']!r}")
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        try:
            rows = read_rows(path)
        except IkmFileError as error:
            raise CommandError("Nothing was imported:\n" + "\n".join(error.problems)) from None
        period = options["period"] or timezone.localdate().replace(day=1)
        count = survey_import(actor=None, unit=unit, period=period, rows=rows)
        self.stdout.write(f"Imported {count} responses for {unit.code}, {period:%Y-%m}.")
