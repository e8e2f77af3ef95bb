from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from sigap.classes.choices import AttendanceMethod, Mode
from sigap.classes.models import Attendance
from sigap.classes.services import attendance_check_in
from sigap.classes.tests.helpers import make_cohort, register
from sigap.lib.ratelimit import reset_rate_limits
from sigap.test import BaseTestCase


@override_settings(SIGAP_CHECKIN_GRACE_MINUTES=15)
class CheckInWindowTests(BaseTestCase):
    def setUp(self):
        reset_rate_limits()
        self.cohort = make_cohort(self, sessions=1, first_in_days=1)
        self.session = self.cohort.sessions.get()
        _registration, ((self.participant, self.code),) = register(self.cohort, "Siti Aminah")

    def start_in(self, minutes: float) -> None:
        """Move the (two-hour) session so that it starts `minutes` from now."""
        self.session.starts_at = timezone.now() + timedelta(minutes=minutes)
        self.session.ends_at = self.session.starts_at + timedelta(hours=2)
        self.session.save()

    def check_in(self, code: str | None = None):
        return attendance_check_in(participant=self.participant, checkin_code=code or self.session.checkin_code)

    def test_the_code_works_during_the_session_and_marks_the_participant_present_once(self):
        self.start_in(-30)
        self.assertEqual(self.check_in(), self.session)
        self.check_in()  # again: still one attendance
        attendance = Attendance.objects.get()
        self.assertEqual((attendance.participant, attendance.method), (self.participant, AttendanceMethod.CHECK_IN))

    def test_the_code_works_from_fifteen_minutes_before_the_start(self):
        self.start_in(14)
        self.check_in()
        self.assertTrue(Attendance.objects.exists())

    def test_the_code_is_refused_earlier_than_that(self):
        self.start_in(16)
        with self.assertRaises(ValidationError):
            self.check_in()
        self.assertFalse(Attendance.objects.exists())

    def test_the_code_is_refused_after_the_session_ended(self):
        self.start_in(-121)
        with self.assertRaises(ValidationError):
            self.check_in()

    def test_a_wrong_code_is_refused_like_a_late_one_and_typing_is_forgiven(self):
        self.start_in(-5)
        with self.assertRaises(ValidationError) as wrong:
            self.check_in("ZZZZZZ" if self.session.checkin_code != "ZZZZZZ" else "YYYYYY")
        self.start_in(-121)
        with self.assertRaises(ValidationError) as late:
            self.check_in()
        self.assertEqual(wrong.exception.messages, late.exception.messages)
        self.start_in(-5)
        self.check_in(" " + self.session.checkin_code.lower() + " ")
        self.assertTrue(Attendance.objects.exists())

    def test_a_code_of_another_cohort_does_not_check_anyone_in_here(self):
        other = make_cohort(self, name="Angkatan Lain", sessions=1, first_in_days=0)
        other_session = other.sessions.get()
        other_session.starts_at = timezone.now() - timedelta(minutes=5)
        other_session.save()
        self.start_in(-5)
        with self.assertRaises(ValidationError):
            self.check_in(other_session.checkin_code)

    def test_in_person_cohorts_do_not_take_self_check_in(self):
        cohort = make_cohort(self, name="Tatap Muka", sessions=1, first_in_days=0, mode=Mode.IN_PERSON)
        session = cohort.sessions.get()
        session.starts_at = timezone.now() - timedelta(minutes=5)
        session.save()
        _registration, ((participant, _code),) = register(cohort, "Budi Santoso")
        with self.assertRaises(ValidationError):
            attendance_check_in(participant=participant, checkin_code=session.checkin_code)

    def test_the_public_check_in_page_takes_both_codes_in_the_post_body(self):
        self.start_in(-5)
        response = self.client.post(
            "/kelas/hadir/", {"code": self.code.lower(), "session_code": self.session.checkin_code}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "classes/participant.html")
        self.assertTrue(Attendance.objects.filter(participant=self.participant, session=self.session).exists())

    def test_the_public_page_explains_a_refused_code_and_keeps_what_was_typed(self):
        self.start_in(60)
        response = self.client.post("/kelas/hadir/", {"code": self.code, "session_code": self.session.checkin_code})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("session_code"))
        self.assertContains(response, self.code, status_code=400)
        self.assertFalse(Attendance.objects.exists())
