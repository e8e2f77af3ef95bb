"""Retention of class registrations and cadres' outreach reports: what is personal goes
once the period is over, every figure stays, and a certificate is still verified."""

import io
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Avg, Count, Sum
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cadres.models import OutreachActivity, OutreachHeadcount
from sigap.cadres.tests.helpers import make_cadre, make_outreach
from sigap.classes.models import Attendance, Certificate, Participant, QuizAttempt, Registration
from sigap.classes.services import participant_code_renew
from sigap.classes.tests.helpers import finished_cohort, move_sessions
from sigap.people.models import Person
from sigap.privacy.retention import REMOVED, apply_retention
from sigap.test import BaseTestCase

SIX_YEARS = timedelta(days=365 * 6)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def figures() -> dict:
    """What the class and outreach figures are built from."""
    return {
        "registrations": list(Registration.objects.values("cohort", "status").annotate(n=Count("id")).order_by("cohort", "status")),
        "participants": Participant.objects.count(),
        "attendance": Attendance.objects.count(),
        "scores": QuizAttempt.objects.aggregate(n=Count("id"), avg=Avg("percent")),
        "certificates": Certificate.objects.filter(revoked_at__isnull=True).count(),
        "outreach": list(OutreachActivity.objects.values("topic", "held_on", "village").annotate(n=Count("id")).order_by("held_on")),
        "headcounts": OutreachHeadcount.objects.aggregate(people=Sum("count")),
    }  # fmt: skip


def age(cohort, by: timedelta) -> None:
    """The cohort, its registrations and everything in them happened `by` earlier."""
    move_sessions(cohort, by=-by)
    Registration.objects.filter(cohort=cohort).update(registered_at=timezone.now() - by)


