"""The triage queue holds only what still waits for intake (issue 8): a report leaves it
when a case or consultation is opened from it, or when intake closes it with a reason;
a reply from the reporter brings it back."""

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.accounts.services import api_token_issue
from sigap.audit.models import AuditEvent
from sigap.cases.services import case_open
from sigap.counseling.choices import ConsultationKind
from sigap.counseling.services import consultation_open
from sigap.intake import views
from sigap.intake.choices import MessageDirection, ReportStatus
from sigap.intake.models import Report
from sigap.intake.services import report_close, report_reporter_reply
from sigap.intake.tests.test_staff_triage import submit
from sigap.test import BaseTestCase


class QueueStateTests(BaseTestCase):
    def queue(self, **params):
        return [report.pk for report in self.client.get("/staf/laporan/", params).context["page"]]

    def test_a_report_leaves_the_waiting_queue_when_a_case_is_opened_from_it(self):
        report, other = submit(categories=["fisik"]), submit(categories=["fisik"])
        case = case_open(actor=self.petugas, unit=self.lppar, report=report, assigned_to=self.manajer)
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.HANDED_OVER)
        self.assertTrue(
            AuditEvent.objects.filter(
                target_id=str(report.pk), changes__to=f"cases.case:{case.pk}", changes__status="handed"
            ).exists()
        )
        self.login(self.petugas)
        self.assertEqual(self.queue(), [other.pk])
        self.assertEqual(self.queue(state="handed"), [report.pk])
        self.assertEqual(self.queue(state="closed"), [])

    def test_a_report_leaves_the_waiting_queue_when_a_consultation_is_opened_from_it(self):
        report = submit(categories=["pranikah"])
        consultation_open(actor=self.konselor, unit=self.puspaga, kind=ConsultationKind.PREMARITAL, counsellor=self.konselor,
                          full_name="Calon Pengantin", report=report)  # fmt: skip
        self.login(self.konselor)
        self.assertEqual(self.queue(), [])
        self.assertEqual(self.queue(state="handed"), [report.pk])

    def test_the_receipt_holder_sees_being_handled_not_that_a_case_worker_took_it_over(self):
        # Whoever holds the code may be the person the report is about.
        report = submit(categories=["fisik"])
        case_open(actor=self.petugas, unit=self.lppar, report=report, assigned_to=self.manajer)
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.HANDED_OVER)
        self.assertEqual(report.public_status, ReportStatus.TRIAGED)
        self.assertEqual(report.public_status_display(), ReportStatus.TRIAGED.label)

    def test_a_handed_over_report_cannot_be_closed_by_intake(self):
        report = submit(categories=["fisik"])
        case_open(actor=self.petugas, unit=self.lppar, report=report, assigned_to=self.manajer)
        self.login(self.petugas)
        response = self.client.post(f"/staf/laporan/{report.pk}/tutup/", {"close-reason": "Sudah selesai"})
        self.assertContains(response, "Sudah selesai", status_code=400)
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.HANDED_OVER)
        self.assertFalse(report.messages.exists())

    def test_closing_needs_a_reason_and_keeps_what_was_typed_when_it_is_missing(self):
        report = submit(categories=["fisik"])
        self.login(self.petugas)
        response = self.client.post(f"/staf/laporan/{report.pk}/tutup/", {"close-reason": "   "})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'name="close-reason"', status_code=400)
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.NEW)

    def test_closing_with_a_reason_leaves_an_internal_note_and_an_access_log_entry(self):
        report = submit(categories=["fisik"])
        self.login(self.petugas)
        response = self.client.post(
            f"/staf/laporan/{report.pk}/tutup/", {"close-reason": "Informasi sudah diberikan lewat telepon"}
        )
        self.assertRedirects(response, "/staf/laporan/")
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.CLOSED)
        note = report.messages.get()
        self.assertEqual(note.direction, MessageDirection.INTERNAL)
        self.assertIn("Informasi sudah diberikan lewat telepon", note.body)
        entry = AuditEvent.objects.get(target_id=str(report.pk), changes__status="closed")
        # The reason may name people: the append-only log points to the encrypted note instead.
        self.assertEqual((entry.reason, entry.changes["note"]), ("", note.pk))
        self.assertFalse(AuditEvent.objects.filter(reason__contains="Informasi").exists())
        self.assertEqual(self.queue(), [])
        self.assertEqual(self.queue(state="closed"), [report.pk])

    def test_a_reply_from_the_reporter_brings_a_closed_or_handed_over_report_back_to_the_queue(self):
        closed, handed = submit(categories=["fisik"]), submit(categories=["fisik"])
        report_close(actor=self.petugas, report=closed, reason="Duplikat")
        case_open(actor=self.petugas, unit=self.lppar, report=handed, assigned_to=self.manajer)
        for report in (closed, handed):
            report_reporter_reply(report=Report.objects.get(pk=report.pk), body="Masih terjadi lagi.")
        self.login(self.petugas)
        self.assertCountEqual(self.queue(), [closed.pk, handed.pk])
        moves = AuditEvent.objects.filter(changes__by="reporter_reply").values_list("target_id", "changes")
        self.assertCountEqual(
            moves,
            [
                (str(closed.pk), {"status": ["closed", "triaged"], "by": "reporter_reply"}),
                (str(handed.pk), {"status": ["handed", "triaged"], "by": "reporter_reply"}),
            ],
        )

    def test_the_history_tabs_page_without_counting_every_report(self):
        reports = [submit(categories=["fisik"]) for _ in range(3)]
        for report in reports:
            report_close(actor=self.petugas, report=report, reason="Duplikat")
        self.login(self.petugas)
        with mock.patch.object(views, "PAGE_SIZE", 2):
            first = self.client.get("/staf/laporan/", {"state": "closed"})
            second = self.client.get("/staf/laporan/", {"state": "closed", "page": 2})
        self.assertEqual([r.pk for r in first.context["page"]], [reports[2].pk, reports[1].pk])
        self.assertEqual([r.pk for r in second.context["page"]], [reports[0].pk])
        self.assertTrue(first.context["page"].has_next())
        self.assertFalse(second.context["page"].has_next())
        self.assertContains(first, "?state=closed&amp;page=2")
        with CaptureQueriesContext(connection) as counted:
            self.client.get("/staf/laporan/", {"state": "closed"})
        report_counts = [
            q["sql"] for q in counted.captured_queries if "COUNT(" in q["sql"] and "intake_report" in q["sql"]
        ]
        self.assertEqual(report_counts, [])

    def test_the_api_lists_each_state_and_refuses_an_unknown_one(self):
        waiting, closed = submit(categories=["fisik"]), submit(categories=["fisik"])
        report_close(actor=self.petugas, report=closed, reason="Duplikat")
        headers = {"Authorization": f"Bearer {api_token_issue(actor=None, user=self.petugas)[1]}"}

        def ids(state: str) -> list[int]:
            response = self.client.get("/api/v1/reports", {"state": state}, headers=headers)
            return [report["id"] for report in response.json()["results"]]

        self.assertEqual(ids("waiting"), [waiting.pk])
        self.assertEqual(ids("closed"), [closed.pk])
        self.assertEqual(self.client.get("/api/v1/reports?state=all", headers=headers).status_code, 400)


class QueueRowTests(BaseTestCase):
    def test_each_row_links_to_its_report_and_prints_its_clocks(self):
        from datetime import timedelta

        from django.utils import timezone

        report = submit(categories=["seksual"])
        Report.objects.filter(pk=report.pk).update(
            response_due_at=timezone.now() - timedelta(hours=1), tpks_police_due_at=timezone.now() - timedelta(hours=1)
        )
        self.login(self.petugas)
        response = self.client.get("/staf/laporan/")
        (row,) = response.context["rows"]
        self.assertEqual((row.url, row.pk), (report.get_absolute_url(), report.pk))
        self.assertTrue(row.overdue and row.tpks_overdue and not row.tpks_done)
        self.assertContains(response, f'<a href="{report.get_absolute_url()}">#{report.pk}</a>')
        self.assertContains(response, "badge-overdue", count=2)
