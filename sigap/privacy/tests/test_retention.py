import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, Victim
from sigap.cases.services import case_closure_decide, case_closure_request, case_open, note_add, victim_add
from sigap.intake.models import Report
from sigap.intake.services import report_reporter_reply, report_submit
from sigap.people.models import Person
from sigap.privacy.retention import REMOVED, apply_retention
from sigap.test import BaseTestCase

LONG_AGO = timezone.now() - timedelta(days=365 * 12)


def figures() -> dict:
    """The statistical categories every dashboard is built from."""
    return {
        "reports": list(Report.objects.values("queue", "risk", "village", "subject_sex", "subject_age_band").annotate(n=Count("id")).order_by("queue", "risk", "village", "subject_sex", "subject_age_band")),
        "categories": sorted(tuple(c) for c in Report.objects.values_list("categories", flat=True)),
        "cases": list(Case.objects.values("status", "risk", "village", "place_category", "is_kdrt").annotate(n=Count("id")).order_by("status", "risk", "village")),
        "victims": sorted((tuple(v.violence_forms), v.person.sex, v.age_band()) for v in Victim.objects.select_related("person", "case")),
    }  # fmt: skip


class RetentionTests(BaseTestCase):
    def setUp(self):
        base = {
            "reporter_relation": "family",
            "contact_method": "whatsapp",
            "contact_value": "+6281234567890",
            "consent": True,
        }
        self.old_report, _ = report_submit(
            **base, reporter_name="Ibu Ani", categories=["fisik"], account="Rahasia lama", village=None
        )
        self.new_report, _ = report_submit(**base, categories=["pranikah"], account="Masih baru")
        Report.objects.filter(pk=self.old_report.pk).update(received_at=LONG_AGO)
        report_reporter_reply(
            report=self.old_report,
            body="foto",
            files=[(SimpleUploadedFile("a.png", b"\\x89PNG\\r\\n\\x1a\\nxx"), "image/png")],
        )
        self.person = self.make_person(
            unit=self.lppar,
            responsible=self.manajer,
            full_name="Korban Lama",
            birth_date=timezone.localdate() - timedelta(days=365 * 10),
        )
        self.case = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="Cerita kasus lama")
        victim_add(actor=self.manajer, case=self.case, person=self.person, violence_forms=["psikis"])
        note_add(actor=self.manajer, case=self.case, body="Catatan pribadi")
        request = case_closure_request(actor=self.manajer, case=self.case, reason="selesai")
        case_closure_decide(actor=self.kepala, request=request, approve=True)
        Case.objects.filter(pk=self.case.pk).update(closed_at=LONG_AGO)

    def test_a_dry_run_names_what_is_due_and_changes_nothing(self):
        result = apply_retention(dry_run=True)
        self.assertEqual((result.reports, result.cases), ([self.old_report.pk], [self.case.pk]))
        self.old_report.refresh_from_db()
        self.assertEqual(self.old_report.account, "Rahasia lama")

    def test_what_is_due_loses_everything_personal_and_the_figures_stay_the_same(self):
        before = figures()
        out = io.StringIO()
        call_command("apply_retention", stdout=out)
        self.assertIn("reports anonymised: 1", out.getvalue())
        self.assertEqual(figures(), before)
        self.old_report.refresh_from_db()
        self.assertEqual(
            (self.old_report.account, self.old_report.reporter_name, self.old_report.contact_value), (REMOVED, "", "")
        )
        self.assertFalse(self.old_report.attachments.exists())
        self.assertEqual(self.old_report.messages.get().body, REMOVED)
        self.case.refresh_from_db()
        self.assertEqual((self.case.summary, self.case.notes.get().body), (REMOVED, REMOVED))
        self.person.refresh_from_db()
        self.assertEqual(
            (self.person.full_name, self.person.nik, self.person.phone), (f"Anonim {self.person.pk}", "", "")
        )
        self.new_report.refresh_from_db()
        self.assertEqual(self.new_report.account, "Masih baru")

    def test_what_was_anonymised_and_when_is_in_the_audit_trail(self):
        apply_retention()
        anonymised = set(AuditEvent.objects.filter(action="anonymise").values_list("target_type", "target_id"))
        self.assertEqual(
            anonymised,
            {
                ("intake.report", str(self.old_report.pk)),
                ("cases.case", str(self.case.pk)),
                ("people.person", str(self.person.pk)),
            },
        )

    def test_a_person_still_on_a_live_record_keeps_their_name(self):
        live = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="-")
        victim_add(actor=self.manajer, case=live, person=self.person, violence_forms=["fisik"])
        apply_retention()
        self.person.refresh_from_db()
        self.assertEqual(self.person.full_name, "Korban Lama")
        self.assertTrue(Person.objects.filter(anonymised_at__isnull=True, pk=self.person.pk).exists())


class ConsultationRetentionTests(BaseTestCase):
    def test_a_consultation_closed_long_ago_loses_its_notes_and_contacts_and_keeps_its_kind(self):
        from sigap.counseling.models import Consultation
        from sigap.counseling.services import consultation_open, session_record

        consultation = consultation_open(
            actor=self.konselor, unit=self.puspaga, kind="keluarga", counsellor=self.konselor, full_name="Klien Lama"
        )
        session_record(
            actor=self.konselor, consultation=consultation, attendance="attended", notes="Cerita pribadi klien"
        )
        Consultation.objects.filter(pk=consultation.pk).update(status="closed", closed_at=LONG_AGO)
        before = list(Consultation.objects.values_list("kind", "status", "unit"))
        result = apply_retention()
        self.assertEqual(result.consultations, [consultation.pk])
        consultation.refresh_from_db()
        self.assertIsNotNone(consultation.anonymised_at)
        self.assertEqual(consultation.sessions.get().notes, REMOVED)
        self.assertEqual(list(Consultation.objects.values_list("kind", "status", "unit")), before)
        consultation.person.refresh_from_db()
        self.assertEqual(consultation.person.full_name, f"Anonim {consultation.person.pk}")