class ClassAndOutreachRetentionTests(BaseTestCase):
    def setUp(self):
        self.old_cohort, (self.old,) = finished_cohort(self, names=["Dewi Lestari"], name="Angkatan 2020")
        registration = self.old.registration
        registration.contact_method, registration.contact_value = "whatsapp", "+6281234567890"
        registration.save(update_fields=["contact_method", "contact_value"])
        Participant.objects.filter(pk=self.old.pk).update(survey_code="IKM-RAHASIA")
        age(self.old_cohort, SIX_YEARS)
        self.new_cohort, (self.new,) = finished_cohort(self, names=["Rina Wati"], name="Angkatan Baru")

        self.cadre = make_cadre(self, name="Sri Rahayu")
        photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
        self.old_outreach = make_outreach(
            self,
            self.cadre,
            days_ago=365 * 6,
            notes="Ibu Yanti bercerita tentang anaknya",
            photo=photo,
            photo_type="image/png",
        )
        self.new_outreach = make_outreach(self, self.cadre, notes="Catatan baru")

    def test_a_dry_run_names_what_is_due_and_changes_nothing(self):
        result = apply_retention(dry_run=True)
        self.assertEqual(result.registrations, [self.old.registration_id])
        self.assertEqual(result.outreach, [self.old_outreach.pk])
        self.assertIn(self.old.person_id, result.people)
        self.old_outreach.refresh_from_db()
        self.assertEqual(self.old_outreach.notes, "Ibu Yanti bercerita tentang anaknya")

    def test_what_is_due_loses_everything_personal_and_the_figures_stay_the_same(self):
        before = figures()
        photo_name = self.old_outreach.photo_name
        self.assertTrue(default_storage.exists(photo_name))
        out = io.StringIO()
        # The photo goes once the anonymisation has committed.
        with self.captureOnCommitCallbacks(execute=True):
            call_command("apply_retention", stdout=out)
        self.assertIn("class registrations anonymised: 1; outreach reports anonymised: 1", out.getvalue())
        self.assertEqual(figures(), before)

        registration = Registration.objects.get(pk=self.old.registration_id)
        self.assertEqual(registration.contact_value, "")
        self.assertIsNotNone(registration.anonymised_at)
        self.old.refresh_from_db()
        self.assertEqual(self.old.survey_code, "")
        self.assertEqual(list(self.old.attempts.values_list("answers", flat=True)), [{}])
        self.assertTrue(Person.objects.get(pk=self.old.person_id).full_name.startswith("Anonim"))

        self.old_outreach.refresh_from_db()
        self.assertEqual(
            (self.old_outreach.notes, self.old_outreach.place, self.old_outreach.photo_name), ("", REMOVED, "")
        )
        self.assertFalse(default_storage.exists(photo_name))

        # What is still within its period is untouched.
        self.new.refresh_from_db()
        self.assertNotEqual(self.new.attempts.get().answers, {})
        self.assertEqual(Person.objects.get(pk=self.new.person_id).full_name, "Rina Wati")
        self.new_outreach.refresh_from_db()
        self.assertEqual(self.new_outreach.notes, "Catatan baru")

    def test_an_old_certificate_is_still_verified_with_the_holders_name_gone(self):
        apply_retention()
        response = self.client.get(f"/sertifikat/{self.old.certificate.code}/")
        self.assertContains(response, "verdict-valid")
        self.assertNotContains(response, "D*** L******")

    def test_what_was_anonymised_is_in_the_audit_trail(self):
        apply_retention()
        anonymised = set(AuditEvent.objects.filter(action="anonymise").values_list("target_type", "target_id"))
        self.assertIn(("classes.registration", str(self.old.registration_id)), anonymised)
        self.assertIn(("cadres.outreachactivity", str(self.old_outreach.pk)), anonymised)

    def test_a_cadre_trained_long_ago_keeps_their_name_while_in_the_registry(self):
        training = self.cadre.training.participant
        age(training.registration.cohort, SIX_YEARS)
        result = apply_retention()
        self.assertIn(training.registration_id, result.registrations)
        self.assertNotIn(self.cadre.person_id, result.people)
        self.assertEqual(Person.objects.get(pk=self.cadre.person_id).full_name, "Sri Rahayu")

    def test_an_old_participant_code_opens_nothing_any_more(self):
        # Codes are looked up by their keyed hash; the stored hash is replaced by a random value.
        code_hash = self.old.code_hash
        apply_retention()
        self.old.refresh_from_db()
        self.assertNotEqual(self.old.code_hash, code_hash)
        self.assertEqual(len(self.old.code_hash), 64)

    def test_messages_done_with_leave_the_outbox_after_their_days(self):
        from sigap.notifications.choices import OutboxChannel, OutboxStatus
        from sigap.notifications.models import OutboxMessage
        from sigap.notifications.services import outbox_queue

        def message(status, days_ago):
            queued = outbox_queue(
                channel=OutboxChannel.EMAIL, to="warga@example.id", subject="Kelas", body="Kode survei"
            )
            OutboxMessage.objects.filter(pk=queued.pk).update(
                status=status, created_at=timezone.now() - timedelta(days=days_ago)
            )
            return queued.pk

        old_sent, old_failed, old_held = (
            message(s, 31) for s in (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.HELD)
        )
        recent_sent, old_pending = message(OutboxStatus.SENT, 5), message(OutboxStatus.PENDING, 31)
        self.assertEqual(apply_retention(dry_run=True).outbox_messages, 3)
        self.assertEqual(apply_retention().outbox_messages, 3)
        left = set(OutboxMessage.objects.values_list("pk", flat=True))
        self.assertTrue({recent_sent, old_pending} <= left)
        self.assertFalse({old_sent, old_failed, old_held} & left)

    def test_staff_cannot_renew_the_participant_code_of_an_anonymised_registration(self):
        apply_retention()
        self.old.refresh_from_db()
        code_hash = self.old.code_hash
        self.login(self.kepala)
        response = self.client.post(f"/staf/kelas/peserta/{self.old.pk}/kode/", follow=True)
        self.assertContains(response, "kode pesertanya tidak dapat diperbarui")  # Indonesian first
        self.old.refresh_from_db()
        self.assertEqual(self.old.code_hash, code_hash)
        with self.assertRaises(ValidationError):
            participant_code_renew(actor=self.kepala, participant=self.old)
