from django.core.management.base import BaseCommand

from sigap.lib.services import field_keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key of SIGAP_FIELD_KEYS. "
        "Put the new key first, keep the old ones after it, run this, then drop the old keys."
    )

    def handle(self, *args, **options):
        for label, count in field_keys_rotate().items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
