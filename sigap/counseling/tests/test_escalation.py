"""When violence comes to light in counselling, one action hands it to LP-PAR through
intake, and both sides keep the link."""

from datetime import time

from sigap.audit.models import AuditEvent
from sigap.counseling.choices import ContactMethod
from sigap.counseling.tests.helpers import CounsellingTestCase
from sigap.intake.choices import Channel, MessageDirection, Queue, Risk
from sigap.intake.models import Report

SUMMARY = "Anak mengaku sering dipukul ayahnya; ibu takut pulang."


class EscalationTests(CounsellingTestCase):
    def setUp(self):
        super().setUp()
        self.consultation = self.make_consultation(
            kind="anak_pengasuhan",
            contact_method=ContactMethod.WHATSAPP,
            contact_value="+6281234567890",
            safe_from=time(19),
            safe_until=time(21),
        )
        self.url = f"/staf/konsultasi/{self.consultation.pk}/eskalasi/"
        self.login(self.konselor)

    def escalate(self, **overrides):
        data = {"categories": ["fisik"], "summary": SUMMARY, "in_danger": "yes", "told": "on", **overrides}
        return self.client.post(self.url, data)

    def test_one_action_files_a_report_in_the_lppar_queue_with_the_person_and_safe_contact(self):
        response = self.escalate()
        self.assertRedirects(response, self.consultation.get_absolute_url())
        report = Report.objects.get()
        self.assertEqual((report.queue, report.unit, report.risk), (Queue.LPPAR, self.lppar, Risk.HIGH))
        self.assertEqual((report.channel, report.person), (Channel.REFERRAL, self.consultation.person))
        self.assertEqual(report.account, SUMMARY)
        self.assertEqual((report.contact_method, report.contact_value), ("whatsapp", "+6281234567890"))
        self.assertEqual(report.safe_hours, "19:00–21:00")
        self.assertFalse(report.may_identify)

    def test_both_sides_record_the_link_and_the_access_log_has_both(self):
        self.escalate(in_danger="no")
        report = Report.objects.get()
        self.consultation.refresh_from_db()
        self.assertEqual(self.consultation.escalated_report, report)
        self.assertIsNotNone(self.consultation.escalated_at)
        note = report.messages.get()
        self.assertEqual(note.direction, MessageDirection.INTERNAL)
        self.assertIn(str(self.consultation), note.body)
        self.assertTrue(
            AuditEvent.objects.filter(
                actor=self.konselor, target_type="intake.report", target_id=str(report.pk), action="create"
            ).exists()
        )
        change = AuditEvent.objects.get(actor=self.konselor, target_type="counseling.consultation", action="change")
        self.assertEqual(change.changes["escalated_report"], report.pk)
        # LP-PAR's intake officer now sees the report; the consultation stays walled from them.
        self.login(self.petugas)
        self.assertContains(self.client.get(f"/staf/laporan/{report.pk}/"), str(self.consultation))
        self.assertEqual(self.client.get(self.consultation.get_absolute_url()).status_code, 404)

    def test_only_forms_of_violence_can_be_chosen_and_the_person_must_have_been_told(self):
        response = self.escalate(categories=["pranikah"])
        self.assertTrue(response.context["form"].has_error("categories"))
        response = self.escalate(told="")
        self.assertTrue(response.context["form"].has_error("told"))
        self.assertFalse(Report.objects.exists())

    def test_it_happens_once(self):
        self.escalate()
        response = self.escalate()
        self.assertRedirects(response, self.consultation.get_absolute_url())
        self.assertEqual(Report.objects.count(), 1)

    def test_a_colleague_cannot_escalate_someone_elses_consultation(self):
        self.login(self.konselor2)
        self.assertEqual(self.escalate().status_code, 404)
        self.assertFalse(Report.objects.exists())
