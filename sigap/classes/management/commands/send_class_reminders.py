from django.core.management.base import BaseCommand

from sigap.classes.services import session_reminders_queue


class Command(BaseCommand):
    help = "Remind participants of class sessions starting within a day (run hourly, e.g. from cron)."

    def handle(self, *args, **options):
        count = session_reminders_queue()
        if options["verbosity"]:
            self.stdout.write(f"{count} reminders queued.")
