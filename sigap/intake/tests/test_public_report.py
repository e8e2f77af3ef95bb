from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from sigap.audit.models import AuditEvent
from sigap.intake.choices import MessageDirection, Queue, Risk
from sigap.intake.models import Report
from sigap.intake.receipts import normalise_receipt_code
from sigap.intake.services import report_message_add, report_reporter_reply
from sigap.lib.ratelimit import reset_rate_limits
from sigap.test import BaseTestCase


def report_data(**overrides):
    data = {
        "reporter_relation": "neighbour",
        "categories": ["fisik"],
        "account": "Anak tetangga sering dipukul ayahnya.",
        "place": "33.75.01.1003",
        "subject_age_band": "6-12",
        "subject_sex": "L",
        "in_danger": "no",
        "contact_method": "none",
        "consent": "on",
    }
    return {**data, **overrides}


class PublicReportTests(BaseTestCase):
    def setUp(self):
        reset_rate_limits()

    def submit(self, **overrides):
        return self.client.post("/lapor/", report_data(**overrides))

    def test_an_anonymous_report_gets_a_receipt_code_and_lands_in_the_lppar_queue(self):
        response = self.submit()
        code = response.context["code"]
        self.assertRegex(code, r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$")
        report = Report.objects.get()
        self.assertEqual((report.queue, report.risk, report.unit), (Queue.LPPAR, Risk.MEDIUM, self.lppar))
        self.assertEqual(report.reporter_name, "")
        self.assertNotIn(normalise_receipt_code(code), report.receipt_hash)
        self.assertEqual(report.lawful_basis, "uu-pdp-20-2-e+consent")
        self.assertTrue(AuditEvent.objects.filter(action="create", target_type="intake.report").exists())

    def test_the_code_is_not_in_any_url_and_the_page_is_not_cached(self):
        response = self.submit()
        self.assertEqual(response.status_code, 200)  # shown in the POST answer, never redirected to
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_a_matter_without_violence_goes_to_puspaga_with_a_low_risk(self):
        self.submit(categories=["hak_asuh", "dokumen_kependudukan"])
        report = Report.objects.get()
        self.assertEqual((report.queue, report.risk, report.unit), (Queue.PUSPAGA, Risk.LOW, self.puspaga))

    def test_danger_now_marks_high_risk_and_shows_emergency_guidance(self):
        response = self.submit(in_danger="yes")
        self.assertContains(response, "tel:112")
        self.assertContains(response, "tel:129")
        self.assertEqual(Report.objects.get().risk, Risk.HIGH)

    def test_consent_is_required_and_what_was_typed_is_kept(self):
        response = self.submit(consent="", account="Cerita yang panjang dan penting.")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Cerita yang panjang dan penting.", status_code=400)
        self.assertTrue(response.context["form"].has_error("consent"))
        self.assertFalse(Report.objects.exists())

    def test_a_phone_contact_needs_a_valid_number_and_is_stored_in_e164(self):
        response = self.submit(contact_method="whatsapp", contact_value="0812")
        self.assertTrue(response.context["form"].has_error("contact_value"))
        self.submit(contact_method="whatsapp", contact_value="0812-3456-7890", safe_hours="setelah jam 20.00")
        report = Report.objects.get()
        self.assertEqual((report.contact_value, report.safe_hours), ("+6281234567890", "setelah jam 20.00"))

    def test_markup_is_stored_as_text_and_shown_inert_to_staff(self):
        self.submit(account='<script>alert("x")</script><img src=x onerror=alert(1)>')
        report = Report.objects.get()
        self.login(self.petugas)
        html = self.client.get(f"/staf/laporan/{report.pk}/").content.decode()
        self.assertNotIn("<script>alert", html)
        self.assertIn("&lt;script&gt;alert", html)
        self.assertNotIn("<img src=x", html)

    def test_control_characters_and_overlong_text_are_refused_with_a_message(self):
        self.assertTrue(self.submit(account="halo\x00dunia").context["form"].has_error("account"))
        self.assertTrue(self.submit(account="a" * 5001).context["form"].has_error("account"))
        self.assertFalse(Report.objects.exists())

    def test_the_honeypot_answers_like_success_but_keeps_nothing(self):
        response = self.submit(website="http://spam.example")
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["code"])
        self.assertFalse(Report.objects.exists())

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=2)
    def test_reports_from_one_address_are_rate_limited(self):
        self.submit()
        self.submit()
        response = self.submit()
        self.assertEqual(response.status_code, 429)
        self.assertEqual(Report.objects.count(), 2)


class ReceiptFollowUpTests(BaseTestCase):
    def setUp(self):
        reset_rate_limits()
        self.code = self.client.post("/lapor/", report_data()).context["code"]
        self.report = Report.objects.get()

    def check(self, code, **extra):
        return self.client.post("/cek/", {"code": code, **extra})

    def test_the_reporter_reads_the_status_and_the_staff_reply_by_code(self):
        report_message_add(
            report=self.report,
            body="Kami sudah menerima laporan Anda.",
            direction=MessageDirection.TO_REPORTER,
            author=self.petugas,
        )
        report_message_add(
            report=self.report,
            body="Catatan internal rahasia",
            direction=MessageDirection.INTERNAL,
            author=self.petugas,
        )
        response = self.check(self.code.lower().replace("-", " "))
        self.assertTrue(response.context["found"])
        self.assertContains(response, "Kami sudah menerima laporan Anda.")
        self.assertNotContains(response, "Catatan internal rahasia")

    def test_the_reporter_replies_and_staff_see_it(self):
        response = self.check(self.code, body="Ada kejadian lagi kemarin malam.")
        self.assertTrue(response.context["replied"])
        self.login(self.petugas)
        self.assertContains(self.client.get(f"/staf/laporan/{self.report.pk}/"), "Ada kejadian lagi kemarin malam.")

    def test_the_follow_up_page_costs_the_same_number_of_queries_for_2_or_20_messages(self):
        def converse(times):
            for _ in range(times):
                report_message_add(
                    report=self.report, body="Kami hubungi besok.", direction=MessageDirection.TO_REPORTER,
                    author=self.petugas,
                )  # fmt: skip
                upload = SimpleUploadedFile("foto.pdf", b"%PDF-1.4 x")
                report_reporter_reply(report=self.report, body="Ini fotonya.", files=[(upload, "application/pdf")])

        converse(1)
        self.check(self.code)  # warm the caches
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(len(self.check(self.code).context["messages_list"]), 2)
        converse(9)
        with self.assertNumQueries(len(few.captured_queries)):
            self.assertEqual(len(self.check(self.code).context["messages_list"]), 20)

    def test_a_wrong_code_gets_the_same_page_with_nothing_in_it(self):
        response = self.check("AAAA-BBBB-CCCC-DDDD")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["found"])
        self.assertNotContains(response, "Status")

    @override_settings(SIGAP_RECEIPT_LOOKUPS_PER_HOUR=3)
    def test_lookups_are_rate_limited(self):
        for _ in range(3):
            self.check("AAAA-BBBB-CCCC-DDDD")
        self.assertEqual(self.check(self.code).status_code, 429)
