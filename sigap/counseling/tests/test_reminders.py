"""Reminders obey the person's safe-contact choices: whether, how, when, and what
the text may say. They never say what the appointment is about."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import SimpleTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sigap.counseling.choices import ConsultationKind, ContactMethod, Mode
from sigap.counseling.models import Consultation
from sigap.counseling.reminders import appointment_remind, reminder_time
from sigap.counseling.selectors import free_slots
from sigap.counseling.services import appointment_cancel, appointment_reschedule_public, consultation_open
from sigap.counseling.tests.helpers import CounsellingTestCase, at, build_counsellors
from sigap.notifications.choices import OutboxChannel, OutboxStatus
from sigap.notifications.models import OutboxMessage
from sigap.notifications.safe_hours import in_safe_window
from sigap.test import CommittingTestCase

JAKARTA = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 3, 2, 10, 0, tzinfo=JAKARTA)  # a Monday, 10:00


def jkt(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=JAKARTA)


@override_settings(SIGAP_COUNSELING_REMINDER_HOURS=24)
class ReminderTimeTests(SimpleTestCase):
    def test_without_safe_hours_the_reminder_goes_the_lead_time_before(self):
        self.assertEqual(reminder_time(start=START, now=jkt(1, 8), safe_from=None, safe_until=None), jkt(1, 10))

    def test_outside_the_safe_hours_it_waits_until_they_open(self):
        when = reminder_time(start=START, now=jkt(1, 8), safe_from=time(19), safe_until=time(21))
        self.assertEqual(when, jkt(1, 19))

    def test_safe_hours_past_midnight_are_understood(self):
        self.assertTrue(in_safe_window(jkt(1, 23), time(21), time(6)))
        self.assertTrue(in_safe_window(jkt(2, 5, 59), time(21), time(6)))
        self.assertFalse(in_safe_window(jkt(2, 6), time(21), time(6)))
        when = reminder_time(start=START, now=jkt(1, 8), safe_from=time(21), safe_until=time(6))
        self.assertEqual(when, jkt(1, 21))

    def test_a_booking_made_late_is_reminded_now_if_it_is_safe(self):
        self.assertEqual(reminder_time(start=START, now=jkt(2, 7), safe_from=None, safe_until=None), jkt(2, 7))

    def test_no_reminder_when_the_safe_hours_open_only_after_the_appointment(self):
        self.assertIsNone(reminder_time(start=START, now=jkt(2, 7), safe_from=time(19), safe_until=time(21)))


class ReminderTests(CounsellingTestCase):
    def consultation(self, **contact):
        return consultation_open(
            actor=self.konselor,
            unit=self.puspaga,
            kind=ConsultationKind.CHILD,
            counsellor=self.konselor,
            full_name="Mawar",
            **contact,
        )

    def booked(self, *, start=None, mode=Mode.IN_PERSON, **contact):
        return self.book(self.consultation(**contact), start=start or at(3, 10), mode=mode)

    def remind(self, appointment, *, now=None):
        return appointment_remind(appointment_id=appointment.pk, start=appointment.start.isoformat(), now=now)

    def test_booking_schedules_the_reminder_task_in_the_database_for_the_right_time(self):
        with self.captureOnCommitCallbacks(execute=True):
            appointment = self.booked(
                start=at(3, 10),
                contact_method=ContactMethod.EMAIL,
                contact_value="mawar@example.org",
                safe_from=time(19),
                safe_until=time(21),
            )
        task = DBTaskResult.objects.get(task_path="sigap.counseling.reminders.send_appointment_reminder")
        self.assertEqual(task.run_after, at(2, 19))  # 24 hours before is 10:00, outside 19–21
        self.assertEqual(
            task.args_kwargs["kwargs"],
            {"appointment_id": appointment.pk, "start": appointment.start.astimezone(UTC).isoformat()},
        )

    def test_no_contact_means_no_reminder_at_all(self):
        with self.captureOnCommitCallbacks(execute=True):
            appointment = self.booked(contact_method=ContactMethod.NONE)
        self.assertFalse(DBTaskResult.objects.exists())
        self.assertEqual(self.remind(appointment), "no contact")
        self.assertFalse(OutboxMessage.objects.exists())

    def test_a_neutral_reminder_names_neither_us_nor_the_place_nor_the_reason(self):
        appointment = self.booked(
            mode=Mode.ONLINE, contact_method=ContactMethod.EMAIL, contact_value="mawar@example.org"
        )
        self.assertEqual(self.remind(appointment), "queued")
        message = OutboxMessage.objects.get()
        self.assertEqual((message.channel, message.to), (OutboxChannel.EMAIL, "mawar@example.org"))
        text = f"{message.subject}\n{message.body}"
        for word in ("Puspaga", "LP-PAR", "Majapahit", "meet.example.org", "anak", "pengasuhan", "Child", "Mawar"):
            self.assertNotIn(word.lower(), text.lower(), word)
        self.assertIn("10.00", text.replace(":", "."))  # the time, in the person's language

    def test_with_leave_to_name_us_the_reminder_says_who_we_are_and_where_but_still_not_why(self):
        appointment = self.booked(
            contact_method=ContactMethod.WHATSAPP, contact_value="+6281234567890", may_identify=True
        )
        self.remind(appointment)
        message = OutboxMessage.objects.get()
        self.assertEqual(message.channel, OutboxChannel.WHATSAPP)
        self.assertIn(settings.SIGAP_SERVICE_NAME, message.body)
        self.assertIn("Majapahit", message.body)
        self.assertNotIn("anak", message.body.lower())
        self.assertNotIn("Puspaga", message.subject)

    def test_a_phone_contact_is_reminded_by_sms(self):
        self.remind(self.booked(contact_method=ContactMethod.PHONE, contact_value="+6281234567890"))
        self.assertEqual(OutboxMessage.objects.get().channel, OutboxChannel.SMS)

    def test_a_reminder_due_outside_the_safe_hours_waits_in_the_outbox_until_they_open(self):
        appointment = self.booked(
            start=at(3, 10),
            contact_method=ContactMethod.EMAIL,
            contact_value="mawar@example.org",
            safe_from=time(19),
            safe_until=time(21),
        )
        self.remind(appointment, now=at(2, 9))
        message = OutboxMessage.objects.get()
        self.assertEqual(message.next_attempt_at, at(2, 19))
        # The row keeps the person's choices, so a retry or a late sweep obeys them too.
        self.assertEqual((message.safe_from, message.safe_until, message.may_identify), (time(19), time(21), False))

    def test_a_reminder_waiting_in_the_outbox_is_taken_back_when_the_appointment_is_cancelled_or_moved(self):
        contact = {"contact_method": ContactMethod.EMAIL, "contact_value": "mawar@example.org"}
        contact |= {"safe_from": time(19), "safe_until": time(21)}
        cancelled, moved = self.booked(start=at(3, 10), **contact), self.booked(start=at(3, 11), **contact)
        for appointment in (cancelled, moved):
            self.remind(appointment, now=at(2, 9))  # written, waiting for 19.00
        self.assertEqual(OutboxMessage.objects.count(), 2)
        appointment_cancel(appointment=cancelled)
        slots = free_slots(unit=self.puspaga, kind=moved.consultation.kind, mode=moved.mode, profile_id=self.profile.pk)
        new_start = next(slot.start for slot in slots if slot.start > moved.start)
        appointment_reschedule_public(appointment=moved, start=new_start)
        self.assertFalse(OutboxMessage.objects.exists())  # neither goes out with its old time

    def test_cancelled_moved_or_already_reminded_appointments_get_nothing_more(self):
        contact = {"contact_method": ContactMethod.EMAIL, "contact_value": "mawar@example.org"}
        cancelled = self.booked(start=at(3, 9), **contact)
        appointment_cancel(appointment=cancelled)
        self.assertEqual(self.remind(cancelled), "cancelled")
        moved = self.booked(start=at(3, 11), **contact)
        self.assertEqual(appointment_remind(appointment_id=moved.pk, start=at(3, 8).isoformat()), "moved")
        twice = self.booked(start=at(3, 13), **contact)
        self.assertEqual(self.remind(twice), "queued")
        self.assertEqual(self.remind(twice), "already sent")
        self.assertEqual(OutboxMessage.objects.count(), 1)


class ReminderWorkerTests(CommittingTestCase):
    def test_the_worker_runs_the_reminder_and_the_mail_leaves_with_a_neutral_subject(self):
        build_counsellors({"konselor": self.konselor, "konselor2": self.konselor2}, self.puspaga_pekalongan)
        consultation = consultation_open(
            actor=self.konselor,
            unit=self.puspaga_pekalongan,
            kind=ConsultationKind.PREMARITAL,
            counsellor=self.konselor,
            full_name="Andi",
            contact_method=ContactMethod.EMAIL,
            contact_value="andi@example.org",
        )
        from sigap.counseling.services import appointment_book

        # In three hours: 24 hours before has passed, so the reminder is due now.
        start = (timezone.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
        appointment_book(actor=None, consultation=consultation, start=start, mode=Mode.IN_PERSON)
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        message = OutboxMessage.objects.get()
        self.assertEqual(message.status, OutboxStatus.SENT)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["andi@example.org"])
        self.assertNotIn("pranikah", (mail.outbox[0].subject + mail.outbox[0].body).lower())
        self.assertNotIn("premarital", (mail.outbox[0].subject + mail.outbox[0].body).lower())
        self.assertIsNotNone(Consultation.objects.get().appointments.get().reminder_sent_at)
