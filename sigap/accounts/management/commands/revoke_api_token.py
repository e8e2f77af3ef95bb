from django.core.management.base import BaseCommand, CommandError

from sigap.accounts.models import ApiToken
from sigap.accounts.services import api_token_revoke


class Command(BaseCommand):
    help = "Revoke an API token by its prefix (the 8 characters after 'sgp_')."

    def add_arguments(self, parser):
        parser.add_argument("prefix")

    def handle(self, *args, prefix, **options):
        token = ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).first()
        if token is None:
            raise CommandError(f"No active token with prefix {prefix!r}")
        api_token_revoke(actor=None, token=token)
        self.stdout.write(f"Token {prefix}… revoked.")
