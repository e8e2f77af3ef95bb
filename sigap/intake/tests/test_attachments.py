from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sigap.audit.models import AuditEvent
from sigap.intake.models import Report, ReportAttachment
from sigap.intake.tests.test_public_report import report_data
from sigap.lib.ratelimit import reset_rate_limits
from sigap.test import BaseTestCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"memar-di-lengan"


class AttachmentTests(BaseTestCase):
    def setUp(self):
        reset_rate_limits()
        self.code = self.client.post("/lapor/", report_data()).context["code"]
        self.report = Report.objects.get()

    def reply_with(self, upload):
        return self.client.post("/cek/", {"code": self.code, "body": "Ini fotonya.", "attachment": upload})

    def test_a_reporter_attaches_a_photo_that_is_stored_encrypted_and_staff_download_it(self):
        self.reply_with(SimpleUploadedFile("foto.png", PNG, content_type="image/png"))
        attachment = ReportAttachment.objects.get()
        with default_storage.open(attachment.stored_name, "rb") as handle:
            self.assertNotIn(b"memar-di-lengan", handle.read())
        self.login(self.petugas)
        response = self.client.get(f"/staf/laporan/{self.report.pk}/lampiran/{attachment.pk}/")
        self.assertEqual(response.content, PNG)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertTrue(AuditEvent.objects.filter(action="view", target_type="intake.reportattachment").exists())

    def test_a_file_that_is_not_what_it_claims_is_refused_and_the_message_kept(self):
        response = self.reply_with(
            SimpleUploadedFile("foto.png", b"<html><script>x</script>", content_type="image/png")
        )
        self.assertTrue(response.context["reply_form"].has_error("attachment"))
        self.assertContains(response, "Ini fotonya.", status_code=400)
        self.assertFalse(ReportAttachment.objects.exists())

    @override_settings(SIGAP_ATTACHMENT_MAX_MB=1)
    def test_a_file_over_the_limit_is_refused(self):
        response = self.reply_with(
            SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * (1024 * 1024), content_type="application/pdf")
        )
        self.assertTrue(response.context["reply_form"].has_error("attachment"))

    def test_colleagues_and_other_units_cannot_download_it(self):
        self.reply_with(SimpleUploadedFile("surat.pdf", b"%PDF-1.4 surat", content_type="application/pdf"))
        attachment = ReportAttachment.objects.get()
        for user in (self.konselor, self.outsider, self.manajer):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.client.get(f"/staf/laporan/{self.report.pk}/lampiran/{attachment.pk}/").status_code, 404
                )
