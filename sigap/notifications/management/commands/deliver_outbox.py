from django.core.management.base import BaseCommand

from sigap.notifications.services import outbox_deliver_due


class Command(BaseCommand):
    help = "Send every outbox message that is due (new, or waiting for a retry). Safe to run from cron."

    def handle(self, *args, **options):
        self.stdout.write(f"{outbox_deliver_due()} messages attempted.")
