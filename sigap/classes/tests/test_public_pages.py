from datetime import timedelta

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sigap.classes.choices import RegistrationStatus
from sigap.classes.models import Participant, Registration
from sigap.classes.services import cohort_update
from sigap.classes.tests.helpers import PARENTING, make_cohort, move_sessions, register
from sigap.lib.ratelimit import reset_rate_limits
from sigap.people.models import Person
from sigap.test import BaseTestCase


def registration_data(**overrides):
    data = {
        "full_name": "Siti Aminah",
        "sex": "P",
        "partner_name": "Budi Santoso",
        "partner_sex": "L",
        "contact_method": "none",
        "safe_hours": "any",
        "consent": "on",
    }
    return {**data, **overrides}


class PublicClassPagesTests(BaseTestCase):
    def setUp(self):
        reset_rate_limits()
        self.cohort = make_cohort(self, capacity=4)

    def register(self, **overrides):
        return self.client.post(f"/kelas/{self.cohort.pk}/daftar/", registration_data(**overrides))

    def test_the_list_shows_open_cohorts_with_dates_mode_and_places_and_has_a_quick_exit(self):
        closed = make_cohort(self, name="Angkatan Tutup")
        cohort_update(actor=self.kepala, cohort=closed, registration_open=False)
        started = make_cohort(self, name="Angkatan Berjalan")
        move_sessions(started, by=timedelta(days=-8))
        response = self.client.get("/kelas/")
        self.assertEqual([c.pk for c in response.context["cohorts"]], [self.cohort.pk])
        self.assertContains(response, "Angkatan Mei")
        self.assertContains(response, 'id="quick-exit"')
        self.assertContains(response, f"/kelas/{self.cohort.pk}/daftar/")
        self.assertNotContains(response, "meet.example")  # the meeting link is for participants only

    def test_a_couple_registers_together_with_the_least_data_and_gets_two_codes_once(self):
        response = self.register()
        self.assertEqual(response.status_code, 200)  # shown in the POST answer, never redirected to
        registration = Registration.objects.get()
        self.assertEqual(registration.status, RegistrationStatus.ENROLLED)
        codes = [code for _participant, code in response.context["participants"]]
        self.assertEqual(len(codes), 2)
        for code in codes:
            self.assertContains(response, code)
            self.assertFalse(Participant.objects.filter(code_hash__contains=code).exists())
        people = Person.objects.filter(pk__in=registration.participants.values("person"))
        self.assertEqual(sorted(p.full_name for p in people), ["Budi Santoso", "Siti Aminah"])
        for person in people:
            self.assertEqual((person.nik, person.phone, person.address, person.unit), ("", "", "", self.puspaga))
        self.assertEqual(registration.lawful_basis, "uu-pdp-20-2-e+consent")

    def test_consent_is_required_and_what_was_typed_is_kept(self):
        response = self.register(consent="", full_name="Rina Wati")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("consent"))
        self.assertContains(response, "Rina Wati", status_code=400)
        self.assertFalse(Registration.objects.exists())

    def test_a_phone_contact_needs_a_valid_number(self):
        response = self.register(contact_method="whatsapp", contact_value="0812")
        self.assertTrue(response.context["form"].has_error("contact_value"))
        self.register(contact_method="whatsapp", contact_value="0812-3456-7890", safe_hours="evening")
        registration = Registration.objects.get()
        self.assertEqual((registration.contact_value, registration.safe_hours), ("+6281234567890", "evening"))

    def test_programs_for_individuals_have_no_partner_field(self):
        cohort = make_cohort(self, name="Pengasuhan", program_name=PARENTING)
        response = self.client.get(f"/kelas/{cohort.pk}/daftar/")
        self.assertNotIn("partner_name", response.context["form"].fields)

    def test_the_honeypot_answers_like_success_but_keeps_nothing(self):
        response = self.register(website="http://spam.example")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["participants"], [])
        self.assertFalse(Registration.objects.exists())

    @override_settings(SIGAP_CLASS_REGISTRATIONS_PER_HOUR=2)
    def test_registrations_from_one_address_are_rate_limited(self):
        self.register()
        self.register(full_name="Dua", partner_name="")
        self.assertEqual(self.register(full_name="Tiga", partner_name="").status_code, 429)
        self.assertEqual(Registration.objects.count(), 2)

    def test_a_cohort_that_has_started_takes_no_registrations(self):
        move_sessions(self.cohort, by=timedelta(days=-8))
        self.assertEqual(self.register().status_code, 404)

    def test_the_participant_page_opens_with_the_code_in_the_post_body_only(self):
        code = self.register().context["participants"][0][1]
        self.assertEqual(self.client.get("/kelas/peserta/", {"code": code}).context.get("participant"), None)
        response = self.client.post("/kelas/peserta/", {"code": code.replace("-", " ").lower()})
        self.assertContains(response, "Siti Aminah")
        self.assertContains(response, "meet.example")  # she has a place in an online cohort
        self.assertNotContains(response, "Budi Santoso")  # her partner has his own code and page

    def test_the_participant_page_costs_the_same_number_of_queries_for_2_or_8_sessions(self):
        short = register(self.cohort, "Siti Aminah")[1][0][1]
        longer = register(make_cohort(self, name="Angkatan Panjang", sessions=8), "Dewi Lestari")[1][0][1]
        self.client.post("/kelas/peserta/", {"code": short})  # warm the caches
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(len(self.client.post("/kelas/peserta/", {"code": short}).context["sessions"]), 2)
        with self.assertNumQueries(len(few.captured_queries)):
            self.assertEqual(len(self.client.post("/kelas/peserta/", {"code": longer}).context["sessions"]), 8)

    def test_a_wrong_code_says_so_and_shows_nothing(self):
        response = self.client.post("/kelas/peserta/", {"code": "AAAAA-BBBBB"})
        self.assertTrue(response.context["not_found"])
        self.assertNotIn("participant", response.context)

    @override_settings(SIGAP_PARTICIPANT_CODE_LOOKUPS_PER_HOUR=3)
    def test_code_lookups_are_rate_limited(self):
        for _ in range(3):
            self.client.post("/kelas/peserta/", {"code": "AAAAA-BBBBB"})
        self.assertEqual(self.client.post("/kelas/peserta/", {"code": "AAAAA-BBBBB"}).status_code, 429)

    def test_a_participant_cancels_and_the_next_in_line_gets_the_places(self):
        first = self.register().context["participants"][0][1]
        self.register(full_name="Rina Wati", partner_name="Agus Salim")  # 4 of 4
        self.register(full_name="Dewi Lestari", partner_name="")
        self.assertEqual(Registration.objects.get(participants__person__full_name="Dewi Lestari").status, "waiting")
        response = self.client.post("/kelas/peserta/batal/", {"code": first})
        self.assertContains(response, 'class="status">' + str(RegistrationStatus.CANCELLED.label))
        self.assertEqual(Registration.objects.get(participants__person__full_name="Siti Aminah").status, "cancelled")
        self.assertEqual(Registration.objects.get(participants__person__full_name="Dewi Lestari").status, "enrolled")

    def test_the_pages_start_working_without_javascript(self):
        # The forms are plain HTML forms: no script is needed to submit them.
        for path in ("/kelas/", f"/kelas/{self.cohort.pk}/daftar/", "/kelas/peserta/", "/kelas/hadir/", "/sertifikat/"):
            html = self.client.get(path).content.decode()
            with self.subTest(path=path):
                self.assertNotIn("<script>", html)
                self.assertNotIn(" style=", html)
                self.assertNotIn("hx-", html)

    def test_the_schedule_on_the_participant_page_is_in_local_time(self):
        code = self.register().context["participants"][0][1]
        response = self.client.post("/kelas/peserta/", {"code": code})
        first = timezone.localtime(self.cohort.sessions.first().starts_at)
        self.assertContains(response, f"{first:%H.%M}")
