"""The monthly report: the month's key figures beside the previous month and the same
month a year earlier, as a PDF on demand, from a background task and from a command."""

import shutil
import subprocess
import tempfile
import unittest
from io import StringIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import translation

from sigap.audit.models import AuditEvent
from sigap.notifications.models import Notification
from sigap.reporting.monthly import monthly_report_context
from sigap.reporting.selectors import monthly_report_name, monthly_report_read
from sigap.reporting.tasks import monthly_report_task
from sigap.reporting.tests.helpers import VICTIM_NAME, at, build_year, file_report
from sigap.test import BaseTestCase

PDFTOTEXT = shutil.which("pdftotext")
URL = "/staf/laporan-statistik/bulanan/"
ARCHIVE = "/staf/laporan-statistik/bulanan/arsip/"


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        [PDFTOTEXT, "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


class MonthlyReportTests(BaseTestCase):
    """January 2025 (R1, R2 and case 1) against December 2024 (nothing) and January 2024
    (three reports added here)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.built = build_year(cls)
        for day in (3, 4, 5):
            file_report(at(1, day, year=2024), ["pengasuhan"])

    def setUp(self):
        # A storage folder of each test's own: what other tests stored is not listed here.
        self.enterContext(override_settings(MEDIA_ROOT=self.enterContext(tempfile.TemporaryDirectory())))

    def key_figures(self, unit) -> dict:
        with translation.override("en"):
            context = monthly_report_context(unit, 2025, 1)
            return {str(row[0]): row[1:] for row in context["key_figures"]}

    def test_the_key_figures_compare_with_last_month_and_last_year(self):
        figures = self.key_figures(self.agency)
        # this month, previous, change, a year earlier, change
        self.assertEqual(figures["Reports received"], [2, 0, "+2", 3, "−1"])
        self.assertEqual(figures["… in the LP-PAR queue"], [2, 0, "+2", 0, "+2"])
        self.assertEqual(figures["… in the Puspaga queue"], [0, 0, "0", 3, "−3"])
        self.assertEqual(figures["… high risk"], [1, 0, "+1", 0, "+1"])
        # January 2024: three reports never answered, 0 of 3 in time.
        self.assertEqual(figures["% answered in time"], [100.0, None, "–", 0.0, "+100.0"])
        self.assertEqual(figures["UU TPKS clocks started"], [1, 0, "+1", 0, "+1"])
        self.assertEqual(figures["% police reports within 72 hours"], [100.0, None, "–", None, "–"])
        self.assertEqual(figures["Cases opened"], [1, 0, "+1", 0, "+1"])
        self.assertEqual(figures["Services delivered"], [1, 0, "+1", 0, "+1"])

    def test_a_puspaga_report_has_no_case_figures(self):
        self.assertNotIn("Cases opened", self.key_figures(self.puspaga))

    @unittest.skipUnless(PDFTOTEXT, "pdftotext is not installed")
    def test_the_pdf_on_demand_carries_the_figures_and_no_person(self):
        self.login(self.kepala)
        response = self.client.get(URL, {"month": "2025-01", "unit": "dpmppa-pekalongan"}, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        self.assertIn("Monthly report: January 2025", text)
        self.assertIn("DPMPPA Kota Pekalongan", text)
        self.assertRegex(text, r"Reports received\s+2\s+0\s+\+2\s+3\s+−1")
        self.assertRegex(text, r"Sexual violence\s+1\s+0\s+\+1\s+0\s+\+1")
        self.assertRegex(text, r"Health\s+1\s+0\s+\+1\s+0\s+\+1")
        self.assertIn("Reports by month, last thirteen months", text)
        self.assertNotIn(VICTIM_NAME, text)
        self.assertNotIn(self.built["cases"][0].number, text)
        event = AuditEvent.objects.filter(action="export").latest("id")
        self.assertEqual((event.target_id, event.changes["format"], event.unit), ("monthly_report", "pdf", self.agency))

    def test_the_analyst_may_have_it_and_a_counsellor_may_not(self):
        self.login(self.analis)
        self.assertEqual(self.client.get(URL, {"month": "2025-01"}).status_code, 200)
        self.login(self.konselor)
        self.assertEqual(self.client.get(URL, {"month": "2025-01"}).status_code, 403)

    def test_a_bad_month_or_a_unit_outside_the_users_is_refused_with_400(self):
        self.login(self.kepala)
        self.assertEqual(self.client.get(URL, {"month": "2025-13"}).status_code, 400)
        self.assertEqual(self.client.get(URL, {"month": "2025-01", "unit": "lppar-batang"}).status_code, 400)

    def test_the_task_stores_it_encrypted_logs_it_and_tells_the_heads(self):
        name = monthly_report_task.call("dpmppa-pekalongan", 2025, 1)
        self.assertEqual(name, monthly_report_name(self.agency, 2025, 1))
        with default_storage.open(name, "rb") as handle:
            stored = handle.read()
        self.assertFalse(stored.startswith(b"%PDF"))
        self.assertTrue(monthly_report_read(self.agency, 2025, 1).startswith(b"%PDF"))
        event = AuditEvent.objects.filter(target_type="reporting.monthly_report").get()
        self.assertEqual((event.actor, event.target_id, event.unit), (None, "2025-01", self.agency))
        notices = Notification.objects.filter(url__startswith=URL)
        notice = notices.get(user=self.kepala)
        self.assertIn("01/2025", notice.text)
        # The notice opens the stored copy.
        self.assertEqual(notice.url, "/staf/laporan-statistik/bulanan/arsip/dpmppa-pekalongan/2025-01.pdf")
        self.assertEqual(notices.count(), 1)  # the head over DPMPPA only

    def test_the_heads_find_the_stored_reports_of_their_units_and_download_them_as_they_were_made(self):
        monthly_report_task.call("dpmppa-pekalongan", 2025, 1)
        monthly_report_task.call("lppar-pekalongan", 2025, 1)
        stored = monthly_report_read(self.agency, 2025, 1)
        self.login(self.kepala)
        archive = self.client.get(ARCHIVE, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(
            [(report.unit.code, report.period) for report in archive.context["stored"]],
            [("dpmppa-pekalongan", "2025-01"), ("lppar-pekalongan", "2025-01")],
        )
        self.assertContains(archive, "January 2025")
        link = f"{ARCHIVE}dpmppa-pekalongan/2025-01.pdf"
        self.assertContains(archive, f'href="{link}"')
        logged = AuditEvent.objects.filter(action="export", target_type="reporting.monthly_report")
        before = logged.count()
        response = self.client.get(link)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response.content, stored)  # the copy made then, not a new one
        event = logged.latest("pk")
        self.assertEqual(logged.count(), before + 1)
        self.assertEqual((event.actor, event.unit, event.changes["copy"]), (self.kepala, self.agency, "stored"))

    def test_a_month_not_stored_and_a_unit_outside_the_users_answer_alike(self):
        monthly_report_task.call("lppar-pekalongan", 2025, 1)
        monthly_report_task.call("lppar-batang", 2025, 1)  # stored, but not the head's
        self.login(self.kepala)
        self.assertNotIn("lppar-batang", {report.unit.code for report in self.client.get(ARCHIVE).context["stored"]})
        self.assertEqual(self.client.get(f"{ARCHIVE}lppar-pekalongan/2025-02.pdf").status_code, 404)
        self.assertEqual(self.client.get(f"{ARCHIVE}lppar-batang/2025-01.pdf").status_code, 404)
        self.assertEqual(self.client.get(f"{ARCHIVE}lppar-pekalongan/2025-13.pdf").status_code, 404)
        self.assertEqual(self.client.get(f"{ARCHIVE}lppar-pekalongan/januari.pdf").status_code, 404)
        self.login(self.konselor)  # reads figures, exports none
        self.assertEqual(self.client.get(f"{ARCHIVE}lppar-pekalongan/2025-01.pdf").status_code, 403)
        self.assertEqual(self.client.get(ARCHIVE).status_code, 403)

    def test_the_archive_says_so_when_nothing_is_stored_and_leaves_other_files_out(self):
        for name in ("catatan.txt", "2025-13.pdf.enc", "1999-01.pdf.enc", "2025-01.pdf.enc.bak"):
            default_storage.save(f"reporting/monthly/lppar-pekalongan/{name}", ContentFile(b"-"))
        self.login(self.kepala)
        response = self.client.get(ARCHIVE, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.context["stored"], [])
        self.assertContains(response, "No monthly report has been stored for your units yet.")

    @unittest.skipUnless(PDFTOTEXT, "pdftotext is not installed")
    def test_the_command_makes_and_replaces_the_months_report(self):
        out = StringIO()
        call_command("monthly_report", "--month", "2025-01", "--unit", "lppar-pekalongan", stdout=out)
        self.assertIn("Stored: reporting/monthly/lppar-pekalongan/2025-01.pdf.enc", out.getvalue())
        call_command("monthly_report", "--month", "2025-01", "--unit", "lppar-pekalongan", stdout=StringIO())
        self.assertIn("LP-PAR / UPTD PPA Kota Pekalongan", pdf_text(monthly_report_read(self.lppar, 2025, 1)))
        self.assertEqual(AuditEvent.objects.filter(target_type="reporting.monthly_report").count(), 2)

    def test_the_command_can_leave_the_work_to_the_background_worker(self):
        out = StringIO()
        call_command("monthly_report", "--month", "2025-01", "--unit", "lppar-pekalongan", "--enqueue", stdout=out)
        self.assertIn("Queued:", out.getvalue())

    def test_the_command_refuses_a_bad_month_or_an_unknown_unit(self):
        with self.assertRaisesMessage(CommandError, "2026-05"):
            call_command("monthly_report", "--month", "May", "--unit", "lppar-pekalongan")
        with self.assertRaisesMessage(CommandError, "No unit"):
            call_command("monthly_report", "--month", "2025-01", "--unit", "nowhere")
