"""Free slots: weekly blocks cut into slots, minus leave, public holidays, notice and
appointments already booked."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext

from sigap.counseling.availability import Block, closed_days, slots_for_profile
from sigap.counseling.choices import ExceptionKind, Mode
from sigap.counseling.selectors import free_slots
from sigap.counseling.services import availability_exception_add, counsellor_profile_save
from sigap.counseling.tests.helpers import CounsellingTestCase, at

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 3, 2)


def jkt(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=JAKARTA)


class SlotRuleTests(SimpleTestCase):
    def slots(self, **overrides):
        arguments = {
            "profile_id": 1,
            "counsellor_id": 7,
            "slot_minutes": 60,
            "blocks": [Block(0, time(8), time(11)), Block(2, time(13), time(14, 30))],
            "closed_days": set(),
            "taken": [],
            "first_day": MONDAY,
            "days": 7,
            "earliest": jkt(MONDAY, 0),
        }
        return [slot.start for slot in slots_for_profile(**{**arguments, **overrides})]

    def test_blocks_are_cut_into_whole_slots_on_their_weekday_only(self):
        wednesday = MONDAY + timedelta(days=2)
        # 08–11 gives three slots; 13:00–14:30 has room for one hour only.
        self.assertEqual(
            self.slots(),
            [jkt(MONDAY, 8), jkt(MONDAY, 9), jkt(MONDAY, 10), jkt(wednesday, 13)],
        )

    def test_a_closed_day_offers_nothing(self):
        self.assertEqual(self.slots(closed_days={MONDAY}), [jkt(MONDAY + timedelta(days=2), 13)])

    def test_a_slot_overlapping_a_booking_is_not_offered_even_if_the_booking_starts_elsewhere(self):
        taken = [(jkt(MONDAY, 8, 30), jkt(MONDAY, 9, 30))]
        self.assertEqual(self.slots(taken=taken, days=1), [jkt(MONDAY, 10)])

    def test_slots_before_the_notice_period_are_not_offered(self):
        self.assertEqual(self.slots(earliest=jkt(MONDAY, 9, 1), days=1), [jkt(MONDAY, 10)])

    def test_exceptions_close_every_day_they_cover_within_the_range_only(self):
        exceptions = [
            (MONDAY - timedelta(days=3), MONDAY + timedelta(days=1)),
            (MONDAY + timedelta(days=6), MONDAY + timedelta(days=20)),
        ]
        closed = closed_days(exceptions=exceptions, first_day=MONDAY, days=7)
        self.assertEqual(closed, {MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=6)})


class FreeSlotTests(CounsellingTestCase):
    def starts(self, **kwargs):
        arguments = {"unit": self.puspaga, "kind": "keluarga", "mode": Mode.IN_PERSON, **kwargs}
        return [(slot.profile_id, slot.start) for slot in free_slots(**arguments)]

    def test_only_counsellors_who_take_the_kind_and_the_mode_are_offered(self):
        self.assertEqual({p for p, _s in self.starts(kind="hukum")}, {self.profile2.pk})
        self.assertEqual({p for p, _s in self.starts(kind="pranikah")}, {self.profile.pk})
        self.assertEqual({p for p, _s in self.starts(mode=Mode.ONLINE)}, {self.profile.pk})
        self.assertEqual({p for p, _s in self.starts()}, {self.profile.pk, self.profile2.pk})

    def test_a_counsellors_leave_removes_their_slots_and_no_one_elses(self):
        day = at(5, 9).date()
        availability_exception_add(
            actor=None, unit=self.puspaga, profile=self.profile, kind=ExceptionKind.LEAVE, date_from=day, date_until=day
        )
        on_that_day = {p for p, start in self.starts() if start.date() == day}
        self.assertEqual(on_that_day, {self.profile2.pk})

    def test_a_public_holiday_closes_the_unit_for_every_counsellor(self):
        day = at(6, 9).date()
        availability_exception_add(
            actor=None, unit=self.puspaga, kind=ExceptionKind.HOLIDAY, date_from=day, date_until=day, label="Idul Fitri"
        )
        self.assertFalse([start for _p, start in self.starts() if start.date() == day])
        self.assertTrue([start for _p, start in self.starts() if start.date() == day + timedelta(days=1)])

    def test_a_booked_slot_disappears_and_comes_back_when_cancelled(self):
        from sigap.counseling.services import appointment_cancel

        consultation = self.make_consultation()
        appointment = self.book(consultation, start=at(4, 10))
        self.assertNotIn((self.profile.pk, at(4, 10)), self.starts())
        self.assertIn((self.profile2.pk, at(4, 10)), self.starts())
        appointment_cancel(appointment=appointment)
        self.assertIn((self.profile.pk, at(4, 10)), self.starts())

    def test_an_inactive_profile_takes_no_bookings(self):
        counsellor_profile_save(
            actor=None, user=self.konselor2, unit=self.puspaga, title="legal", kinds=["hukum"], is_active=False
        )
        self.assertEqual(self.starts(kind="hukum"), [])

    def test_the_slot_search_costs_the_same_queries_however_many_days_and_bookings(self):
        with CaptureQueriesContext(connection) as few:
            free_slots(unit=self.puspaga, kind="keluarga", mode=Mode.IN_PERSON, days=2)
        consultation = self.make_consultation()
        for day in range(1, 10):
            self.book(consultation, start=at(day, 11))
        with CaptureQueriesContext(connection) as many:
            free_slots(unit=self.puspaga, kind="keluarga", mode=Mode.IN_PERSON, days=21)
        self.assertEqual(len(few.captured_queries), len(many.captured_queries))
        self.assertLessEqual(len(many.captured_queries), 4)
