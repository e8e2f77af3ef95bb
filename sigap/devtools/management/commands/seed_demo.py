from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sigap.accounts.two_factor import base32_secret
from sigap.devtools.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, build_organisation, build_staff
from sigap.devtools.people import build_demo_people


class Command(BaseCommand):
    help = "Load demo data for Kota Pekalongan (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        if not (settings.DEBUG and settings.SIGAP_DEMO):
            raise CommandError("seed_demo runs only with DEBUG=1 and SIGAP_DEMO=1 (never in production)")
        units = build_organisation()
        users = build_staff(units)
        created = build_demo_people(units, users)
        # Each domain app adds its demo data here, through its own services.
        from sigap.devtools.cases_demo import build as build_demo_cases

        build_demo_cases(units, users)
        from sigap.devtools.counseling_demo import build as build_counseling_demo

        build_counseling_demo(units, users)
        from sigap.devtools.classes_demo import build as build_classes_demo

        build_classes_demo(units, users)
        from sigap.devtools.cadres_demo import build as build_cadres_demo

        build_cadres_demo(units, users)
        self.stdout.write(f"Demo data ready ({created} new people).")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            device = users[account.username].totpdevice_set.filter(confirmed=True).first()
            secret = base32_secret(device) if device else "-"
            self.stdout.write(f"  {account.username:<12} {account.role:<12} TOTP secret {secret}")
        self.stdout.write("Second factor: add the secret to an authenticator app, or print the current code with")
        self.stdout.write("  DEBUG=1 SIGAP_DEMO=1 .venv/bin/python manage.py demo_totp USERNAME")
