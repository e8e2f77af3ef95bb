"""Staff pages of consultations: who sees what, the notes wall, sessions, document
help, referrals, closing, and the query cost of the list and the file."""

from datetime import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.audit.models import AuditEvent
from sigap.counseling.choices import (
    AppointmentStatus,
    Attendance,
    ConsultationSource,
    ConsultationStatus,
    ContactMethod,
    DocumentStatus,
    Mode,
)
from sigap.counseling.models import Consultation, Session, SurveyInvitation
from sigap.counseling.selectors import consultation_list_for_user
from sigap.counseling.services import document_add, referral_add, session_record
from sigap.counseling.tests.helpers import CounsellingTestCase, at
from sigap.intake.services import report_submit
from sigap.notifications.models import OutboxMessage

NOTES = "Ibu bercerita tentang tekanan dari mertua."


class ConsultationGateTests(CounsellingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.mine = cls.make_consultation(name="Dewi")
        cls.theirs = cls.make_consultation(name="Rina", counsellor=cls.konselor2, kind="hukum")
        cls.session = session_record(
            actor=cls.konselor, consultation=cls.mine, attendance=Attendance.ATTENDED, notes=NOTES
        )

    def test_a_counsellor_lists_only_their_own_consultations_and_the_head_lists_all(self):
        self.assertEqual(list(consultation_list_for_user(self.konselor)), [self.mine])
        self.assertEqual(list(consultation_list_for_user(self.konselor2)), [self.theirs])
        self.assertEqual(set(consultation_list_for_user(self.kepala)), {self.mine, self.theirs})

    def test_a_colleague_and_a_stranger_get_the_same_not_found_as_for_a_missing_consultation(self):
        for user in (self.konselor2, self.petugas, self.manajer, self.fasilitator, self.outsider):
            self.login(user)
            self.assertEqual(self.client.get(f"/staf/konsultasi/{self.mine.pk}/").status_code, 404, user)
        self.assertEqual(self.client.get("/staf/konsultasi/987654/").status_code, 404)

    def test_konselor2_cannot_read_konselors_session_notes_by_any_path(self):
        self.login(self.konselor2)
        self.assertEqual(self.client.get(self.session.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(f"/api/v1/consultations/{self.mine.pk}").status_code, 401)  # no session auth
        self.assertNotContains(self.client.get("/staf/konsultasi/"), "Dewi")

    def test_the_counsellor_and_the_head_read_the_notes_and_each_reading_is_logged(self):
        for user in (self.konselor, self.kepala):
            self.login(user)
            self.assertContains(self.client.get(self.session.get_absolute_url()), NOTES)
            self.assertTrue(
                AuditEvent.objects.filter(
                    actor=user, action="view", target_type="counseling.session", target_id=str(self.session.pk)
                ).exists()
            )

    def test_notes_are_encrypted_at_rest(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT notes FROM counseling_session WHERE id = %s", [self.session.pk])
            (stored,) = cursor.fetchone()
        self.assertTrue(stored.startswith("enc1:"))
        self.assertNotIn("mertua", stored)

    def test_roles_that_never_see_consultations_get_403_on_the_list(self):
        for user in (self.admin, self.analis, self.petugas, self.kader):
            self.login(user)
            self.assertEqual(self.client.get("/staf/konsultasi/").status_code, 403)

    def test_the_list_is_logged_as_one_read(self):
        self.login(self.kepala)
        self.client.get("/staf/konsultasi/")
        event = AuditEvent.objects.filter(actor=self.kepala, target_type="counseling.consultation").latest("id")
        self.assertEqual(sorted(event.changes["ids"]), sorted([self.mine.pk, self.theirs.pk]))


class QueryCountTests(CounsellingTestCase):
    def add(self, start: int, count: int):
        for n in range(start, start + count):
            consultation = self.make_consultation(name=f"Klien {n}")
            self.book(consultation, start=at(2 + n // 6, 8 + n % 6))
            session_record(actor=self.konselor, consultation=consultation, attendance=Attendance.ATTENDED)

    def test_the_list_costs_the_same_for_3_or_30_consultations(self):
        self.login(self.kepala)
        self.add(0, 3)
        with CaptureQueriesContext(connection) as few:
            response = self.client.get("/staf/konsultasi/")
        self.assertEqual(len(response.context["page"].object_list), 3)
        self.add(3, 27)
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get("/staf/konsultasi/")
        self.assertEqual(len(response.context["page"].object_list), 30)

    def test_the_file_costs_the_same_however_many_sessions_documents_and_referrals(self):
        consultation = self.make_consultation()
        self.login(self.konselor)
        url = consultation.get_absolute_url()
        session_record(actor=self.konselor, consultation=consultation, attendance=Attendance.ATTENDED)
        document_add(actor=self.konselor, consultation=consultation, document="kk")
        referral_add(actor=self.konselor, consultation=consultation, partner="Dukcapil", purpose="KK baru")
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(8):
            self.book(consultation, start=at(2 + n, 9))
            session_record(
                actor=self.konselor, consultation=consultation, attendance=Attendance.ATTENDED, next_step=f"Langkah {n}"
            )
            document_add(actor=self.konselor, consultation=consultation, document="akta_kelahiran")
            referral_add(actor=self.konselor, consultation=consultation, partner=f"Mitra {n}", purpose="-")
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(url)
        self.assertContains(response, "Langkah 7")
        self.assertContains(response, "Mitra 7")


class ConsultationWorkTests(CounsellingTestCase):
    def setUp(self):
        super().setUp()
        self.consultation = self.make_consultation(
            contact_method=ContactMethod.EMAIL, contact_value="dewi@example.org", may_identify=False
        )
        self.url = self.consultation.get_absolute_url()
        self.login(self.konselor)

    def test_staff_record_a_consultation_for_a_walk_in_and_it_is_theirs(self):
        response = self.client.post(
            "/staf/konsultasi/baru/",
            {
                "kind": "pranikah",
                "counsellor": self.profile.pk,
                "full_name": "Andi",
                "partner_name": "Sari",
                "contact_method": "none",
            },
        )
        consultation = Consultation.objects.get(person__full_name="Andi")
        self.assertRedirects(response, consultation.get_absolute_url())
        self.assertEqual((consultation.source, consultation.counsellor), (ConsultationSource.STAFF, self.konselor))
        self.assertEqual(consultation.partner.full_name, "Sari")
        self.assertEqual(consultation.person.responsible, self.konselor)

    def test_a_counsellor_cannot_give_a_consultation_to_a_colleague(self):
        response = self.client.post(
            "/staf/konsultasi/baru/",
            {"kind": "hukum", "counsellor": self.profile2.pk, "full_name": "Rina", "contact_method": "none"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("counsellor"))

    def test_a_consultation_from_a_puspaga_report_takes_the_reports_person(self):
        person = self.make_person(unit=self.puspaga, responsible=self.konselor, full_name="Lestari")
        report, _code = report_submit(
            reporter_relation="self",
            categories=["hak_asuh"],
            account="Butuh bantuan hak asuh.",
            contact_method="none",
            consent=True,
            person=person,
        )
        response = self.client.post(
            "/staf/konsultasi/baru/",
            {"kind": "hukum", "counsellor": self.profile.pk, "report": report.pk, "contact_method": "none"},
        )
        consultation = Consultation.objects.get(report=report)
        self.assertRedirects(response, consultation.get_absolute_url())
        self.assertEqual((consultation.person, consultation.source), (person, ConsultationSource.REPORT))

    def test_a_report_the_user_may_not_see_cannot_be_linked(self):
        report, _code = report_submit(
            reporter_relation="self", categories=["fisik"], account="-", contact_method="none", consent=True
        )
        response = self.client.post(
            "/staf/konsultasi/baru/",
            {"kind": "keluarga", "counsellor": self.profile.pk, "report": report.pk, "contact_method": "none"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Consultation.objects.filter(report=report).exists())

    def test_a_session_marks_its_appointment_held_and_books_the_follow_up(self):
        appointment = self.book(self.consultation, start=at(1, 9))
        follow_up = at(8, 10)
        response = self.client.post(
            f"{self.url}sesi/",
            {
                "appointment": appointment.pk,
                "attendance": Attendance.ATTENDED,
                "notes": NOTES,
                "outcome": "Lega",
                "next_step": "Sesi bersama suami",
                "follow_up_start": follow_up.strftime("%Y-%m-%dT%H:%M"),
                "follow_up_mode": Mode.IN_PERSON,
            },
        )
        self.assertRedirects(response, self.url)
        session = Session.objects.get()
        appointment.refresh_from_db()
        self.assertEqual(appointment.status, AppointmentStatus.DONE)
        self.assertEqual((session.follow_up.start, session.follow_up.status), (follow_up, AppointmentStatus.BOOKED))
        event = AuditEvent.objects.filter(target_type="counseling.session").latest("id")
        self.assertNotIn("mertua", str(event.changes))  # field names only

    def test_a_follow_up_that_clashes_is_refused_and_what_was_typed_stays(self):
        self.book(self.make_consultation(name="Lain"), start=at(8, 10))
        response = self.client.post(
            f"{self.url}sesi/",
            {
                "attendance": Attendance.ATTENDED,
                "notes": NOTES,
                "follow_up_start": at(8, 10).strftime("%Y-%m-%dT%H:%M"),
                "follow_up_mode": Mode.IN_PERSON,
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, NOTES, status_code=400)
        self.assertFalse(Session.objects.exists())

    def test_document_help_is_a_checklist_until_the_document_is_in_hand(self):
        self.client.post(f"{self.url}dokumen/", {"document": "akta_kelahiran", "note": "Lahir di rumah"})
        item = self.consultation.documents.get()
        self.assertEqual(item.status, DocumentStatus.NEEDED)
        self.client.post(f"{self.url}dokumen/{item.pk}/", {"status": DocumentStatus.IN_HAND})
        item.refresh_from_db()
        self.assertEqual(item.status, DocumentStatus.IN_HAND)
        response = self.client.post(f"{self.url}dokumen/{item.pk}/", {"status": "lost"})
        self.assertEqual(response.status_code, 400)

    def test_a_referral_records_partner_purpose_due_date_and_then_its_outcome(self):
        response = self.client.post(
            f"{self.url}rujukan/",
            {"partner": "Pengadilan Agama", "referred_on": "2026-03-02", "purpose": "Hak asuh", "due_on": "2026-03-01"},
        )
        self.assertTrue(response.context["referral_form"].has_error("due_on"))
        self.client.post(
            f"{self.url}rujukan/",
            {"partner": "Pengadilan Agama", "referred_on": "2026-03-02", "purpose": "Hak asuh", "due_on": "2026-04-01"},
        )
        referral = self.consultation.referrals.get()
        self.client.post(f"{self.url}rujukan/{referral.pk}/", {"outcome": "Sidang dijadwalkan"})
        referral.refresh_from_db()
        self.assertEqual(referral.outcome, "Sidang dijadwalkan")
        self.assertIsNotNone(referral.outcome_on)

    def test_closing_cancels_what_is_booked_and_issues_an_unlinkable_survey_code(self):
        upcoming = self.book(self.consultation, start=at(5, 9))
        Consultation.objects.filter(pk=self.consultation.pk).update(safe_from=time(6), safe_until=time(5, 59))
        with self.captureOnCommitCallbacks(execute=False):
            response = self.client.post(f"{self.url}tutup/", {"reason": "resolved"})
        self.assertEqual(response.status_code, 200)
        code = response.context["survey_code"]
        self.consultation.refresh_from_db()
        upcoming.refresh_from_db()
        self.assertEqual(
            (self.consultation.status, self.consultation.closure_reason), (ConsultationStatus.CLOSED, "resolved")
        )
        self.assertEqual(upcoming.status, AppointmentStatus.CANCELLED)
        invitation = SurveyInvitation.objects.get()
        # Nothing ties the invitation to the consultation: only unit and month.
        self.assertEqual({f.name for f in SurveyInvitation._meta.concrete_fields}, {"code_hash", "unit", "period"})
        self.assertEqual(invitation.period.day, 1)
        self.assertNotIn(code, invitation.code_hash)
        # The person may be contacted by e-mail: the code is sent, neutrally, and not tied to the consultation.
        message = OutboxMessage.objects.get()
        self.assertIn(code, message.body)
        self.assertEqual((message.about_type, message.about_id), ("", ""))
        self.assertNotIn("Puspaga", message.body)
        # …and it keeps the person's choices, which every try obeys.
        self.assertEqual((message.safe_from, message.safe_until, message.may_identify), (time(6), time(5, 59), False))
        # A closed consultation takes nothing more.
        self.assertRedirects(self.client.post(f"{self.url}sesi/", {"attendance": "attended"}), self.url)
        self.assertEqual(self.client.post(f"{self.url}tutup/", {"reason": "other"}).status_code, 302)
        self.assertEqual(SurveyInvitation.objects.count(), 1)
