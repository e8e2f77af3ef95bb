from django.core.management.base import BaseCommand, CommandError

from sigap.accounts.choices import UnitKind
from sigap.accounts.models import OrgUnit
from sigap.accounts.services import unit_ensure


class Command(BaseCommand):
    help = "Create or update an organisation unit, e.g. add_unit lppar-batang 'UPTD PPA Batang' handling --parent dinas-batang"

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("name")
        parser.add_argument("kind", choices=UnitKind.values)
        parser.add_argument("--parent", help="code of the unit above")
        parser.add_argument("--region", help="Kemendagri code of the city or province the unit serves")

    def handle(self, *args, code, name, kind, parent, region, **options):
        parent_unit = None
        if parent:
            parent_unit = OrgUnit.objects.filter(code=parent).first()
            if parent_unit is None:
                raise CommandError(f"No unit with code {parent!r}")
        unit = unit_ensure(code=code, name=name, kind=kind, parent=parent_unit, region_id=region)
        self.stdout.write(f"Unit {unit.code} ({unit.get_kind_display()}) ready.")
