"""The access log's anchor: its latest entry's id and hash, kept outside the database,
shows what the chain alone cannot: that its last entries were removed, or that the
whole log was rewritten with fresh hashes."""

import io

from aiosmtpd.controller import Controller
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from sigap.audit.models import AuditEvent
from sigap.audit.selectors import audit_anchor, audit_chain_first_break, parse_anchor
from sigap.audit.services import entry_digest, record
from sigap.notifications.tests.test_outbox import Mailbox, free_port, smtp_mailers
from sigap.test import BaseTestCase


def verify(*anchors: str) -> str:
    out = io.StringIO()
    call_command("audit_verify", *[f"--anchor={a}" for a in anchors], stdout=out)
    return out.getvalue()


class AuditAnchorTests(BaseTestCase):
    def setUp(self):
        self.events = [record(actor=self.petugas, action="view", target=self.petugas, ip="10.0.0.1") for _ in range(5)]

    def anchor_line(self) -> str:
        out = io.StringIO()
        call_command("audit_anchor", stdout=out)
        return out.getvalue().strip()

    def test_the_anchor_is_the_latest_entrys_id_and_hash(self):
        latest = AuditEvent.objects.order_by("-id").first()
        line = self.anchor_line()
        self.assertTrue(line.startswith(f"sigap-audit-anchor {latest.pk}:{latest.entry_hash} "))
        self.assertEqual(parse_anchor(line.split()[1]), (latest.pk, latest.entry_hash))

    def test_the_log_matches_its_anchor_and_keeps_matching_as_it_grows(self):
        anchor = str(audit_anchor())
        record(actor=self.kepala, action="view", target=self.kepala)
        self.assertIn("1 anchor(s) matched", verify(anchor))

    def test_removing_the_last_entries_is_caught_by_the_anchor_though_the_chain_still_verifies(self):
        anchor = str(audit_anchor())
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [self.events[3].pk])
        self.assertIsNone(audit_chain_first_break())  # the chain alone sees nothing
        with self.assertRaisesMessage(CommandError, "gone: entries were removed"):
            verify(anchor)

    def test_a_log_rewritten_with_fresh_hashes_is_caught_by_the_anchor(self):
        anchor = str(audit_anchor())
        # Change an entry and recompute every hash after it: the chain verifies again.
        previous = self.events[1].entry_hash
        for event in AuditEvent.objects.filter(pk__gte=self.events[2].pk).order_by("id"):
            event.previous_hash = previous
            if event.pk == self.events[2].pk:
                event.ip = "10.9.9.9"
            event.entry_hash = previous = entry_digest(event)
            AuditEvent.objects.filter(pk=event.pk).update(
                ip=event.ip, previous_hash=event.previous_hash, entry_hash=event.entry_hash
            )
        self.assertIsNone(audit_chain_first_break())
        with self.assertRaisesMessage(CommandError, "the log was rewritten"):
            verify(anchor)

    def test_an_emptied_log_fails_against_its_anchor(self):
        anchor = str(audit_anchor())
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
        with self.assertRaisesMessage(CommandError, "gone"):
            verify(anchor)
        with self.assertRaisesMessage(CommandError, "nothing to anchor"):
            self.anchor_line()

    def test_something_that_is_not_an_anchor_is_refused_with_the_expected_form(self):
        for typed in ("12", "abc:def", f"12:{'g' * 64}", f"-1:{'a' * 64}"):
            with self.subTest(typed=typed), self.assertRaisesMessage(CommandError, "<id>:<64 hex digits>"):
                verify(typed)

    def test_the_anchor_is_mailed_to_the_people_who_keep_it(self):
        port = free_port()
        mailbox = Mailbox()
        controller = Controller(mailbox, hostname="127.0.0.1", port=port)
        controller.start()
        self.addCleanup(controller.stop)
        anchor = audit_anchor()
        with override_settings(MAILERS=smtp_mailers(port), SIGAP_AUDIT_ANCHOR_EMAILS=["dpo@example.org"]):
            call_command("audit_anchor", "--mail", stdout=io.StringIO())
        (message,) = mailbox.received
        self.assertEqual(message["To"], "dpo@example.org")
        self.assertIn(f"audit_verify --anchor {anchor}", message.get_payload(decode=True).decode())

    def test_mailing_with_no_recipients_says_so(self):
        with (
            override_settings(SIGAP_AUDIT_ANCHOR_EMAILS=[]),
            self.assertRaisesMessage(CommandError, "SIGAP_AUDIT_ANCHOR_EMAILS is empty"),
        ):
            call_command("audit_anchor", "--mail", stdout=io.StringIO())
