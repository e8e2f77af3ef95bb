import json
import shutil
import subprocess
from datetime import timedelta

from django.utils import timezone

from sigap.cases.services import case_open, legal_step_add, perpetrator_add, victim_add
from sigap.intake.services import report_submit
from sigap.privacy.choices import RequestOutcome
from sigap.privacy.services import breach_record, request_close, request_record
from sigap.test import BaseTestCase

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(content: bytes) -> str:
    return subprocess.run([PDFTOTEXT, "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


class DataSubjectRequestTests(BaseTestCase):
    def setUp(self):
        self.person = self.make_person(
            unit=self.lppar, responsible=self.manajer, full_name="Dewi Sartika", nik="3375014502100001"
        )
        report, _ = report_submit(
            reporter_relation="self",
            categories=["psikis"],
            account="Saya diancam",
            contact_method="none",
            consent=True,
            person=self.person,
        )
        self.report = report

    def record(self, kind):
        return request_record(
            actor=self.kepala, unit=self.agency, kind=kind, requester="Datang langsung", person=self.person
        )

    def test_a_request_gets_the_three_by_twenty_four_hour_clock(self):
        request = self.record("access")
        self.assertEqual(request.due_at - request.received_at, timedelta(hours=72))
        self.assertFalse(request.is_overdue())

    def test_access_exports_everything_held_on_the_person_as_json_and_pdf(self):
        request = self.record("access")
        self.login(self.kepala)
        data = json.loads(self.client.get(f"/staf/pdp/permintaan/{request.pk}/ekspor.json").content)
        self.assertEqual(data["person"]["full_name"], "Dewi Sartika")
        self.assertEqual(data["person"]["nik"], "3375014502100001")
        self.assertEqual(data["intake.report"][0]["account"], "Saya diancam")
        self.assertNotIn("nik_lookup", data["person"])
        self.assertNotIn("receipt_hash", data["intake.report"][0])
        if PDFTOTEXT:
            text = pdf_text(self.client.get(f"/staf/pdp/permintaan/{request.pk}/ekspor.pdf").content)
            self.assertIn("Dewi Sartika", text)

    def test_a_cadres_record_in_the_registry_is_part_of_their_export(self):
        # The registry points at its person one-to-one; that is a reference too.
        from sigap.cadres.tests.helpers import make_cadre
        from sigap.privacy.subject_data import person_export

        cadre = make_cadre(self, name="Sri Rahayu")
        data = person_export(cadre.person)
        self.assertEqual([row["id"] for row in data["cadres.cadre"]], [cadre.pk])
        self.assertEqual(data["cadres.cadre"][0]["village"], cadre.village_id)

    def test_deletion_is_refused_while_a_legal_process_runs_and_the_reason_is_kept(self):
        case = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="-")
        victim_add(actor=self.manajer, case=case, person=self.person, violence_forms=["fisik"])
        perpetrator = perpetrator_add(actor=self.manajer, case=case, description="-")
        legal_step_add(
            actor=self.manajer,
            case=case,
            perpetrator=perpetrator,
            stage="penyidikan",
            institution="Polres",
            on=timezone.localdate(),
        )
        request = request_close(actor=self.kepala, request=self.record("deletion"), outcome=RequestOutcome.DONE)
        self.assertEqual(request.outcome, RequestOutcome.REFUSED)
        self.assertIn("Pasal 15", request.outcome_reason)
        self.person.refresh_from_db()
        self.assertEqual(self.person.full_name, "Dewi Sartika")

    def test_deletion_anonymises_the_person_when_nothing_requires_keeping_them(self):
        request = request_close(actor=self.kepala, request=self.record("deletion"), outcome=RequestOutcome.DONE)
        self.assertEqual(request.outcome, RequestOutcome.DONE)
        self.person.refresh_from_db()
        self.assertEqual((self.person.nik, self.person.phone), ("", ""))
        self.assertIsNotNone(self.person.anonymised_at)

    def test_a_refusal_needs_a_reason(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            request_close(
                actor=self.kepala, request=self.record("correction"), outcome=RequestOutcome.REFUSED, reason=""
            )


class BreachTests(BaseTestCase):
    def test_a_breach_has_a_72_hour_notice_clock_and_a_letter(self):
        breach = breach_record(
            actor=self.kepala, unit=self.agency, title="Laptop petugas hilang", what="Nama dan alamat 12 klien",
            how="Laptop tertinggal di angkutan umum", affected="Klien Puspaga 2025", affected_count=12,
            measures="Kata sandi diganti; disk terenkripsi", discovered_at=timezone.now() - timedelta(hours=80),
        )  # fmt: skip
        self.assertTrue(breach.notices_overdue())
        self.login(self.kepala)
        self.client.post(f"/staf/pdp/insiden/{breach.pk}/diberitahukan/", {"subjects": "on", "authority": "on"})
        breach.refresh_from_db()
        self.assertFalse(breach.notices_overdue())
        letter = self.client.get(f"/staf/pdp/insiden/{breach.pk}/surat.pdf")
        self.assertEqual(letter["Content-Type"], "application/pdf")
        if PDFTOTEXT:
            text = pdf_text(letter.content)
            self.assertIn("Pasal 46", text)
            self.assertIn("Nama dan alamat 12 klien", text)
