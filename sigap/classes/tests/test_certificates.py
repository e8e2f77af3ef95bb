import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from django.test import override_settings
from PIL import Image

from sigap.audit.models import AuditEvent
from sigap.classes.certificates import certificate_pdf
from sigap.classes.codes import mask_name
from sigap.classes.services import certificate_revoke
from sigap.classes.tests.helpers import PREMARITAL, finished_cohort, register
from sigap.lib.ratelimit import reset_rate_limits
from sigap.test import BaseTestCase

SITE = "https://sigap.pekalongankota.go.id"


def pdf_text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


def qr_codes_in(pdf: bytes) -> list[str]:
    """Render the PDF's page to an image (poppler) and decode every QR code on it with
    a real decoder (zxing-cpp)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(Path(folder) / "page")], check=True
        )
        image = Image.open(Path(folder) / "page.png")
        return [result.text for result in zxingcpp.read_barcodes(image)]


@override_settings(SITE_URL=SITE)
class CertificateTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cohort, (cls.participant,) = finished_cohort(cls, names=["Siti Aminah Rahmawati"])
        cls.certificate = cls.participant.certificate

    def setUp(self):
        reset_rate_limits()

    def test_the_pdf_names_the_holder_the_program_and_the_code(self):
        text = pdf_text(certificate_pdf(self.certificate))
        self.assertIn("Siti Aminah Rahmawati", text)
        self.assertIn(PREMARITAL, text)
        self.assertIn(self.certificate.code, text)
        self.assertIn("Diberikan kepada", text)  # written in Indonesian
        self.assertIn(f"{SITE}/sertifikat/{self.certificate.code}/", text)  # for those who cannot scan

    def test_the_qr_code_decodes_to_the_verification_page_of_this_certificate(self):
        self.assertEqual(
            qr_codes_in(certificate_pdf(self.certificate)), [f"{SITE}/sertifikat/{self.certificate.code}/"]
        )

    def test_certificate_codes_are_unique_and_hard_to_guess(self):
        _cohort, participants = finished_cohort(self, names=["A Satu", "B Dua", "C Tiga"], name="Angkatan Dua")
        codes = {p.certificate.code for p in participants} | {self.certificate.code}
        self.assertEqual(len(codes), 4)
        self.assertRegex(self.certificate.code, r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$")

    def test_the_verification_page_shows_validity_program_date_and_the_masked_name_only(self):
        response = self.client.get(f"/sertifikat/{self.certificate.code}/")
        self.assertContains(response, "S*** A***** R********")
        self.assertContains(response, PREMARITAL)
        self.assertContains(response, "verdict-valid")
        self.assertEqual(response.context["holder"], mask_name("Siti Aminah Rahmawati"))
        html = response.content.decode()
        for secret in ("Siti", "Aminah", "Rahmawati", self.cohort.name, "meet.example"):
            self.assertNotIn(secret, html)
        self.assertContains(response, 'id="quick-exit"')

    def test_the_code_may_be_typed_in_any_case_and_without_dashes(self):
        typed = self.certificate.code.replace("-", "").lower()
        self.assertRedirects(
            self.client.get("/sertifikat/", {"code": typed}),
            f"/sertifikat/{self.certificate.code}/",
        )
        self.assertEqual(self.client.get(f"/sertifikat/{typed}/").status_code, 200)

    def test_an_unknown_code_says_so_with_404(self):
        response = self.client.get("/sertifikat/AAAA-BBBB-CCCC/")
        self.assertContains(response, "verdict-unknown", status_code=404)

    def test_the_head_revokes_with_a_reason_that_is_logged_and_the_page_says_revoked(self):
        self.login(self.kepala)
        response = self.client.post(
            f"/staf/kelas/sertifikat/{self.certificate.pk}/cabut/", {"reason": "Diterbitkan untuk orang yang salah."}
        )
        self.assertRedirects(response, self.cohort.get_absolute_url())
        self.certificate.refresh_from_db()
        self.assertIsNotNone(self.certificate.revoked_at)
        self.assertEqual(self.certificate.revoked_by, self.kepala)
        event = AuditEvent.objects.get(target_type="classes.certificate", action="change")
        self.assertEqual((event.actor, event.reason), (self.kepala, "Diterbitkan untuk orang yang salah."))
        self.client.logout()
        page = self.client.get(f"/sertifikat/{self.certificate.code}/")
        self.assertContains(page, "verdict-revoked")
        self.assertNotContains(page, "verdict-valid")
        api = self.client.get(f"/api/v1/public/certificates/{self.certificate.code}").json()
        self.assertFalse(api["valid"])

    def test_a_facilitator_may_not_revoke_and_a_reason_is_required(self):
        self.login(self.fasilitator)
        response = self.client.post(f"/staf/kelas/sertifikat/{self.certificate.pk}/cabut/", {"reason": "x"})
        self.assertEqual(response.status_code, 403)
        self.login(self.kepala)
        self.client.post(f"/staf/kelas/sertifikat/{self.certificate.pk}/cabut/", {"reason": ""})
        self.certificate.refresh_from_db()
        self.assertIsNone(self.certificate.revoked_at)

    def test_the_participant_downloads_their_certificate_with_their_code_until_it_is_revoked(self):
        _registration, ((_budi, code),) = register(self.cohort, "Budi Santoso")
        # Budi has no certificate: back to the participant page.
        self.assertRedirects(self.client.post("/kelas/sertifikat-saya/", {"code": code}), "/kelas/peserta/")
        from sigap.classes.services import participant_code_renew

        code = participant_code_renew(actor=self.kepala, participant=self.participant)
        response = self.client.post("/kelas/sertifikat-saya/", {"code": code})
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("Siti Aminah Rahmawati", pdf_text(response.content))
        certificate_revoke(actor=self.kepala, certificate=self.certificate, reason="Salah nama")
        self.assertRedirects(self.client.post("/kelas/sertifikat-saya/", {"code": code}), "/kelas/peserta/")

    def test_staff_downloads_are_logged(self):
        self.login(self.fasilitator)
        response = self.client.get(f"/staf/kelas/sertifikat/{self.certificate.pk}/pdf/")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(
            AuditEvent.objects.filter(
                actor=self.fasilitator,
                action="view",
                target_type="classes.certificate",
                target_id=str(self.certificate.pk),
            ).exists()
        )

    @override_settings(SIGAP_CERTIFICATE_CHECKS_PER_HOUR=2)
    def test_verification_is_rate_limited_per_address(self):
        for _ in range(2):
            self.client.get(f"/sertifikat/{self.certificate.code}/")
        self.assertEqual(self.client.get(f"/sertifikat/{self.certificate.code}/").status_code, 429)

    def test_masking_keeps_first_letters_only(self):
        self.assertEqual(mask_name("Siti Aminah"), "S*** A*****")
        self.assertEqual(mask_name("  Ani  "), "A**")
