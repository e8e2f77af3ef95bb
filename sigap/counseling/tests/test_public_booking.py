"""Booking at /konsultasi/ without an account, the private manage link and the
calendar file."""

from datetime import UTC

from django.db import connection
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from sigap.audit.models import AuditEvent
from sigap.counseling.choices import AppointmentStatus, ConsultationSource, Mode
from sigap.counseling.models import Appointment, Consultation
from sigap.counseling.selectors import free_slots
from sigap.counseling.services import SlotTaken, consultation_book_public
from sigap.counseling.tests.helpers import CounsellingTestCase, at
from sigap.counseling.tokens import manage_hash
from sigap.people.models import Person

BOOK = "/konsultasi/"


class PublicBookingTests(CounsellingTestCase):
    def slot(self, *, kind="keluarga", mode=Mode.IN_PERSON, index=0):
        return free_slots(unit=self.puspaga, kind=kind, mode=mode)[index]

    def booking(self, **overrides):
        data = {
            "kind": "keluarga",
            "mode": Mode.IN_PERSON,
            "slot": self.slot().value,
            "name": "Bunga",
            "contact_method": "none",
            "consent": "on",
        }
        return {**data, **overrides}

    def post(self, **overrides):
        return self.client.post(BOOK, self.booking(**overrides))

    def test_the_first_step_shows_the_choices_and_the_quick_exit_without_any_script_needed(self):
        response = self.client.get(BOOK)
        self.assertContains(response, 'name="kind"')
        self.assertContains(response, 'class="quick-exit"')
        self.assertNotContains(response, 'name="slot"')

    def test_choosing_kind_and_mode_lists_the_free_times_of_matching_counsellors(self):
        response = self.client.get(BOOK, {"kind": "hukum", "mode": Mode.IN_PERSON})
        self.assertContains(response, self.slot(kind="hukum").value)
        self.assertNotContains(response, f'value="{self.profile.pk}-')  # the psychologist takes no legal questions

    def test_a_booking_with_an_alias_creates_person_consultation_and_appointment_and_shows_the_manage_link_once(self):
        slot = self.slot()
        response = self.post(slot=slot.value)
        self.assertEqual(response.status_code, 200)
        token = response.context["token"]
        self.assertGreaterEqual(len(token), 43)
        consultation = Consultation.objects.get()
        appointment = consultation.appointments.get()
        self.assertEqual(
            (consultation.source, consultation.counsellor, consultation.unit, consultation.person.full_name),
            (ConsultationSource.PUBLIC, slot_user(slot, self), self.puspaga, "Bunga"),
        )
        self.assertEqual((appointment.start, appointment.status), (slot.start, AppointmentStatus.BOOKED))
        # Only the keyed hash of the token is kept; the page links to it and to the calendar file.
        self.assertEqual(appointment.manage_hash, manage_hash(token))
        self.assertNotIn(token, appointment.manage_hash)
        self.assertContains(response, f"/konsultasi/kelola/{token}/")
        self.assertContains(response, f"/konsultasi/kelola/{token}/janji-temu.ics")
        self.assertEqual(Person.objects.get().responsible, appointment.counsellor)
        self.assertTrue(AuditEvent.objects.filter(target_type="counseling.consultation", action="create").exists())

    def test_a_premarital_booking_links_both_partners(self):
        slot = self.slot(kind="pranikah")
        self.post(kind="pranikah", slot=slot.value, name="Andi", partner_name="Sari")
        consultation = Consultation.objects.get()
        self.assertEqual((consultation.person.full_name, consultation.partner.full_name), ("Andi", "Sari"))

    def test_a_partner_name_is_ignored_for_other_kinds(self):
        self.post(partner_name="Sari")
        self.assertIsNone(Consultation.objects.get().partner)

    def test_a_taken_slot_is_refused_with_a_plain_message_and_what_was_typed_stays(self):
        slot = self.slot()
        self.post(slot=slot.value)
        response = self.post(slot=slot.value, name="Kenanga")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("slot"))
        self.assertContains(response, "Kenanga", status_code=400)
        self.assertEqual(Consultation.objects.count(), 1)

    def test_the_service_refuses_a_time_that_is_not_offered_at_all(self):
        with self.assertRaises(SlotTaken):
            consultation_book_public(
                kind="keluarga",
                mode=Mode.IN_PERSON,
                profile_id=self.profile.pk,
                start=at(3, 3),  # 03:00, outside every block
                name="X",
                contact_method="none",
                consent=True,
            )
        self.assertFalse(Person.objects.exists())

    def test_consent_is_required_and_contact_details_are_checked(self):
        response = self.post(consent="")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("consent"))
        response = self.post(contact_method="whatsapp", contact_value="0812")
        self.assertTrue(response.context["form"].has_error("contact_value"))
        response = self.post(contact_method="email", contact_value="tidak-valid")
        self.assertTrue(response.context["form"].has_error("contact_value"))
        response = self.post(safe_from="19:00")
        self.assertTrue(response.context["form"].has_error("safe_until"))
        self.assertFalse(Consultation.objects.exists())

    def test_safe_contact_choices_are_stored_structured_and_the_number_encrypted(self):
        self.post(contact_method="whatsapp", contact_value="0812 3456 7890", safe_from="19:00", safe_until="21:00")
        consultation = Consultation.objects.get()
        self.assertEqual(consultation.contact_value, "+6281234567890")
        self.assertEqual((consultation.safe_from.hour, consultation.safe_until.hour), (19, 21))
        self.assertFalse(consultation.may_identify)
        with connection.cursor() as cursor:
            cursor.execute("SELECT contact_value FROM counseling_consultation")
            (stored,) = cursor.fetchone()
        self.assertTrue(stored.startswith("enc1:"))
        self.assertNotIn("6281234567890", stored)

    def test_the_honeypot_answers_like_success_but_keeps_nothing(self):
        response = self.post(website="http://spam.example")
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["token"])
        self.assertFalse(Consultation.objects.exists())

    @override_settings(SIGAP_PUBLIC_BOOKINGS_PER_HOUR=2)
    def test_bookings_from_one_address_are_rate_limited(self):
        self.post(slot=self.slot(index=0).value)
        self.post(slot=self.slot(index=0).value)
        response = self.post(slot=self.slot(index=0).value)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(Consultation.objects.count(), 2)


