"""Hostile input for the Puspaga public pages: counselling and classes.

The corpus and helpers of sigap/tests/test_hostile_input.py, sent to booking at
/konsultasi/ (both steps), the private manage link /konsultasi/kelola/<token>/...,
the IKM survey at /survei/, the classes pages /kelas/ (cohort list, registration,
participant page, check-in, tests, cancel, own certificate), certificate
verification /sertifikat/<code>/ and the public API routes public/cohorts,
public/cohorts/<id>/registrations and public/certificates/<code>. Expected as there:
never a 500; a clear 4xx with the field's error (and what was typed kept) where input
is refused; what is accepted is stored verbatim and shown inert on the staff pages
(as `konselor`/`kepala` for consultations, `fasilitator`/`kepala` for cohorts); the
hourly limits per address answer 429, also for hostile submissions.
"""

import json
from functools import cached_property
from urllib.parse import quote, urlencode

from django.test import Client, override_settings

from sigap.classes.choices import QuizKind
from sigap.classes.models import Participant, Registration
from sigap.classes.tests.helpers import PREMARITAL, make_cohort, register
from sigap.counseling.choices import Mode
from sigap.counseling.models import Appointment, Consultation, SurveyResponse
from sigap.counseling.selectors import free_slots
from sigap.counseling.services import consultation_book_public, survey_invitation_issue
from sigap.counseling.tests.helpers import build_counsellors
from sigap.test import login_verified
from sigap.tests.test_hostile_input import (
    INJECTIONS,
    MARK,
    MEGABYTE,
    REFUSED_CHARACTERS,
    SQL,
    STORED_VERBATIM,
    UNICODE,
    HostileInputTestCase,
)

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
UNLIMITED = 10**6
# Hostile values for a path segment or a code: the corpus, plus traversal and a huge number.
HOSTILE_CODES = [*INJECTIONS[:6], *SQL, *UNICODE[:2], "../../staf/", "%00", "9" * 40, MEGABYTE[:5000]]
BAD_BODIES = [
    (JSON, "[1,"),
    (JSON, "[]"),
    (JSON, '"text"'),
    (JSON, "null"),
    (JSON, b'{"full_name": "\xff\xfe"}'),
    ("text/plain", "full_name=x"),
    ("multipart/form-data", "no boundary"),
    ("multipart/form-data; boundary=B0UNDARY", "--B0UNDARY\r\nContent-Disposition: form-data; name=acc"),
    (f"{FORM}; charset=no-such-charset", "name=x"),
    ("application/octet-stream", b"\x00\xff" * 100),
]


