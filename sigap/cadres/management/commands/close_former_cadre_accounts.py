from django.core.management.base import BaseCommand

from sigap.cadres.services import cadre_former_accounts_close


class Command(BaseCommand):
    help = (
        "Once, after upgrading: take the cadre role from the login accounts of cadres who left before "
        "ending a cadre did so, and close those left with no role."
    )

    def handle(self, *args, **options):
        revoked = cadre_former_accounts_close()
        self.stdout.write(f"Former cadres' accounts that lost the cadre role: {revoked}.")
