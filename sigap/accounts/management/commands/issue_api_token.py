from django.core.management.base import BaseCommand, CommandError

from sigap.accounts.models import User
from sigap.accounts.services import api_token_issue


class Command(BaseCommand):
    help = "Issue a bearer token for the REST API and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="lifetime in days (default SIGAP_API_TOKEN_DAYS)")

    def handle(self, *args, username, days, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}")
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more")
        record, token = api_token_issue(actor=None, user=user, days=days)
        self.stderr.write(f"Token {record.prefix}… for {username}, valid until {record.expires_at:%Y-%m-%d %H:%M} UTC:")
        self.stdout.write(token)