class PuspagaHostileTestCase(HostileInputTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        profiles = build_counsellors({"konselor": cls.konselor, "konselor2": cls.konselor2}, cls.puspaga)
        cls.profile = profiles["konselor"]

    def staff_view(self, user, paths: list[str]) -> list[str]:
        """Each page as `user` sees it: 200 and nothing from input can run."""
        staff = login_verified(Client(raise_request_exception=False), user)
        pages = []
        for path in paths:
            response = staff.get(path)
            self.assertEqual(response.status_code, 200, f"{path} as {user}")
            page = response.content.decode()
            self.assertInert(page, f"{path} as {user}")
            pages.append(page)
        return pages


# --- Counselling ----------------------------------------------------------------------


class BookingTests(PuspagaHostileTestCase):
    def slots(self, kind="keluarga", mode=Mode.IN_PERSON):
        return free_slots(unit=self.puspaga, kind=kind, mode=mode)

    @cached_property
    def first_slot(self):
        return self.slots("pranikah")[0]

    def booking(self, chosen=None, **overrides) -> dict:
        return {
            "kind": "pranikah",
            "mode": Mode.IN_PERSON,
            "slot": (chosen or self.first_slot).value,
            "name": "Bunga",
            "partner_name": "Andi",
            "contact_method": "none",
            "consent": "on",
            **overrides,
        }

    @override_settings(SIGAP_PUBLIC_BOOKINGS_PER_HOUR=UNLIMITED)
    def test_markup_sql_formulas_and_bidi_text_are_stored_verbatim_and_shown_inert_to_staff(self):
        slots = self.slots("pranikah")
        self.assertGreaterEqual(len(slots), len(STORED_VERBATIM))
        for text, slot in zip(STORED_VERBATIM, slots, strict=False):
            response = self.send("/konsultasi/", self.booking(slot, name=text[:150], partner_name=text[:150]))
            self.assertEqual(response.status_code, 200, text)
            self.assertTrue(response.context["token"])
        consultations = list(Consultation.objects.select_related("counsellor").order_by("pk"))
        self.assertEqual(len(consultations), len(STORED_VERBATIM))
        for user in (self.konselor, self.kepala):
            self.staff_view(user, ["/staf/konsultasi/", "/staf/konsultasi/jadwal/"])
        for consultation, text in zip(consultations, STORED_VERBATIM, strict=True):
            (page,) = self.staff_view(consultation.counsellor, [f"/staf/konsultasi/{consultation.pk}/"])
            self.assertShownAsText(text[:150].strip(), page)

    @override_settings(SIGAP_PUBLIC_BOOKINGS_PER_HOUR=UNLIMITED)
    def test_control_characters_are_refused_with_a_field_error_and_what_was_typed_is_kept(self):
        for char in REFUSED_CHARACTERS:
            for field in ("name", "partner_name"):
                with self.subTest(field=field, char=repr(char)):
                    response = self.send("/konsultasi/", self.booking(**{field: f"halo{char}dunia {MARK}"}))
                    self.assertFieldError(response, field)
                    self.assertContains(response, f"dunia {MARK}", status_code=400)
            response = self.send(
                "/konsultasi/", self.booking(contact_method="email", contact_value=f"a{char}@example.com")
            )
            self.assertFieldError(response, "contact_value")
        self.assertFalse(Consultation.objects.exists())

    @override_settings(SIGAP_PUBLIC_BOOKINGS_PER_HOUR=UNLIMITED)
    def test_a_megabyte_in_any_field_is_refused_with_that_fields_error(self):
        for field, extra in [
            ("name", {}),
            ("partner_name", {}),
            ("contact_value", {"contact_method": "email"}),
            ("slot", {}),
            ("kind", {}),
            ("mode", {}),
            ("contact_method", {}),
            ("safe_from", {"safe_until": "10:00"}),
        ]:
            with self.subTest(field=field):
                self.assertFieldError(self.send("/konsultasi/", self.booking(**{field: MEGABYTE}, **extra)), field)
        self.assertFalse(Consultation.objects.exists())

    @override_settings(SIGAP_PUBLIC_BOOKINGS_PER_HOUR=UNLIMITED)
    def test_sql_and_markup_in_choice_and_time_fields_are_refused_with_a_field_error(self):
        for field in ("slot", "kind", "mode", "contact_method", "safe_from"):
            for text in [SQL[0], SQL[1], INJECTIONS[0]]:
                with self.subTest(field=field, text=text):
                    extra = {"safe_until": "10:00"} if field == "safe_from" else {}
                    self.assertFieldError(self.send("/konsultasi/", self.booking(**{field: text}, **extra)), field)
        self.assertFalse(Consultation.objects.exists())
        self.assertEqual(self.send("/konsultasi/", self.booking()).status_code, 200)
        self.assertEqual(Consultation.objects.count(), 1)

    def test_the_first_step_with_hostile_choices_lists_nothing_and_echoes_nothing_that_runs(self):
        for text in [*INJECTIONS, *SQL, MEGABYTE[:5000], "\x00"]:
            for params in ({"kind": text, "mode": Mode.IN_PERSON}, {"kind": "keluarga", "mode": text}):
                response = self.send("/konsultasi/", params, method="GET")
                self.assertEqual(response.status_code, 200)
                self.assertFalse(response.context["searched"])
                self.assertNotContains(response, 'name="slot"')
        response = self.send("/konsultasi/?" + urlencode({"kind": "keluarga", "mode": Mode.IN_PERSON}), method="GET")
        self.assertContains(response, 'name="slot"')

    @override_settings(SIGAP_PUBLIC_BOOKINGS_PER_HOUR=UNLIMITED)
    def test_invalid_utf8_oversized_and_malformed_bodies_store_nothing_and_never_fail(self):
        valid = urlencode(self.booking()).encode()
        self.assertFieldError(self.send("/konsultasi/", valid + b"&name=\xff\xfe\x80", content_type=FORM), "name")
        self.assertEqual(
            self.send("/konsultasi/", "name=" + "A" * (30 * 1024 * 1024), content_type=FORM).status_code, 400
        )
        for content_type, body in BAD_BODIES:
            with self.subTest(content_type=content_type):
                self.assertIn(self.send("/konsultasi/", body, content_type=content_type).status_code, (200, 400))
        self.assertEqual(self.send("/konsultasi/", method="PUT").status_code, 405)
        self.assertFalse(Consultation.objects.exists())

    @override_settings(SIGAP_PUBLIC_BOOKINGS_PER_HOUR=3)
    def test_the_hourly_limit_counts_hostile_submissions(self):
        self.send("/konsultasi/", self.booking(name=MEGABYTE))
        self.send("/konsultasi/", "[1,", content_type=JSON)
        self.send("/konsultasi/", self.booking(name=INJECTIONS[0]))
        self.assertEqual(self.send("/konsultasi/", self.booking()).status_code, 429)
        self.assertEqual(self.send("/konsultasi/", self.booking(), HTTP_X_FORWARDED_FOR="203.0.113.9").status_code, 429)
        self.assertEqual(Consultation.objects.count(), 1)


class ManageLinkTests(PuspagaHostileTestCase):
    def setUp(self):
        super().setUp()
        slot = free_slots(unit=self.puspaga, kind="keluarga", mode=Mode.ONLINE)[0]
        _consultation, self.appointment, self.token = consultation_book_public(
            kind="keluarga",
            mode=Mode.ONLINE,
            profile_id=slot.profile_id,
            start=slot.start,
            name="Melati",
            contact_method="none",
            consent=True,
        )
        self.url = f"/konsultasi/kelola/{self.token}/"

    @override_settings(SIGAP_PUBLIC_BOOKINGS_PER_HOUR=UNLIMITED)
    def test_hostile_tokens_find_nothing_on_any_manage_page(self):
        for token in [*HOSTILE_CODES, self.token + "'", self.token.upper()]:
            base = f"/konsultasi/kelola/{quote(token, safe='')}/"
            with self.subTest(token=token[:40]):
                self.assertEqual(self.send(base, method="GET").status_code, 404)
                self.assertEqual(self.send(base + "janji-temu.ics", method="GET").status_code, 404)
                self.assertEqual(self.send(base + "batal/").status_code, 404)
                self.assertEqual(self.send(base + "ubah/", {"slot": SQL[0]}).status_code, 404)
        self.appointment.refresh_from_db()
        self.assertEqual(self.appointment.status, "booked")

    @override_settings(SIGAP_PUBLIC_BOOKINGS_PER_HOUR=UNLIMITED)
    def test_hostile_new_times_are_refused_with_the_slot_error_and_the_booking_stays(self):
        start = self.appointment.start
        for text in [*INJECTIONS[:6], *SQL[:2], MEGABYTE, "\x00", f"{self.profile.pk}-1", ""]:
            with self.subTest(text=text[:40]):
                response = self.send(self.url + "ubah/", {"slot": text})
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["reschedule_form"].has_error("slot"))
        for content_type, body in BAD_BODIES[:3] + BAD_BODIES[-3:]:
            self.assertIn(self.send(self.url + "ubah/", body, content_type=content_type).status_code, (400,))
        self.assertEqual(self.send(self.url, method="POST").status_code, 405)
        self.assertEqual(self.send(self.url + "batal/", method="GET").status_code, 405)
        self.appointment.refresh_from_db()
        self.assertEqual((self.appointment.start, Appointment.objects.count()), (start, 1))
        self.staff_view(self.konselor, ["/staf/konsultasi/", f"/staf/konsultasi/{self.appointment.consultation_id}/"])

    @override_settings(SIGAP_PUBLIC_BOOKINGS_PER_HOUR=1)
    def test_the_hourly_limit_counts_hostile_tokens_and_slots(self):
        self.send(f"/konsultasi/kelola/{quote(SQL[0], safe='')}/batal/")
        self.send(f"/konsultasi/kelola/{quote(SQL[1], safe='')}/ubah/", {"slot": INJECTIONS[0]})
        self.send(self.url + "ubah/", {"slot": MEGABYTE})
        self.assertEqual(self.send(self.url + "batal/").status_code, 429)
        self.assertEqual(self.send(self.url + "ubah/", {"slot": "x"}).status_code, 429)
        self.appointment.refresh_from_db()
        self.assertEqual(self.appointment.status, "booked")


