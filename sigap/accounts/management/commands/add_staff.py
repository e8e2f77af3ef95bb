import secrets

from django.core.management.base import BaseCommand, CommandError

from sigap.accounts.choices import Role
from sigap.accounts.models import OrgUnit
from sigap.accounts.services import membership_grant, user_activate, user_ensure


class Command(BaseCommand):
    help = (
        "Create a staff account (or add a role to an existing one, opening it again if it was closed) "
        "and print a one-time password; the person sets up their second factor at first login."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="display name")
        parser.add_argument("--email", default="")
        parser.add_argument("--unit", required=True, help="unit code")
        parser.add_argument("--role", required=True, choices=Role.values)

    def handle(self, *args, username, name, email, unit, role, **options):
        unit_record = OrgUnit.objects.filter(code=unit).first()
        if unit_record is None:
            raise CommandError(f"No unit with code {unit!r}")
        password = secrets.token_urlsafe(12)
        user, created = user_ensure(username=username, display_name=name, password=password, email=email)
        membership_grant(actor=None, user=user, unit=unit_record, role=role)
        if user_activate(actor=None, user=user, reason="add_staff"):
            self.stdout.write(f"Account {username} was closed and is open again.")
        if created:
            self.stdout.write(f"Account {username} created. One-time password (give it in person): {password}")
        else:
            self.stdout.write(f"Account {username} exists; role {role} in {unit} granted. Password unchanged.")
