from django.core.management.base import BaseCommand

from sigap.accounts.services import demo_accounts_remove


class Command(BaseCommand):
    help = "Deactivate and rename every demo account, so production may start."

    def handle(self, *args, **options):
        self.stdout.write(f"{demo_accounts_remove()} demo accounts deactivated.")
