import io
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import TransactionTestCase

from sigap.audit.models import AuditEvent
from sigap.audit.selectors import audit_chain_first_break
from sigap.audit.services import GENESIS_HASH, record
from sigap.test import BaseTestCase


class AuditChainTests(BaseTestCase):
    def setUp(self):
        self.events = [record(actor=self.petugas, action="view", target=self.petugas, ip="10.0.0.1") for _ in range(5)]

    def test_each_entry_is_chained_to_the_one_before(self):
        first = AuditEvent.objects.order_by("id").first()
        self.assertEqual(first.previous_hash, GENESIS_HASH)
        for before, after in zip(self.events, self.events[1:], strict=False):
            self.assertEqual(after.previous_hash, before.entry_hash)
        out = io.StringIO()
        call_command("audit_verify", stdout=out)
        self.assertIn("intact", out.getvalue())

    def test_an_edited_entry_is_named_as_the_first_broken_link(self):
        tampered = self.events[2]
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET ip = %s WHERE id = %s", ["10.9.9.9", tampered.pk])
        self.assertEqual(audit_chain_first_break().event_id, tampered.pk)
        with self.assertRaisesMessage(CommandError, f"broken at entry {tampered.pk}"):
            call_command("audit_verify", stdout=io.StringIO())

    def test_a_deleted_entry_breaks_the_link_of_the_next_one(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [self.events[1].pk])
        broken = audit_chain_first_break()
        self.assertEqual(broken.event_id, self.events[2].pk)
        self.assertIn("removed", broken.problem)

    def test_the_model_refuses_to_change_or_delete_an_entry(self):
        event = self.events[0]
        event.reason = "rewritten"
        with self.assertRaises(ValueError):
            event.save()
        with self.assertRaises(ValueError):
            event.delete()

    def test_entries_hold_references_and_field_names_never_the_data(self):
        person = self.make_person(unit=self.lppar, full_name="Dewi Lestari", nik="3375014502100002")
        event = AuditEvent.objects.get(action="create", target_type="people.person", target_id=str(person.pk))
        self.assertNotIn("Dewi", str(event.changes))
        self.assertNotIn("3375014502100002", str(event.changes))


@pytest.mark.postgres_only
class ConcurrentAppendTests(TransactionTestCase):
    """Web processes appending at the same moment never extend the same link."""

    def test_appends_that_wait_for_the_lock_chain_to_the_entry_committed_before_them(self):
        def append(n):
            try:
                with transaction.atomic():
                    record(actor=None, action="view", target_type="test.concurrent", target_id=str(n))
                    # Commit late, so the others are already waiting on the lock: each must
                    # still read the entry committed while it waited.
                    time.sleep(0.02)
            finally:
                connection.close()  # each thread used its own connection

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(append, range(24)))
        previous = list(AuditEvent.objects.values_list("previous_hash", flat=True))
        self.assertEqual(len(previous), 24)
        self.assertEqual(len(set(previous)), 24, "two entries extend the same link")
        self.assertIsNone(audit_chain_first_break())

    def test_an_append_in_a_transaction_with_one_snapshot_throughout_is_refused(self):
        # Under REPEATABLE READ the last link would be read from the transaction's first
        # snapshot, and two appends could extend the same link.
        with self.assertRaisesMessage(DatabaseError, "READ COMMITTED"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            record(actor=None, action="view", target_type="test.isolation", target_id="1")
        self.assertFalse(AuditEvent.objects.exists())
