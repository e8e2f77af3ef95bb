import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from sigap.accounts.models import OrgUnit
from sigap.counseling import ikm
from sigap.counseling.selectors import ikm_for


def day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"dates look like 2026-01-31, not {value!r}") from None


class Command(BaseCommand):
    help = "Print the IKM of a unit: respondents, NRR per element, IKM and grade (PermenPANRB 14/2017)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="unit code, e.g. puspaga-pekalongan")
        parser.add_argument("--from", dest="date_from", type=day, help="first day (its whole month counts)")
        parser.add_argument("--to", dest="date_to", type=day, help="last day (its whole month counts)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit with the code {options['unit']!r}")
        result = ikm_for(units=[unit], date_from=options["date_from"], date_to=options["date_to"])
        nrr = result.nrr_rounded(3)
        if options["format"] == "json":
            data = {
                "unit": unit.code,
                "from": options["date_from"].isoformat() if options["date_from"] else None,
                "to": options["date_to"].isoformat() if options["date_to"] else None,
                "respondents": result.respondents,
                "nrr": {code: str(value) for code, value in nrr.items()},
                "ikm": str(result.ikm_rounded) if result.ikm_rounded is not None else None,
                "grade": result.grade or None,
                "performance": result.performance or None,
            }
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(f"Unit: {unit.code}")
        self.stdout.write(f"Respondents: {result.respondents}")
        if not result.respondents:
            return
        for element in ikm.ELEMENTS:
            self.stdout.write(f"  {element.code} {element.name:<50} NRR {nrr[element.code]}")
        self.stdout.write(f"IKM: {result.ikm_rounded}")
        self.stdout.write(f"Grade: {result.grade} ({result.performance})")
