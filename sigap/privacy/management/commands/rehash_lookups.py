from django.core.management.base import BaseCommand

from sigap.privacy.services import lookup_key_rehash


class Command(BaseCommand):
    help = (
        "Hash the NIK and phone lookups and the case search index again with SIGAP_LOOKUP_KEY. "
        "Run it right after changing that key, with the old key in SIGAP_OLD_LOOKUP_KEYS "
        "(docs/operations.md). Safe to interrupt and run again."
    )

    def handle(self, *args, **options):
        for label, count in lookup_key_rehash().items():
            self.stdout.write(f"{label}: {count}")
