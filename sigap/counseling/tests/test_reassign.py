"""The head gives a consultation to another counsellor: the booked appointments to
come go with it, the notes follow the consultation, nothing changes on a clash, nor
when the new counsellor does not take its kind, is away, does not work at a booked
time or does not meet people the way one is booked."""

from datetime import time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from sigap.audit.models import AuditEvent
from sigap.counseling.choices import (
    AppointmentStatus,
    Attendance,
    ConsultationKind,
    ContactMethod,
    ExceptionKind,
    Mode,
)
from sigap.counseling.models import Appointment, Consultation
from sigap.counseling.reminders import appointment_remind
from sigap.counseling.services import (
    appointment_cancel,
    availability_add,
    availability_exception_add,
    availability_remove,
    consultation_close,
    consultation_reassign,
    counsellor_profile_save,
    session_record,
)
from sigap.counseling.tests.helpers import VIDEO, CounsellingTestCase, at
from sigap.notifications.models import Notification, OutboxMessage

NOTES = "Ibu bercerita tentang tekanan dari mertua."
ROOM2 = "https://meet.example.org/ruang-hukum"


def shown(appointment) -> str:
    """An appointment's start as the refusals name it (d/m/Y H:i, local time)."""
    return f"{timezone.localtime(appointment.start):%d/%m/%Y %H:%M}"


