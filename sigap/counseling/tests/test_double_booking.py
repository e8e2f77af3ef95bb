"""No double booking: the database constraint, the service, and (on PostgreSQL) many
people pressing "book" for the same slot at the same moment."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from sigap.counseling.choices import AppointmentStatus, Mode
from sigap.counseling.models import ACTIVE_APPOINTMENT, Appointment, Consultation
from sigap.counseling.selectors import free_slots
from sigap.counseling.services import (
    SlotTaken,
    appointment_book,
    appointment_cancel,
    consultation_book_public,
    consultation_open,
)
from sigap.counseling.tests.helpers import CounsellingTestCase, at, build_counsellors
from sigap.people.models import Person
from sigap.test import CommittingTestCase

THREADS = 8


class DoubleBookingTests(CounsellingTestCase):
    def test_the_database_refuses_a_second_active_appointment_for_the_same_counsellor_and_start(self):
        first = self.book(self.make_consultation(name="A"), start=at(3, 9))
        other = self.make_consultation(name="B")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Appointment.objects.create(
                consultation=other, counsellor=self.konselor, start=first.start, end=first.end, mode=Mode.IN_PERSON
            )

    def test_a_cancelled_appointment_does_not_hold_its_slot(self):
        first = self.book(self.make_consultation(name="A"), start=at(3, 9))
        appointment_cancel(appointment=first)
        second = self.book(self.make_consultation(name="B"), start=at(3, 9))
        self.assertEqual(second.status, AppointmentStatus.BOOKED)
        self.assertEqual(Appointment.objects.filter(start=at(3, 9)).count(), 2)

    def test_the_service_refuses_the_same_start_and_an_overlapping_one(self):
        self.book(self.make_consultation(name="A"), start=at(3, 9))
        other = self.make_consultation(name="B")
        with self.assertRaises(SlotTaken):
            self.book(other, start=at(3, 9))
        with self.assertRaises(SlotTaken):
            self.book(other, start=at(3, 9).replace(minute=30))
        self.assertEqual(other.appointments.count(), 0)

    def test_another_counsellor_may_have_the_same_time(self):
        self.book(self.make_consultation(name="A"), start=at(3, 9))
        theirs = self.book(self.make_consultation(name="B", counsellor=self.konselor2), start=at(3, 9))
        self.assertEqual(theirs.counsellor, self.konselor2)


def run_at_once(count: int, work) -> list:
    """Run `work(n)` in `count` threads released together; each thread's outcome."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def runner(n):
        try:
            barrier.wait()
            outcomes[n] = work(n)
        except Exception as error:  # collected and asserted by the test
            outcomes[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres_only
class ConcurrentBookingTests(CommittingTestCase):
    def setUp(self):
        super().setUp()
        build_counsellors({"konselor": self.konselor, "konselor2": self.konselor2}, self.puspaga_pekalongan)

    def open_consultations(self) -> list[Consultation]:
        """One consultation per thread, all with the same counsellor."""
        return [
            consultation_open(
                actor=self.konselor,
                unit=self.puspaga_pekalongan,
                kind="keluarga",
                counsellor=self.konselor,
                full_name=f"Klien {n}",
            )
            for n in range(THREADS)
        ]

    def test_many_people_booking_the_same_slot_at_once_get_it_exactly_once(self):
        slot = free_slots(unit=self.puspaga_pekalongan, kind="pranikah", mode=Mode.IN_PERSON)[0]

        def book(n):
            return consultation_book_public(
                kind="pranikah",
                mode=Mode.IN_PERSON,
                profile_id=slot.profile_id,
                start=slot.start,
                name=f"Orang {n}",
                contact_method="none",
                consent=True,
            )

        outcomes = run_at_once(THREADS, book)
        booked = [o for o in outcomes if isinstance(o, tuple)]
        refused = [o for o in outcomes if isinstance(o, SlotTaken)]
        self.assertEqual((len(booked), len(refused)), (1, THREADS - 1), outcomes)
        self.assertEqual(Appointment.objects.filter(ACTIVE_APPOINTMENT, start=slot.start).count(), 1)
        # The losers left nothing behind: no consultation, no person.
        self.assertEqual(Consultation.objects.count(), 1)
        self.assertEqual(Person.objects.filter(full_name__startswith="Orang").count(), 1)

    def test_the_constraint_holds_when_staff_book_the_same_time_for_different_consultations_at_once(self):
        # The lock on the counsellor's schedule lets one thread check and save at a
        # time; the database constraint stands behind it (one active appointment per
        # counsellor and start) should a path ever save without the check.
        consultations = self.open_consultations()
        start = at(4, 10)

        def book(n):
            return appointment_book(
                actor=self.konselor, consultation=consultations[n], start=start, mode=Mode.IN_PERSON
            )

        outcomes = run_at_once(THREADS, book)
        self.assertEqual(sum(isinstance(o, Appointment) for o in outcomes), 1, outcomes)
        self.assertEqual(sum(isinstance(o, SlotTaken) for o in outcomes), THREADS - 1, outcomes)
        self.assertEqual(Appointment.objects.filter(ACTIVE_APPOINTMENT, counsellor=self.konselor).count(), 1)

    def test_staff_bookings_at_different_but_overlapping_times_at_once_get_exactly_one_through(self):
        # 10:00, 10:05, … 10:35: every one overlaps every other, yet no two share a
        # start, so the database constraint alone would let all eight through; the lock
        # on the counsellor's schedule makes each check see the booking before it.
        consultations = self.open_consultations()
        first = at(4, 10)

        def book(n):
            return appointment_book(
                actor=self.konselor,
                consultation=consultations[n],
                start=first + timedelta(minutes=5 * n),
                mode=Mode.IN_PERSON,
                minutes=60,
            )

        outcomes = run_at_once(THREADS, book)
        self.assertEqual(sum(isinstance(o, Appointment) for o in outcomes), 1, outcomes)
        self.assertEqual(sum(isinstance(o, SlotTaken) for o in outcomes), THREADS - 1, outcomes)
        self.assertEqual(Appointment.objects.filter(ACTIVE_APPOINTMENT, counsellor=self.konselor).count(), 1)
