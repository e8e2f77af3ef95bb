from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sigap.audit.selectors import audit_anchor
from sigap.audit.services import audit_anchor_mail


class Command(BaseCommand):
    help = (
        "Print the access log's anchor (its latest entry's id and hash) to keep outside the database; "
        "with --mail, send it to SIGAP_AUDIT_ANCHOR_EMAILS. Check it later with audit_verify --anchor."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mail", action="store_true", help="send it to SIGAP_AUDIT_ANCHOR_EMAILS")

    def handle(self, *args, mail, **options):
        anchor = audit_anchor()
        if anchor is None:
            raise CommandError("The access log is empty: there is nothing to anchor yet.")
        self.stdout.write(f"sigap-audit-anchor {anchor} {anchor.at.isoformat()}")
        if mail:
            recipients = settings.SIGAP_AUDIT_ANCHOR_EMAILS
            if not recipients:
                raise CommandError("SIGAP_AUDIT_ANCHOR_EMAILS is empty: there is nobody to send the anchor to.")
            audit_anchor_mail(anchor=anchor, recipients=recipients)
            self.stdout.write(f"Sent to {', '.join(recipients)}.")