class ConsultationReassignTests(CounsellingTestCase):
    def setUp(self):
        super().setUp()
        self.consultation = self.make_consultation(name="Dewi")
        self.session = session_record(
            actor=self.konselor, consultation=self.consultation, attendance=Attendance.ATTENDED, notes=NOTES
        )
        self.coming = self.book(self.consultation, start=at(3, 9))
        self.url = f"/staf/konsultasi/{self.consultation.pk}/alihkan/"

    def give(self, profile, **headers):
        self.login(self.kepala)
        return self.client.post(self.url, {"counsellor": profile.pk}, **headers)

    def test_the_head_gives_it_away_with_its_appointments_and_the_notes_follow(self):
        response = self.give(self.profile2)
        self.assertRedirects(response, f"/staf/konsultasi/{self.consultation.pk}/", fetch_redirect_response=False)
        self.consultation.refresh_from_db()
        self.assertEqual(self.consultation.counsellor, self.konselor2)
        self.assertEqual(Appointment.objects.get(pk=self.coming.pk).counsellor, self.konselor2)
        # The session keeps who held it.
        self.session.refresh_from_db()
        self.assertEqual(self.session.counsellor, self.konselor)
        # konselor2 now reads the file and its notes; konselor gets what a stranger gets.
        self.login(self.konselor2)
        self.assertContains(self.client.get(f"/staf/konsultasi/{self.consultation.pk}/sesi/{self.session.pk}/"), NOTES)
        self.login(self.konselor)
        self.assertEqual(self.client.get(f"/staf/konsultasi/{self.consultation.pk}/").status_code, 404)
        # Told, by number only; logged with both counsellors.
        notice = Notification.objects.get(user=self.konselor2)
        self.assertIn(str(self.consultation), notice.text)
        self.assertNotIn("Dewi", notice.text)
        event = AuditEvent.objects.filter(target_id=str(self.consultation.pk), action="change").latest("id")
        self.assertEqual(
            event.changes, {"counsellor": [self.konselor.pk, self.konselor2.pk], "appointments_moved": [self.coming.pk]}
        )

    def test_a_clash_with_the_new_counsellors_bookings_changes_nothing_and_names_the_time(self):
        other = self.make_consultation(name="Rina", counsellor=self.konselor2, kind="hukum")
        self.book(other, start=at(3, 9))
        response = self.give(self.profile2, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "already booked at", status_code=400)
        self.assertEqual(Consultation.objects.get(pk=self.consultation.pk).counsellor, self.konselor)
        self.assertEqual(Appointment.objects.get(pk=self.coming.pk).counsellor, self.konselor)
        self.assertFalse(Notification.objects.filter(user=self.konselor2).exists())

    def assert_nothing_changed(self, logged: int) -> None:
        """Still with the former counsellor, the appointment as it was, nobody told and
        nothing written to the access log but the page's own reads."""
        self.assertEqual(Consultation.objects.get(pk=self.consultation.pk).counsellor, self.konselor)
        appointment = Appointment.objects.get(pk=self.coming.pk)
        self.assertEqual(
            (appointment.counsellor, appointment.start, appointment.status),
            (self.konselor, self.coming.start, AppointmentStatus.BOOKED),
        )
        self.assertFalse(Notification.objects.filter(user=self.konselor2).exists())
        self.assertEqual(AuditEvent.objects.exclude(action="view").count(), logged)

    def leave_for_konselor2(self, date_from, date_until) -> None:
        availability_exception_add(
            actor=self.konselor2,
            unit=self.puspaga,
            profile=self.profile2,
            kind=ExceptionKind.LEAVE,
            date_from=date_from,
            date_until=date_until,
        )

    def test_a_counsellor_on_leave_at_a_moved_appointment_is_refused_and_nothing_changes(self):
        day = timezone.localdate(self.coming.start)
        self.leave_for_konselor2(day - timedelta(days=2), day)
        logged = AuditEvent.objects.exclude(action="view").count()
        response = self.give(self.profile2, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, f"The new counsellor is away at {shown(self.coming)}", status_code=400)
        self.assert_nothing_changed(logged)

    def test_a_public_holiday_of_the_unit_at_a_moved_appointment_is_refused_too(self):
        day = timezone.localdate(self.coming.start)
        availability_exception_add(
            actor=self.kepala, unit=self.puspaga, kind=ExceptionKind.HOLIDAY, date_from=day, date_until=day
        )
        logged = AuditEvent.objects.exclude(action="view").count()
        response = self.give(self.profile2, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, f"The new counsellor is away at {shown(self.coming)}", status_code=400)
        self.assert_nothing_changed(logged)

    def test_a_counsellor_who_does_not_meet_people_online_cannot_take_an_online_appointment(self):
        appointment_cancel(appointment=self.coming, actor=self.kepala)
        self.coming = self.book(self.consultation, start=at(3, 11), mode=Mode.ONLINE)
        logged = AuditEvent.objects.exclude(action="view").count()
        response = self.give(self.profile2, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(
            response,
            f"The appointments at {shown(self.coming)} are booked as “Online (video call)”, "
            "which the new counsellor does not offer.",
            status_code=400,
        )
        self.assert_nothing_changed(logged)

    def test_a_counsellor_who_does_not_take_the_kind_of_consultation_is_refused_and_nothing_changes(self):
        # konselor2 gives up family consultations: legal ones only from now on.
        counsellor_profile_save(
            actor=None,
            user=self.konselor2,
            unit=self.puspaga,
            title=self.profile2.title,
            kinds=[ConsultationKind.LEGAL],
        )
        logged = AuditEvent.objects.exclude(action="view").count()
        # The page no longer offers them…
        self.login(self.kepala)
        page = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "No other active counsellor of this unit takes this kind of consultation.")
        self.assertEqual(self.give(self.profile2).status_code, 400)
        # …and the service refuses them with the reason.
        with (
            translation.override("en"),
            self.assertRaisesMessage(
                ValidationError, "The new counsellor does not take this kind of consultation (“Family”)."
            ),
        ):
            consultation_reassign(actor=self.kepala, consultation=self.consultation, counsellor=self.konselor2)
        self.assert_nothing_changed(logged)

    def test_an_appointment_outside_the_new_counsellors_weekly_hours_is_refused_naming_the_time(self):
        # On the appointment's weekday konselor2 now works afternoons only.
        weekday = timezone.localdate(self.coming.start).weekday()
        availability_remove(actor=self.konselor2, block=self.profile2.availability.get(weekday=weekday))
        availability_add(
            actor=self.konselor2, profile=self.profile2, weekday=weekday, start_time=time(12), end_time=time(16)
        )
        logged = AuditEvent.objects.exclude(action="view").count()
        response = self.give(self.profile2, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(
            response, f"The appointments at {shown(self.coming)} fall outside the new counsellor", status_code=400
        )
        self.assert_nothing_changed(logged)

    def test_an_appointment_running_past_the_new_counsellors_hours_is_refused_but_one_ending_with_them_is_not(self):
        # konselor2 works until 16:00: 15:00–16:00 fits, 15:30–16:30 does not.
        fits = self.book(self.consultation, start=at(4, 15))
        late = self.book(self.consultation, start=at(5, 15) + timedelta(minutes=30))
        response = self.give(self.profile2, HTTP_ACCEPT_LANGUAGE="en")
        # Only the late one is named (the times come in order, the late one last).
        self.assertContains(response, f"The appointments at {shown(late)} fall outside", status_code=400)
        self.assertEqual(Appointment.objects.get(pk=fits.pk).counsellor, self.konselor)
        appointment_cancel(appointment=late, actor=self.kepala)
        response = self.give(self.profile2)
        self.assertRedirects(response, f"/staf/konsultasi/{self.consultation.pk}/", fetch_redirect_response=False)
        self.assertEqual(Appointment.objects.get(pk=fits.pk).counsellor, self.konselor2)

    def test_an_appointment_across_two_weekly_blocks_that_meet_is_inside_the_new_counsellors_hours(self):
        # konselor2 works 08–12 and 12–16 on that weekday: 11:30–12:30 is inside their day.
        across = self.book(self.consultation, start=at(4, 11) + timedelta(minutes=30))
        weekday = timezone.localdate(across.start).weekday()
        availability_remove(actor=self.konselor2, block=self.profile2.availability.get(weekday=weekday))
        for start, end in ((8, 12), (12, 16)):
            availability_add(
                actor=self.konselor2, profile=self.profile2, weekday=weekday, start_time=time(start), end_time=time(end)
            )
        response = self.give(self.profile2)
        self.assertRedirects(response, f"/staf/konsultasi/{self.consultation.pk}/", fetch_redirect_response=False)
        self.assertEqual(Appointment.objects.get(pk=across.pk).counsellor, self.konselor2)

    def test_the_refusal_keeps_the_chosen_counsellor_on_the_form(self):
        day = timezone.localdate(self.coming.start)
        self.leave_for_konselor2(day, day)
        response = self.give(self.profile2)
        self.assertContains(response, f'<option value="{self.profile2.pk}" selected>', status_code=400)
        self.assertContains(response, 'id="form-errors"', status_code=400)

    def test_leave_on_other_days_and_a_way_of_meeting_offered_do_not_stand_in_the_way(self):
        # konselor2 meets people at the office; their leave ends the day before and
        # starts the day after the appointment.
        day = timezone.localdate(self.coming.start)
        for date_from, date_until in (
            (day - timedelta(days=3), day - timedelta(days=1)),
            (day + timedelta(days=1),) * 2,
        ):
            self.leave_for_konselor2(date_from, date_until)
        response = self.give(self.profile2)
        self.assertRedirects(response, f"/staf/konsultasi/{self.consultation.pk}/", fetch_redirect_response=False)
        self.assertEqual(Appointment.objects.get(pk=self.coming.pk).counsellor, self.konselor2)

    def test_past_and_cancelled_appointments_stay_with_the_former_counsellor(self):
        cancelled = self.book(self.consultation, start=at(4, 10))
        appointment_cancel(appointment=cancelled, actor=self.kepala)
        self.give(self.profile2)
        self.assertEqual(Appointment.objects.get(pk=cancelled.pk).counsellor, self.konselor)
        self.assertEqual(Appointment.objects.get(pk=cancelled.pk).status, AppointmentStatus.CANCELLED)

    def test_only_the_units_other_active_counsellors_are_offered(self):
        self.profile2.is_active = False
        self.profile2.save()
        self.login(self.kepala)
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "No other active counsellor of this unit takes this kind of consultation.")
        response = self.give(self.profile2)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Consultation.objects.get(pk=self.consultation.pk).counsellor, self.konselor)

    def test_a_closed_consultation_is_not_given_away(self):
        consultation_close(actor=self.konselor, consultation=self.consultation, reason="resolved")
        response = self.give(self.profile2)
        self.assertRedirects(response, f"/staf/konsultasi/{self.consultation.pk}/", fetch_redirect_response=False)
        self.assertEqual(Consultation.objects.get(pk=self.consultation.pk).counsellor, self.konselor)

    def test_the_detail_page_offers_it_to_the_head_only(self):
        self.login(self.kepala)
        self.assertContains(self.client.get(f"/staf/konsultasi/{self.consultation.pk}/"), self.url)
        self.login(self.konselor)
        self.assertNotContains(self.client.get(f"/staf/konsultasi/{self.consultation.pk}/"), self.url)

    def test_the_service_refuses_anyone_but_the_head_of_the_unit(self):
        from django.core.exceptions import PermissionDenied

        from sigap.counseling.services import consultation_reassign

        for someone in (self.konselor, self.konselor2, self.outsider):
            with self.subTest(user=someone.username), self.assertRaises(PermissionDenied):
                consultation_reassign(actor=someone, consultation=self.consultation, counsellor=self.konselor2)
        self.assertEqual(Consultation.objects.get(pk=self.consultation.pk).counsellor, self.konselor)