class SurveyTests(PuspagaHostileTestCase):
    def answers(self, code: str, **extra) -> dict:
        return {"code": code, **{f"u{n}": 3 for n in range(1, 10)}, **extra}

    @override_settings(SIGAP_SURVEY_TRIES_PER_HOUR=UNLIMITED)
    def test_hostile_codes_are_refused_with_400_and_echoed_inert(self):
        for text in [*INJECTIONS, *SQL, *UNICODE]:
            response = self.send("/survei/", {"code": text})
            self.assertEqual(response.status_code, 400, text)
        for text in [MEGABYTE, *(f"AB{char}CD" for char in REFUSED_CHARACTERS)]:
            self.assertEqual(self.send("/survei/", {"code": text}).status_code, 400)
        response = self.send("/survei/", {"code": MEGABYTE})
        self.assertFieldError(response, "code")
        self.assertEqual(self.send("/survei/", self.answers(INJECTIONS[0])).status_code, 400)
        self.assertFalse(SurveyResponse.objects.exists())

    @override_settings(SIGAP_SURVEY_TRIES_PER_HOUR=UNLIMITED)
    def test_hostile_comments_are_stored_verbatim_and_refused_characters_keep_what_was_typed(self):
        for text in STORED_VERBATIM:
            code = survey_invitation_issue(unit=self.puspaga)
            self.assertEqual(self.send("/survei/", self.answers(code, comment=text)).status_code, 200, text)
        self.assertEqual(
            sorted(SurveyResponse.objects.values_list("comment", flat=True)),
            sorted(text.strip() for text in STORED_VERBATIM),
        )
        code = survey_invitation_issue(unit=self.puspaga)
        for char in REFUSED_CHARACTERS:
            response = self.send("/survei/", self.answers(code, comment=f"halo{char}dunia {MARK}"))
            self.assertFieldError(response, "comment")
            self.assertContains(response, f"dunia {MARK}", status_code=400)
        self.assertFieldError(self.send("/survei/", self.answers(code, comment=MEGABYTE)), "comment")
        for text in [*SQL, "5", "-1", MEGABYTE]:
            self.assertFieldError(self.send("/survei/", self.answers(code, u1=text)), "u1")
        for content_type, body in BAD_BODIES:
            self.assertEqual(self.send("/survei/", body, content_type=content_type).status_code, 400)
        self.assertEqual(SurveyResponse.objects.count(), len(STORED_VERBATIM))
        self.staff_view(self.kepala, ["/staf/konsultasi/ikm/"])

    @override_settings(SIGAP_SURVEY_TRIES_PER_HOUR=3)
    def test_the_hourly_limit_counts_hostile_tries(self):
        self.send("/survei/", {"code": MEGABYTE})
        self.send("/survei/", {"code": INJECTIONS[0]})
        self.send("/survei/", "[1,", content_type=JSON)
        code = survey_invitation_issue(unit=self.puspaga)
        self.assertEqual(self.send("/survei/", {"code": code}).status_code, 429)
        self.assertEqual(self.send("/survei/", self.answers(code)).status_code, 429)
        self.assertFalse(SurveyResponse.objects.exists())


