from datetime import timedelta
from unittest import mock

from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.intake.choices import MessageDirection, Queue, ReportStatus, Risk
from sigap.intake.models import Report
from sigap.intake.services import report_submit
from sigap.test import BaseTestCase


def submit(**overrides):
    data = {
        "reporter_relation": "self",
        "categories": ["psikis"],
        "account": "Suami sering mengancam.",
        "contact_method": "none",
        "consent": True,
    }
    return report_submit(**{**data, **overrides})[0]


class StaffTriageTests(BaseTestCase):
    def test_the_queue_is_sorted_by_due_time_and_shows_overdue_plainly(self):
        low = submit(categories=["hukum"])
        medium = submit(categories=["fisik"])
        high = submit(categories=["fisik"], in_danger=True)
        Report.objects.filter(pk=medium.pk).update(response_due_at=timezone.now() - timedelta(hours=1))
        self.login(self.kepala)
        response = self.client.get("/staf/laporan/")
        self.assertEqual([r.pk for r in response.context["page"]], [medium.pk, high.pk, low.pk])
        self.assertContains(response, "badge-overdue")

    def test_the_queue_says_how_many_wait_and_past_the_cap_only_that_there_are_more(self):
        for _ in range(3):
            submit(categories=["fisik"])
        submit(categories=["pranikah"])  # Puspaga's, not counted in the LP-PAR queue
        self.login(self.kepala)
        response = self.client.get("/staf/laporan/?queue=lppar", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "3 reports are waiting.")
        self.assertContains(self.client.get("/staf/laporan/", HTTP_ACCEPT_LANGUAGE="id"), "4 laporan menunggu.")
        with (
            mock.patch("sigap.intake.selectors.WAITING_COUNT_CAP", 2),
            mock.patch("sigap.intake.views.WAITING_COUNT_CAP", 2),
        ):
            response = self.client.get("/staf/laporan/?queue=lppar", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "More than 2 reports are waiting.")
        self.assertNotContains(self.client.get("/staf/laporan/?state=closed"), "menunggu.")

    def test_a_page_past_the_end_of_the_queue_shows_the_first_page(self):
        report = submit(categories=["fisik"])
        self.login(self.kepala)
        response = self.client.get("/staf/laporan/?page=7")
        self.assertEqual([r.pk for r in response.context["page"]], [report.pk])
        self.assertEqual(response.context["page"].number, 1)

    def test_each_queue_is_seen_by_its_own_unit(self):
        lppar, puspaga = submit(categories=["fisik"]), submit(categories=["pranikah"])
        self.login(self.petugas)
        self.assertEqual([r.pk for r in self.client.get("/staf/laporan/").context["page"]], [lppar.pk])
        self.assertEqual(self.client.get(f"/staf/laporan/{puspaga.pk}/").status_code, 404)
        self.login(self.konselor)
        self.assertEqual([r.pk for r in self.client.get("/staf/laporan/").context["page"]], [puspaga.pk])
        self.login(self.outsider)
        self.assertEqual(list(self.client.get("/staf/laporan/").context["page"]), [])

    def test_re_routing_needs_a_reason_and_keeps_every_decision(self):
        report = submit(categories=["fisik"])
        self.login(self.petugas)
        response = self.client.post(
            f"/staf/laporan/{report.pk}/rute/", {"queue": "puspaga", "risk": "low", "reason": ""}
        )
        self.assertEqual(response.status_code, 400)
        self.client.post(
            f"/staf/laporan/{report.pk}/rute/",
            {"queue": "puspaga", "risk": "low", "reason": "Konflik rumah tangga tanpa kekerasan"},
        )
        report.refresh_from_db()
        self.assertEqual(
            (report.queue, report.unit, report.status), (Queue.PUSPAGA, self.puspaga, ReportStatus.TRIAGED)
        )
        self.assertEqual(
            [(r.from_queue, r.to_queue) for r in report.routings.all()], [("", "lppar"), ("lppar", "puspaga")]
        )
        self.assertTrue(
            AuditEvent.objects.filter(action="change", target_id=str(report.pk), reason__startswith="Konflik").exists()
        )

    def test_a_puspaga_matter_in_which_violence_comes_to_light_is_escalated_and_the_clock_starts_at_hand_over(self):
        report = submit(categories=["pengasuhan"])
        Report.objects.filter(pk=report.pk).update(received_at=timezone.now() - timedelta(days=2))
        self.login(self.konselor)
        before = timezone.now()
        self.client.post(
            f"/staf/laporan/{report.pk}/rute/", {"queue": "lppar", "risk": "medium", "reason": "Anak mengaku dipukul"}
        )
        report.refresh_from_db()
        self.assertEqual((report.queue, report.unit, report.risk), (Queue.LPPAR, self.lppar, Risk.MEDIUM))
        self.assertGreaterEqual(report.response_due_at, before + timedelta(hours=6) - timedelta(seconds=5))
        self.assertEqual(self.client.get(f"/staf/laporan/{report.pk}/").status_code, 404)  # now LP-PAR's

    def test_the_tpks_police_report_is_tracked_to_done(self):
        report = submit(categories=["seksual"])
        self.assertEqual(report.tpks_police_due_at, report.received_at + timedelta(hours=72))
        self.login(self.petugas)
        self.assertContains(self.client.get("/staf/laporan/"), "TPKS")
        self.client.post(f"/staf/laporan/{report.pk}/tpks/")
        report.refresh_from_db()
        self.assertIsNotNone(report.tpks_police_done_at)

    def test_a_staff_reply_and_an_internal_note(self):
        report = submit()
        self.login(self.petugas)
        self.client.post(f"/staf/laporan/{report.pk}/pesan/", {"body": "Kami akan menghubungi Anda."})
        self.client.post(f"/staf/laporan/{report.pk}/pesan/", {"body": "Cek riwayat", "internal": "on"})
        self.assertEqual(
            list(report.messages.values_list("direction", flat=True)),
            [MessageDirection.TO_REPORTER, MessageDirection.INTERNAL],
        )

    def test_the_queue_costs_the_same_number_of_queries_for_3_or_30_reports(self):
        for _ in range(3):
            submit()
        self.login(self.kepala)
        with self.assertNumQueries(9) as few:
            self.client.get("/staf/laporan/")
        for _ in range(27):
            submit()
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get("/staf/laporan/")
