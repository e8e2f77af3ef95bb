from datetime import UTC, datetime, timedelta
from unittest import mock

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sigap.classes import notices
from sigap.classes.choices import SafeHours
from sigap.classes.notices import next_safe_time, registration_notice_send
from sigap.classes.services import registration_cancel, session_reminders_queue
from sigap.classes.tests.helpers import make_cohort, register
from sigap.notifications.models import OutboxMessage
from sigap.test import BaseTestCase, CommittingTestCase

# 10.00 and 22.00 in Pekalongan (WIB, UTC+7).
MORNING = datetime(2030, 3, 4, 3, 0, tzinfo=UTC)
NIGHT = datetime(2030, 3, 4, 15, 0, tzinfo=UTC)


class SafeHoursTests(BaseTestCase):
    def test_a_message_inside_the_window_goes_now_and_outside_waits_for_it_to_open(self):
        self.assertEqual(next_safe_time(SafeHours.MORNING, MORNING), MORNING)
        self.assertEqual(next_safe_time(SafeHours.ANY, NIGHT), NIGHT)
        # 22.00 → the next evening window opens at 17.00 tomorrow (10.00 UTC).
        self.assertEqual(next_safe_time(SafeHours.EVENING, NIGHT), datetime(2030, 3, 5, 10, 0, tzinfo=UTC))
        # 10.00 → the afternoon opens at 12.00 today.
        self.assertEqual(next_safe_time(SafeHours.AFTERNOON, MORNING), datetime(2030, 3, 4, 5, 0, tzinfo=UTC))

    def test_outside_the_safe_hours_the_confirmation_waits_in_the_task_queue_with_no_contact_in_it(self):
        cohort = make_cohort(self)
        with mock.patch.object(timezone, "now", return_value=NIGHT), self.captureOnCommitCallbacks(execute=True):
            registration, _ = register(
                cohort, "Siti Aminah", contact_method="whatsapp", contact_value="+6281234567890", safe_hours="morning"
            )
        self.assertFalse(OutboxMessage.objects.exists())
        task = DBTaskResult.objects.get(task_path="sigap.classes.notices.registration_notice_send")
        self.assertEqual(task.run_after, datetime(2030, 3, 5, 1, 0, tzinfo=UTC))  # 08.00 WIB
        self.assertNotIn("6281234567890", str(task.args_kwargs))
        self.assertEqual(task.args_kwargs["kwargs"]["registration_id"], registration.pk)

    def test_when_the_window_opens_the_message_is_written_to_the_outbox_unless_cancelled(self):
        cohort = make_cohort(self)
        registration, _ = register(cohort, "Siti Aminah", contact_method="email", contact_value="siti@example.org")
        OutboxMessage.objects.all().delete()
        registration_notice_send.call(registration_id=registration.pk, kind=notices.CONFIRMED)
        self.assertEqual(OutboxMessage.objects.get().to, "siti@example.org")
        registration_cancel(actor=None, registration=registration)
        self.assertEqual(
            registration_notice_send.call(registration_id=registration.pk, kind=notices.CONFIRMED), "dropped"
        )

    @override_settings(SIGAP_SERVICE_NAME="Puspaga Kota Pekalongan")
    def test_messages_name_the_service_and_program_only_when_allowed(self):
        cohort = make_cohort(self)
        register(cohort, "Anonim", contact_method="email", contact_value="a@example.org")
        register(cohort, "Terbuka", contact_method="email", contact_value="b@example.org", may_identify=True)
        hidden, named = OutboxMessage.objects.order_by("id")
        self.assertNotIn("Puspaga", hidden.body + hidden.subject)
        self.assertNotIn(cohort.program.name, hidden.body)
        self.assertIn("Puspaga Kota Pekalongan", named.body)
        self.assertIn(cohort.program.name, named.body)
        for message in (hidden, named):
            self.assertNotRegex(message.body, r"[0-9A-Z]{5}-[0-9A-Z]{5}")  # never a participant code

    def test_reminders_go_once_for_sessions_within_a_day_to_those_with_a_place(self):
        cohort = make_cohort(self, capacity=1, first_in_days=0.5)
        register(cohort, "Punya Tempat", contact_method="phone", contact_value="081234567890")
        register(cohort, "Menunggu", contact_method="phone", contact_value="081298765432")
        OutboxMessage.objects.all().delete()
        self.assertEqual(session_reminders_queue(), 1)
        self.assertEqual(session_reminders_queue(), 0)
        message = OutboxMessage.objects.get()
        self.assertEqual((message.channel, message.to), ("sms", "+6281234567890"))


class DeferredNoticeDeliveryTests(CommittingTestCase):
    def test_the_worker_sends_a_deferred_notice_when_its_time_comes(self):
        cohort = make_cohort(self)
        with mock.patch.object(timezone, "now", return_value=NIGHT):
            register(
                cohort, "Siti Aminah", contact_method="whatsapp", contact_value="+6281234567890", safe_hours="morning"
            )
        task = DBTaskResult.objects.get(task_path="sigap.classes.notices.registration_notice_send")
        self.assertFalse(OutboxMessage.objects.exists())
        DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now() - timedelta(seconds=1))
        # The next morning (10.00 local): the outbox, too, sends only inside the safe hours.
        with mock.patch.object(timezone, "now", return_value=NIGHT + timedelta(hours=12)):
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        message = OutboxMessage.objects.get()
        self.assertEqual(message.to, "+6281234567890")
        self.assertEqual((message.safe_from.hour, message.safe_until.hour), (8, 12))
        self.assertEqual(message.status, "held")  # WhatsApp without a provider: kept for staff

    def test_the_reminder_command_queues_reminders(self):
        cohort = make_cohort(self, first_in_days=0.5)
        register(cohort, "Siti Aminah", contact_method="email", contact_value="siti@example.org")
        OutboxMessage.objects.all().delete()
        call_command("send_class_reminders", verbosity=0)
        self.assertEqual(OutboxMessage.objects.count(), 1)