# --- Classes ----------------------------------------------------------------------------


class ClassesHostileTestCase(PuspagaHostileTestCase):
    def setUp(self):
        super().setUp()
        self.cohort = make_cohort(self, program_name=PREMARITAL, capacity=200)
        self.url = f"/kelas/{self.cohort.pk}/daftar/"

    def registration(self, **overrides) -> dict:
        return {
            "full_name": "Siti Aminah",
            "partner_name": "Budi",
            "contact_method": "none",
            "consent": "on",
            **overrides,
        }

    def api_registration(self, **overrides) -> dict:
        return {"full_name": "Siti Aminah", "contact_method": "none", "consent": True, **overrides}

    def api_register(self, payload, pk=None):
        body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
        return self.send(f"/api/v1/public/cohorts/{pk or self.cohort.pk}/registrations", body, content_type=JSON)


class RegistrationTests(ClassesHostileTestCase):
    @override_settings(SIGAP_CLASS_REGISTRATIONS_PER_HOUR=UNLIMITED)
    def test_markup_sql_formulas_and_bidi_text_are_stored_verbatim_and_shown_inert_to_staff(self):
        for text in STORED_VERBATIM:
            response = self.send(self.url, self.registration(full_name=text[:150], partner_name=text[:150]))
            self.assertEqual(response.status_code, 200, text)
            self.assertEqual(len(response.context["participants"]), 2)
            self.assertEqual(self.api_register(self.api_registration(full_name=text[:150])).status_code, 201, text)
        names = sorted(Participant.objects.values_list("person__full_name", flat=True))
        self.assertEqual(names, sorted(text[:150].strip() for text in STORED_VERBATIM for _ in range(3)))
        paths = ["/staf/kelas/", f"/staf/kelas/{self.cohort.pk}/"]
        for user in (self.fasilitator, self.kepala):
            _list, detail = self.staff_view(user, paths)
            for text in STORED_VERBATIM:
                self.assertShownAsText(text[:150].strip(), detail)
        self.send("/kelas/", method="GET")

    @override_settings(SIGAP_CLASS_REGISTRATIONS_PER_HOUR=UNLIMITED)
    def test_control_characters_are_refused_with_a_field_error_and_what_was_typed_is_kept(self):
        for char in REFUSED_CHARACTERS:
            for field in ("full_name", "partner_name"):
                with self.subTest(field=field, char=repr(char)):
                    response = self.send(self.url, self.registration(**{field: f"halo{char}dunia {MARK}"}))
                    self.assertFieldError(response, field)
                    self.assertContains(response, f"dunia {MARK}", status_code=400)
                    api = self.api_register(self.api_registration(**{field: f"halo{char}dunia {MARK}"}))
                    self.assertFieldError(api, field)
            response = self.send(self.url, self.registration(contact_method="email", contact_value=f"a{char}@x.org"))
            self.assertFieldError(response, "contact_value")
        self.assertFalse(Registration.objects.exists())

    @override_settings(SIGAP_CLASS_REGISTRATIONS_PER_HOUR=UNLIMITED)
    def test_a_megabyte_or_sql_in_any_field_is_refused_with_that_fields_error(self):
        for field, extra in [
            ("full_name", {}),
            ("partner_name", {}),
            ("contact_value", {"contact_method": "email"}),
            ("contact_method", {}),
            ("sex", {}),
            ("partner_sex", {}),
            ("safe_hours", {}),
        ]:
            for text in [MEGABYTE, *(SQL if field not in ("full_name", "partner_name") else [])]:
                with self.subTest(field=field, text=text[:40]):
                    self.assertFieldError(self.send(self.url, self.registration(**{field: text}, **extra)), field)
                    api = self.api_register(self.api_registration(**{field: text}, **extra))
                    self.assertFieldError(api, field)
        self.assertFalse(Registration.objects.exists())

    @override_settings(SIGAP_CLASS_REGISTRATIONS_PER_HOUR=UNLIMITED)
    def test_bodies_that_are_not_a_json_object_or_of_the_wrong_types_get_400_in_json(self):
        for content_type, body in BAD_BODIES:
            with self.subTest(content_type=content_type, body=body[:20]):
                response = self.send(
                    f"/api/v1/public/cohorts/{self.cohort.pk}/registrations", body, content_type=content_type
                )
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response["Content-Type"].startswith(JSON))
                self.assertIn(self.send(self.url, body, content_type=content_type).status_code, (400,))
        for value in [None, 1, 1.5, True, [MARK], {"$ne": 1}, [[[]]]]:
            response = self.api_register(self.api_registration(full_name=value))
            self.assertFieldError(response, "full_name")
        self.assertFieldError(self.api_register(self.api_registration(consent="true")), "consent")
        self.assertFieldError(self.api_register('{"full_name": "\\ud800", "consent": true}'), "full_name")
        self.assertEqual(self.api_register(self.api_registration(website=MARK)).status_code, 201)  # not a bot sign
        self.assertEqual(Registration.objects.count(), 1)

    @override_settings(SIGAP_CLASS_REGISTRATIONS_PER_HOUR=UNLIMITED)
    def test_deeply_nested_json_gets_400(self):
        response = self.api_register("[" * 5000 + "]" * 5000)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.api_register('{"a":' * 5000 + "1" + "}" * 5000).status_code, 400)

    @override_settings(SIGAP_CLASS_REGISTRATIONS_PER_HOUR=UNLIMITED)
    def test_unknown_or_huge_cohort_ids_are_not_found(self):
        for pk in ["0", "999999", "9" * 30]:
            with self.subTest(pk=pk):
                self.assertEqual(self.send(f"/kelas/{pk}/daftar/", method="GET").status_code, 404)
                self.assertEqual(self.send(f"/kelas/{pk}/daftar/", self.registration()).status_code, 404)
                self.assertEqual(self.api_register(self.api_registration(), pk=pk).status_code, 404)
        for path in [f"/kelas/{quote(INJECTIONS[0], safe='')}/daftar/", "/kelas/-1/daftar/"]:
            self.assertEqual(self.send(path, method="GET").status_code, 404)
        self.assertFalse(Registration.objects.exists())

    def test_the_cohort_lists_ignore_hostile_queries_and_wrong_methods(self):
        for text in [INJECTIONS[0], SQL[0], MEGABYTE[:5000]]:
            self.assertEqual(self.send("/kelas/", {"q": text, "page": text}, method="GET").status_code, 200)
            response = self.send("/api/v1/public/cohorts", {"q": text}, method="GET")
            self.assertEqual([c["id"] for c in response.json()["results"]], [self.cohort.pk])
        self.assertEqual(self.send("/kelas/", method="POST").status_code, 405)
        self.assertEqual(self.send("/api/v1/public/cohorts", "{}", content_type=JSON).status_code, 405)
        response = self.send(f"/api/v1/public/cohorts/{self.cohort.pk}/registrations", method="GET")
        self.assertEqual(response.status_code, 405)

    @override_settings(SIGAP_CLASS_REGISTRATIONS_PER_HOUR=3)
    def test_the_hourly_limit_counts_hostile_submissions_across_the_page_and_the_api(self):
        self.send(self.url, self.registration(full_name=MEGABYTE))
        self.api_register("[1,")
        self.send(self.url, self.registration(full_name=INJECTIONS[0]))
        self.assertEqual(self.send(self.url, self.registration()).status_code, 429)
        self.assertEqual(self.api_register(self.api_registration()).status_code, 429)
        self.assertEqual(self.send(self.url, self.registration(), HTTP_X_FORWARDED_FOR="203.0.113.9").status_code, 429)
        self.assertEqual(Registration.objects.count(), 1)


