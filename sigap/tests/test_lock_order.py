"""Row locks before the access log (CONTRIBUTING.md, house rule 4).

On PostgreSQL `audit.services.record()` takes one advisory lock, shared by every
transaction, and holds it until commit. A service that wrote to the log and then
locked a row could wait for a transaction that holds that row and waits for the log:
a deadlock, and one of the two fails. These tests read the statements each service
runs and check that its row locks come before its first log entry."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.cases.services import case_open
from sigap.counseling.choices import Mode
from sigap.counseling.selectors import free_slots
from sigap.counseling.services import (
    appointment_book,
    consultation_book_public,
    consultation_close,
    consultation_open,
)
from sigap.counseling.tests.helpers import CounsellingTestCase, at
from sigap.intake.services import report_reporter_reply, report_submit

LOG_LOCK = "audit_chain_lock_and_tip"  # takes pg_advisory_xact_lock (audit migration 0004)


def statements(work) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        work()
    return [query["sql"] for query in queries]


@pytest.mark.postgres_only
class LockOrderTests(CounsellingTestCase):
    def report(self, categories: list[str]):
        report, _code = report_submit(
            reporter_relation="self", categories=categories, account="Tolong", contact_method="none", consent=True
        )
        return report

    def assert_locked_before_the_log(self, sql: list[str], table: str, where: str = "") -> None:
        """A statement locking `table` (and matching the pattern `where`, to pick the lock
        that covers every row concerned) runs before the log's lock."""
        lock = next(
            (
                n
                for n, s in enumerate(sql)
                if f'FROM "{table}"' in s and re.search(where, s) and "FOR " in s and "UPDATE" in s.split("FOR ")[-1]
            ),
            None,
        )
        log = next(n for n, s in enumerate(sql) if LOG_LOCK in s)
        self.assertIsNotNone(lock, f"{table} is never locked")
        self.assertLess(lock, log, "\n".join(sql[: log + 1]))

    def test_a_case_opened_from_a_report_locks_the_report_first(self):
        report = self.report(["fisik"])
        sql = statements(lambda: case_open(actor=self.kepala, unit=self.lppar, report=report, assigned_to=self.manajer))
        self.assert_locked_before_the_log(sql, "intake_report")

    def test_a_consultation_opened_from_a_report_locks_the_report_first(self):
        report = self.report(["konflik_keluarga"])
        sql = statements(
            lambda: consultation_open(
                actor=self.konselor,
                unit=self.puspaga,
                kind="keluarga",
                counsellor=self.konselor,
                report=report,
                full_name="Dewi",
            )
        )
        self.assert_locked_before_the_log(sql, "intake_report")

    def test_a_reporters_reply_locks_the_report_first(self):
        report = self.report(["konflik_keluarga"])
        sql = statements(lambda: report_reporter_reply(report=report, body="Masih ada yang ingin saya sampaikan"))
        self.assert_locked_before_the_log(sql, "intake_report")

    def test_closing_a_consultation_locks_its_booked_appointments_first(self):
        consultation = self.make_consultation()
        for hour in (9, 11):
            appointment_book(actor=self.konselor, consultation=consultation, start=at(3, hour), mode=Mode.IN_PERSON)
        sql = statements(lambda: consultation_close(actor=self.konselor, consultation=consultation, reason="resolved"))
        # All of them in one statement: cancelling the first writes to the log, and the
        # second must not be locked only after that.
        self.assert_locked_before_the_log(
            sql, "counseling_appointment", where=r'"counseling_appointment"\."consultation_id" = \d'
        )

    def test_a_public_booking_locks_the_counsellors_schedule_first(self):
        # A staff booking takes the schedule first and the log second: a public one
        # that wrote the person to the log first could wait for it while it waits.
        slot = free_slots(unit=self.puspaga, kind="pranikah", mode=Mode.IN_PERSON)[0]
        sql = statements(
            lambda: consultation_book_public(
                kind="pranikah",
                mode=Mode.IN_PERSON,
                profile_id=slot.profile_id,
                start=slot.start,
                name="Orang",
                contact_method="none",
                consent=True,
            )
        )
        self.assert_locked_before_the_log(sql, "accounts_user")

    def test_a_staff_booking_locks_the_counsellors_schedule_first(self):
        consultation = self.make_consultation()
        sql = statements(
            lambda: appointment_book(
                actor=self.konselor, consultation=consultation, start=at(4, 10), mode=Mode.IN_PERSON
            )
        )
        self.assert_locked_before_the_log(sql, "accounts_user")