class ReassignAftermathTests(CounsellingTestCase):
    """What the move leaves behind: the client's place in the person index, the
    reminders already written, and whom the new counsellor may be."""

    def test_the_client_in_the_person_index_follows_so_the_former_counsellor_loses_their_details(self):
        from django.http import Http404

        from sigap.people.selectors import person_get_for_user

        consultation = self.make_consultation(name="Dewi", kind="pranikah", partner_name="Budi")
        # konselor2 takes premarital consultations too.
        counsellor_profile_save(
            actor=None,
            user=self.konselor2,
            unit=self.puspaga,
            title=self.profile2.title,
            kinds=[*self.profile2.kinds, ConsultationKind.PREMARITAL],
        )
        consultation_reassign(actor=self.kepala, consultation=consultation, counsellor=self.konselor2)
        for person in (consultation.person, consultation.partner):
            person.refresh_from_db()
            self.assertEqual(person.responsible, self.konselor2)
            self.assertEqual(person_get_for_user(self.konselor2, person.pk).pk, person.pk)
            with self.assertRaises(Http404):
                person_get_for_user(self.konselor, person.pk)

    def test_a_reminder_already_written_with_the_former_counsellors_link_is_taken_back_and_rescheduled(self):
        consultation = self.make_consultation(
            name="Mawar", contact_method=ContactMethod.WHATSAPP, contact_value="+6281234567890", may_identify=True
        )
        appointment = self.book(consultation, start=at(3, 10), mode=Mode.ONLINE)
        # konselor2 meets people online too, in a room of their own.
        counsellor_profile_save(
            actor=None,
            user=self.konselor2,
            unit=self.puspaga,
            title=self.profile2.title,
            kinds=self.profile2.kinds,
            online=True,
            video_link=ROOM2,
        )
        appointment_remind(appointment_id=appointment.pk, start=appointment.start.isoformat())
        self.assertIn(VIDEO, OutboxMessage.objects.get().body)
        with self.captureOnCommitCallbacks(execute=True):
            consultation_reassign(actor=self.kepala, consultation=consultation, counsellor=self.konselor2)
        self.assertFalse(OutboxMessage.objects.exists())
        appointment.refresh_from_db()
        self.assertIsNone(appointment.reminder_sent_at)
        self.assertTrue(
            DBTaskResult.objects.filter(
                task_path="sigap.counseling.reminders.send_appointment_reminder",
                args_kwargs__kwargs__appointment_id=appointment.pk,
            ).exists()
        )
        self.assertEqual(
            appointment_remind(appointment_id=appointment.pk, start=appointment.start.isoformat()), "queued"
        )
        self.assertNotIn(VIDEO, OutboxMessage.objects.get().body)
        self.assertIn(ROOM2, OutboxMessage.objects.get().body)

    def test_a_disabled_account_or_one_without_the_counselling_role_cannot_take_it(self):
        from django.core.exceptions import ValidationError

        from sigap.accounts.models import Membership

        consultation = self.make_consultation(name="Dewi")
        self.konselor2.is_active = False
        self.konselor2.save()
        with self.assertRaises(ValidationError):
            consultation_reassign(actor=self.kepala, consultation=consultation, counsellor=self.konselor2)
        self.konselor2.is_active = True
        self.konselor2.save()
        Membership.objects.filter(user=self.konselor2).delete()
        with self.assertRaises(ValidationError):
            consultation_reassign(actor=self.kepala, consultation=consultation, counsellor=self.konselor2)
        self.assertEqual(Consultation.objects.get(pk=consultation.pk).counsellor, self.konselor)