def slot_user(slot, test):
    return test.konselor if slot.profile_id == test.profile.pk else test.konselor2


class ManageLinkTests(CounsellingTestCase):
    def setUp(self):
        super().setUp()
        slot = free_slots(unit=self.puspaga, kind="anak_pengasuhan", mode=Mode.ONLINE)[0]
        self.consultation, self.appointment, self.token = consultation_book_public(
            kind="anak_pengasuhan",
            mode=Mode.ONLINE,
            profile_id=slot.profile_id,
            start=slot.start,
            name="Melati",
            contact_method="none",
            consent=True,
        )
        self.url = f"/konsultasi/kelola/{self.token}/"

    @staticmethod
    def words(msgid: str) -> str:
        """A message as the person's language (Indonesian, the default) says it."""
        with translation.override("id"):
            return gettext(msgid)

    def test_the_link_shows_the_appointment_but_not_what_it_is_about(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "meet.example.org")
        self.assertNotContains(response, "Melati")
        self.assertNotContains(response, str(self.consultation.get_kind_display()))
        self.assertContains(response, 'class="quick-exit"')

    def test_an_unknown_or_altered_token_is_not_found(self):
        self.assertEqual(self.client.get("/konsultasi/kelola/not-a-token/").status_code, 404)
        self.assertEqual(self.client.get(f"/konsultasi/kelola/{self.token[:-1]}x/").status_code, 404)

    def test_the_person_moves_the_appointment_to_another_free_time_of_the_same_counsellor(self):
        new = [
            s
            for s in free_slots(unit=self.puspaga, kind="anak_pengasuhan", mode=Mode.ONLINE)
            if s.start != self.appointment.start
        ][3]
        response = self.client.post(self.url + "ubah/", {"slot": new.value})
        self.assertRedirects(response, self.url)
        self.appointment.refresh_from_db()
        self.assertEqual((self.appointment.start, self.appointment.end), (new.start, new.end))
        self.assertEqual(Appointment.objects.count(), 1)

    def test_moving_to_a_time_that_is_not_offered_is_refused(self):
        response = self.client.post(self.url + "ubah/", {"slot": f"{self.profile.pk}-1"})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["reschedule_form"].has_error("slot"))

    def test_the_person_cancels_and_the_time_is_free_again(self):
        start = self.appointment.start
        response = self.client.post(self.url + "batal/")
        self.assertRedirects(response, self.url)
        self.appointment.refresh_from_db()
        self.assertEqual(self.appointment.status, AppointmentStatus.CANCELLED)
        starts = [s.start for s in free_slots(unit=self.puspaga, kind="anak_pengasuhan", mode=Mode.ONLINE)]
        self.assertIn(start, starts)
        self.assertNotContains(self.client.get(self.url), "ubah/")

    def test_the_calendar_file_says_appointment_and_place_and_never_the_reason(self):
        response = self.client.get(self.url + "janji-temu.ics")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        text = response.content.decode()
        self.assertIn("BEGIN:VEVENT", text)
        self.assertIn("DTSTART:" + self.appointment.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"), text)
        self.assertIn(f"LOCATION:{self.words('Online')}\r\n", text)  # the link may name the service: not without leave
        for leak in ("anak", "pengasuhan", "Child", "Melati", "Puspaga", "LP-PAR", "konsel", "Psikolog", "Sigap"):
            self.assertNotIn(leak.lower(), text.lower(), leak)
        for line in text.split("\r\n"):
            self.assertLessEqual(len(line.encode()), 75)

    def test_with_leave_to_name_us_the_calendar_carries_the_video_link(self):
        Consultation.objects.filter(pk=self.consultation.pk).update(may_identify=True)
        text = self.client.get(self.url + "janji-temu.ics").content.decode()
        online = self.words("Online")
        self.assertIn(f"LOCATION:{online}: https://meet.example.org/ruang-puspaga", text.replace("\r\n ", ""))
        self.assertNotIn("anak", text.lower())

    def test_an_office_appointment_gives_the_office_address(self):
        from django.conf import settings

        Appointment.objects.filter(pk=self.appointment.pk).update(mode=Mode.IN_PERSON)
        text = self.client.get(self.url + "janji-temu.ics").content.decode().replace("\r\n ", "")
        self.assertIn(settings.SIGAP_OFFICE_ADDRESS.replace(",", "\\,"), text)
