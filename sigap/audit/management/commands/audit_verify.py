from django.core.management.base import BaseCommand, CommandError

from sigap.audit.models import AuditEvent
from sigap.audit.selectors import audit_chain_first_break


class Command(BaseCommand):
    help = "Verify the access log's hash chain; report the first broken link."

    def handle(self, *args, **options):
        broken = audit_chain_first_break()
        if broken:
            raise CommandError(f"Access log broken at entry {broken.event_id}: {broken.problem}")
        self.stdout.write(f"Access log intact: {AuditEvent.objects.count()} entries verified.")