class ParticipantCodeTests(ClassesHostileTestCase):
    def setUp(self):
        super().setUp()
        _registration, created = register(self.cohort, "Siti Aminah")
        (self.participant, self.code), *_ = created

    @override_settings(SIGAP_PARTICIPANT_CODE_LOOKUPS_PER_HOUR=UNLIMITED)
    def test_hostile_codes_find_nothing_on_any_participant_page(self):
        for code in [*HOSTILE_CODES, MEGABYTE, *(f"AB{char}CD" for char in REFUSED_CHARACTERS)]:
            with self.subTest(code=code[:40]):
                page = self.send("/kelas/peserta/", {"code": code})
                self.assertIn(page.status_code, (200, 400))
                self.assertNotIn("participant", page.context or {})
                checkin = self.send("/kelas/hadir/", {"code": code, "session_code": code})
                self.assertEqual(checkin.status_code, 400)
                for path in ("/kelas/tes/", "/kelas/peserta/batal/", "/kelas/sertifikat-saya/"):
                    self.assertEqual(self.send(path, {"code": code, "kind": QuizKind.PRE}).status_code, 302, path)
        self.assertFieldError(self.send("/kelas/peserta/", {"code": MEGABYTE}), "code")
        self.assertFieldError(self.send("/kelas/hadir/", {"code": self.code, "session_code": MEGABYTE}), "session_code")
        for content_type, body in BAD_BODIES:
            for path in ("/kelas/peserta/", "/kelas/hadir/", "/kelas/tes/", "/kelas/peserta/batal/"):
                self.assertIn(self.send(path, body, content_type=content_type).status_code, (302, 400), path)
        self.participant.registration.refresh_from_db()
        self.assertEqual(self.participant.registration.status, "enrolled")

    @override_settings(SIGAP_PARTICIPANT_CODE_LOOKUPS_PER_HOUR=UNLIMITED)
    def test_hostile_session_codes_kinds_and_answers_with_a_real_code_are_refused(self):
        for text in [*INJECTIONS, *SQL, "\x00"]:
            response = self.send("/kelas/hadir/", {"code": self.code, "session_code": text})
            self.assertFieldError(response, "session_code")
            self.assertEqual(self.send("/kelas/tes/", {"code": self.code, "kind": text}).status_code, 302)
        questions = list(self.cohort.program.questions.all())
        self.assertTrue(questions)
        for text in [*SQL, INJECTIONS[0], MEGABYTE, "-1", "99"]:
            answers = {f"q{q.pk}": text for q in questions}
            response = self.send("/kelas/tes/", {"code": self.code, "kind": QuizKind.PRE, "answered": "1", **answers})
            self.assertEqual(response.status_code, 400, text[:40])
            self.assertTrue(response.context["form"].has_error(f"q{questions[0].pk}"))
        self.assertFalse(self.participant.attempts.exists())
        self.staff_view(self.fasilitator, [f"/staf/kelas/{self.cohort.pk}/"])

    @override_settings(SIGAP_PARTICIPANT_CODE_LOOKUPS_PER_HOUR=3)
    def test_the_hourly_limit_counts_hostile_lookups_across_the_participant_pages(self):
        self.send("/kelas/peserta/", {"code": MEGABYTE})
        self.send("/kelas/hadir/", {"code": INJECTIONS[0], "session_code": SQL[0]})
        self.send("/kelas/tes/", "[1,", content_type=JSON)
        for path in (
            "/kelas/peserta/",
            "/kelas/hadir/",
            "/kelas/tes/",
            "/kelas/peserta/batal/",
            "/kelas/sertifikat-saya/",
        ):
            self.assertEqual(self.send(path, {"code": self.code, "session_code": "X"}).status_code, 429, path)
        self.participant.registration.refresh_from_db()
        self.assertEqual(self.participant.registration.status, "enrolled")


