from django.core.management.base import BaseCommand, CommandError

from sigap.audit.models import AuditEvent
from sigap.audit.selectors import audit_anchor_problem, audit_chain_first_break, parse_anchor


class Command(BaseCommand):
    help = (
        "Verify the access log's hash chain; report the first broken link. With --anchor <id>:<hash> "
        "(as audit_anchor printed it; may be given more than once), also check that the anchored entry "
        "is still there, unchanged: the chain alone cannot show that its last entries were removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchor", action="append", default=[], help="<id>:<hash> kept from audit_anchor")

    def handle(self, *args, anchor, **options):
        try:
            anchors = [parse_anchor(text) for text in anchor]
        except ValueError as error:
            raise CommandError(str(error)) from error
        for event_id, entry_hash in anchors:
            problem = audit_anchor_problem(event_id, entry_hash)
            if problem:
                raise CommandError(f"Access log does not match its anchor: {problem}")
        broken = audit_chain_first_break()
        if broken:
            raise CommandError(f"Access log broken at entry {broken.event_id}: {broken.problem}")
        checked = f", {len(anchors)} anchor(s) matched" if anchors else ""
        self.stdout.write(f"Access log intact: {AuditEvent.objects.count()} entries verified{checked}.")
