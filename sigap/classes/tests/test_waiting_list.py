from django.db import connection
from django.utils import formats, timezone, translation

from sigap.audit.models import AuditEvent
from sigap.classes.choices import RegistrationStatus
from sigap.classes.models import Registration
from sigap.classes.services import cohort_update, registration_cancel
from sigap.classes.tests.helpers import make_cohort, register
from sigap.notifications.models import OutboxMessage
from sigap.test import BaseTestCase


class WaitingListTests(BaseTestCase):
    def setUp(self):
        self.cohort = make_cohort(self, capacity=3)

    def status(self, registration) -> str:
        return Registration.objects.get(pk=registration.pk).status

    def test_a_couple_takes_two_places_and_the_next_couple_waits(self):
        first, codes = register(self.cohort, "Siti Aminah", "Budi Santoso")
        second, _ = register(self.cohort, "Rina Wati", "Agus Salim")
        self.assertEqual(first.status, RegistrationStatus.ENROLLED)
        self.assertEqual(len(codes), 2)
        self.assertEqual(second.status, RegistrationStatus.WAITING)

    def test_nobody_jumps_the_line_even_when_a_single_place_is_free(self):
        register(self.cohort, "Siti Aminah", "Budi Santoso")  # 2 of 3
        couple, _ = register(self.cohort, "Rina Wati", "Agus Salim")  # needs 2, 1 free: waits
        single, _ = register(self.cohort, "Dewi Lestari")  # 1 free, but a couple waits before her
        self.assertEqual((couple.status, single.status), (RegistrationStatus.WAITING, RegistrationStatus.WAITING))

    def test_a_cancellation_promotes_the_next_in_line_and_tells_them_by_their_chosen_channel(self):
        first, _ = register(self.cohort, "Siti Aminah", "Budi Santoso")
        waiting, _ = register(
            self.cohort, "Rina Wati", "Agus Salim", contact_method="whatsapp", contact_value="+6281234567890"
        )
        OutboxMessage.objects.all().delete()  # the waiting-list confirmation
        registration_cancel(actor=self.fasilitator, registration=first)
        self.assertEqual(self.status(first), RegistrationStatus.CANCELLED)
        self.assertEqual(self.status(waiting), RegistrationStatus.ENROLLED)
        message = OutboxMessage.objects.get()
        self.assertEqual((message.channel, message.to), ("whatsapp", "+6281234567890"))
        with translation.override("id"):  # the installation's language, whatever the request's
            start = formats.date_format(timezone.localtime(self.cohort.sessions.first().starts_at), "DATETIME_FORMAT")
        self.assertIn(start, message.body)
        self.assertNotIn("Puspaga", message.body)  # they did not allow messages to name us
        self.assertTrue(
            AuditEvent.objects.filter(target_type="classes.registration", target_id=str(waiting.pk), action="change")
        )

    def test_promotion_follows_the_order_of_registration_and_stops_at_the_first_that_does_not_fit(self):
        first, _ = register(self.cohort, "A Satu", "B Satu")
        register(self.cohort, "C Dua")  # 3 of 3
        single, _ = register(self.cohort, "D Tiga")
        couple, _ = register(self.cohort, "E Empat", "F Empat")
        later, _ = register(self.cohort, "G Lima")
        registration_cancel(actor=None, registration=first)  # 2 places free
        self.assertEqual(self.status(single), RegistrationStatus.ENROLLED)  # 1 left
        self.assertEqual(self.status(couple), RegistrationStatus.WAITING)  # needs 2
        self.assertEqual(self.status(later), RegistrationStatus.WAITING)  # behind the couple

    def test_more_places_promote_people_from_the_waiting_list(self):
        register(self.cohort, "A Satu", "B Satu")
        register(self.cohort, "C Dua")
        waiting, _ = register(self.cohort, "D Tiga", contact_method="email", contact_value="dtiga@example.org")
        cohort_update(actor=self.kepala, cohort=self.cohort, capacity=4)
        self.assertEqual(self.status(waiting), RegistrationStatus.ENROLLED)
        self.assertEqual(OutboxMessage.objects.filter(channel="email").count(), 2)  # waiting notice, then promotion

    def test_someone_who_chose_no_messages_gets_none(self):
        first, _ = register(self.cohort, "A Satu", "B Satu")
        register(self.cohort, "C Dua")
        register(self.cohort, "D Tiga")
        registration_cancel(actor=None, registration=first)
        self.assertFalse(OutboxMessage.objects.exists())

    def test_contact_details_are_encrypted_at_rest(self):
        registration, _ = register(self.cohort, "Siti Aminah", contact_method="phone", contact_value="+6281234567890")
        with connection.cursor() as cursor:
            cursor.execute("SELECT contact_value FROM classes_registration WHERE id = %s", [registration.pk])
            self.assertNotIn("6281234567890", cursor.fetchone()[0])
