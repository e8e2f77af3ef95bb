"""A report keeps the risk it arrived with and when staff first answered it (issue 8):
the figures read both from the report instead of going through its routings."""

from datetime import timedelta

from django.utils import timezone

from sigap.cases.services import case_open
from sigap.counseling.choices import ConsultationKind
from sigap.counseling.services import consultation_open
from sigap.intake.choices import Channel, Risk
from sigap.intake.models import Report
from sigap.intake.services import report_close, report_hand_over, report_reporter_reply, report_route
from sigap.intake.tests.test_staff_triage import submit
from sigap.reporting.tests.helpers import at, frozen
from sigap.test import BaseTestCase

RECEIVED = at(3, 2, 9)


def submitted(**fields) -> Report:
    with frozen(RECEIVED):
        return submit(**fields)


def stored(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)


class AnsweredTests(BaseTestCase):
    def test_a_report_from_the_public_form_waits_unanswered_with_the_risk_it_arrived_with(self):
        report = stored(submitted(categories=["fisik"], in_danger=True))
        self.assertEqual((report.arrival_risk, report.answered_at), (Risk.HIGH, None))

    def test_a_report_staff_record_themselves_is_answered_as_it_is_recorded(self):
        report = stored(submitted(categories=["pengasuhan"], channel=Channel.WALK_IN, actor=self.konselor))
        self.assertEqual((report.arrival_risk, report.answered_at), (Risk.LOW, RECEIVED))

    def test_the_first_routing_by_staff_answers_the_report_and_a_later_one_does_not_move_it(self):
        report = submitted(categories=["psikis"])
        for hours in (1, 5):
            with frozen(RECEIVED + timedelta(hours=hours)):
                report_route(actor=self.petugas, report=report, queue="lppar", risk="medium", reason="dibaca")
        self.assertEqual(stored(report).answered_at, RECEIVED + timedelta(hours=1))

    def test_a_change_of_risk_leaves_the_risk_on_arrival_as_it_was(self):
        report = submitted(categories=["psikis"])
        with frozen(RECEIVED + timedelta(hours=1)):
            report_route(actor=self.petugas, report=report, queue="puspaga", risk="high", reason="ancaman")
        report = stored(report)
        self.assertEqual((report.risk, report.arrival_risk), (Risk.HIGH, Risk.MEDIUM))

    def test_opening_a_case_from_a_waiting_report_answers_it(self):
        report = submitted(categories=["fisik"])
        with frozen(RECEIVED + timedelta(hours=2)):
            case_open(actor=self.petugas, unit=self.lppar, report=report, assigned_to=self.manajer)
        self.assertEqual(stored(report).answered_at, RECEIVED + timedelta(hours=2))

    def test_opening_a_consultation_from_a_waiting_report_answers_it(self):
        report = submitted(categories=["pranikah"])
        with frozen(RECEIVED + timedelta(hours=3)):
            consultation_open(actor=self.konselor, unit=self.puspaga, kind=ConsultationKind.PREMARITAL,
                              counsellor=self.konselor, full_name="Calon Pengantin", report=report)  # fmt: skip
        self.assertEqual(stored(report).answered_at, RECEIVED + timedelta(hours=3))

    def test_closing_a_report_nobody_routed_answers_it(self):
        report = submitted(categories=["hukum"])
        with frozen(RECEIVED + timedelta(hours=4)):
            report_close(actor=self.petugas, report=report, reason="Informasi sudah diberikan")
        self.assertEqual(stored(report).answered_at, RECEIVED + timedelta(hours=4))

    def test_a_hand_over_or_a_closing_after_the_answer_keeps_the_first_answer_even_from_a_stale_copy(self):
        handed, closed = submitted(categories=["fisik"]), submitted(categories=["fisik"])
        stale_handed, stale_closed = Report.objects.get(pk=handed.pk), Report.objects.get(pk=closed.pk)
        with frozen(RECEIVED + timedelta(hours=1)):
            for report in (handed, closed):
                report_route(actor=self.petugas, report=report, queue="lppar", risk="medium", reason="dibaca")
        with frozen(RECEIVED + timedelta(days=1)):
            report_hand_over(actor=self.petugas, report=stale_handed, to=self.lppar)
            report_close(actor=self.petugas, report=stale_closed, reason="Duplikat")
        self.assertEqual(stored(handed).answered_at, RECEIVED + timedelta(hours=1))
        self.assertEqual(stored(closed).answered_at, RECEIVED + timedelta(hours=1))

    def test_answering_sets_the_time_once_whatever_the_clock_says_later(self):
        report = submitted(categories=["hukum"])
        report_close(actor=self.petugas, report=report, reason="Duplikat")
        first = stored(report).answered_at
        self.assertLessEqual(first, timezone.now())
        # The reporter writes again, the report is back in the queue and closed once more.
        report_reporter_reply(report=stored(report), body="Ada yang ingin saya tambahkan.")
        report_close(actor=self.petugas, report=stored(report), reason="Duplikat lagi")
        self.assertEqual(stored(report).answered_at, first)