class CertificateTests(PuspagaHostileTestCase):
    @override_settings(SIGAP_CERTIFICATE_CHECKS_PER_HOUR=UNLIMITED)
    def test_hostile_certificate_codes_are_not_found_on_the_page_and_the_api(self):
        for code in HOSTILE_CODES:
            quoted = quote(code, safe="")
            with self.subTest(code=code[:40]):
                response = self.send(f"/sertifikat/{quoted}/", method="GET")
                self.assertEqual(response.status_code, 404)
                api = self.send(f"/api/v1/public/certificates/{quoted}", method="GET")
                self.assertEqual(api.status_code, 404)
                if "/" not in code:  # else no route matches: the site's own 404 page
                    self.assertTrue(api["Content-Type"].startswith(JSON))
                if "/" not in code:  # see the test below
                    form = self.send("/sertifikat/", {"code": code}, method="GET")
                    self.assertIn(form.status_code, (200, 302, 404))
        self.assertEqual(self.send("/sertifikat/ABC/", method="POST").status_code, 405)
        self.assertEqual(self.send("/api/v1/public/certificates/ABC", "{}", content_type=JSON).status_code, 405)

    def test_a_typed_certificate_code_with_a_slash_is_not_a_server_error(self):
        for code in ("ABCD/EFGH", "../../staf/", f"<script>{MARK}</script>"):
            self.assertIn(self.send("/sertifikat/", {"code": code}, method="GET").status_code, (200, 302, 404))

    @override_settings(SIGAP_CERTIFICATE_CHECKS_PER_HOUR=3)
    def test_the_hourly_limit_counts_hostile_checks_across_the_page_and_the_api(self):
        self.send(f"/sertifikat/{quote(INJECTIONS[1], safe='')}/", method="GET")
        self.send(f"/api/v1/public/certificates/{quote(SQL[0], safe='')}", method="GET")
        self.send(f"/sertifikat/{'9' * 40}/", method="GET")
        self.assertEqual(self.send("/sertifikat/ABC/", method="GET").status_code, 429)
        self.assertEqual(self.send("/api/v1/public/certificates/ABC", method="GET").status_code, 429)
