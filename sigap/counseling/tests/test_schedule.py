"""The schedule page: a counsellor keeps their profile, weekly availability and leave;
the head adds public holidays; nobody touches a colleague's."""

from datetime import time

from sigap.counseling.choices import ExceptionKind
from sigap.counseling.models import AvailabilityException, CounsellorProfile, WeeklyAvailability
from sigap.counseling.services import availability_exception_add
from sigap.counseling.tests.helpers import CounsellingTestCase, at


class ScheduleTests(CounsellingTestCase):
    def test_a_counsellor_sees_their_upcoming_appointments_but_not_a_colleagues(self):
        mine = self.book(self.make_consultation(name="A"), start=at(2, 9))
        self.book(self.make_consultation(name="B", counsellor=self.konselor2), start=at(2, 9))
        self.login(self.konselor)
        response = self.client.get("/staf/konsultasi/jadwal/")
        self.assertEqual([a.pk for a in response.context["appointments"]], [mine.pk])
        self.login(self.kepala)
        self.assertEqual(len(self.client.get("/staf/konsultasi/jadwal/").context["appointments"]), 2)

    def test_a_counsellor_edits_their_profile_and_online_needs_a_link(self):
        self.login(self.konselor2)
        data = {
            "profile-title": "legal",
            "profile-kinds": ["hukum"],
            "profile-online": "on",
            "profile-slot_minutes": "45",
            "profile-is_active": "on",
        }
        response = self.client.post("/staf/konsultasi/jadwal/profil/", data)
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["profile_form"].has_error("video_link"))
        data["profile-video_link"] = "https://meet.example.org/hukum"
        self.assertRedirects(self.client.post("/staf/konsultasi/jadwal/profil/", data), "/staf/konsultasi/jadwal/")
        profile = CounsellorProfile.objects.get(user=self.konselor2)
        self.assertEqual(
            (profile.kinds, profile.online, profile.in_person, profile.slot_minutes), (["hukum"], True, False, 45)
        )

    def test_availability_is_added_and_removed_by_its_owner_only(self):
        self.login(self.konselor)
        response = self.client.post(
            "/staf/konsultasi/jadwal/ketersediaan/",
            {"block-weekday": "5", "block-start_time": "12:00", "block-end_time": "09:00"},
        )
        self.assertTrue(response.context["availability_form"].has_error("end_time"))
        self.client.post(
            "/staf/konsultasi/jadwal/ketersediaan/",
            {"block-weekday": "5", "block-start_time": "17:00", "block-end_time": "19:00"},
        )
        block = WeeklyAvailability.objects.get(profile=self.profile, start_time=time(17))
        self.login(self.konselor2)
        self.assertEqual(self.client.post(f"/staf/konsultasi/jadwal/ketersediaan/{block.pk}/hapus/").status_code, 404)
        self.login(self.konselor)
        self.client.post(f"/staf/konsultasi/jadwal/ketersediaan/{block.pk}/hapus/")
        self.assertFalse(WeeklyAvailability.objects.filter(pk=block.pk).exists())

    def test_leave_is_the_counsellors_own_and_holidays_are_the_heads(self):
        self.login(self.konselor)
        self.client.post(
            "/staf/konsultasi/jadwal/libur/",
            {"leave-kind": "leave", "leave-date_from": "2030-01-02", "leave-date_until": "2030-01-03"},
        )
        leave = AvailabilityException.objects.get()
        self.assertEqual((leave.profile, leave.kind), (self.profile, ExceptionKind.LEAVE))
        # A counsellor cannot declare a holiday for everyone.
        response = self.client.post(
            "/staf/konsultasi/jadwal/libur/",
            {"holiday-kind": "holiday", "holiday-date_from": "2030-05-01", "holiday-date_until": "2030-05-01"},
        )
        self.assertEqual(response.status_code, 403)
        self.login(self.kepala)
        self.client.post(
            "/staf/konsultasi/jadwal/libur/",
            {
                "holiday-kind": "holiday",
                "holiday-date_from": "2030-05-01",
                "holiday-date_until": "2030-05-01",
                "holiday-label": "Hari Buruh",
            },
        )
        holiday = AvailabilityException.objects.get(kind=ExceptionKind.HOLIDAY)
        self.assertEqual((holiday.unit, holiday.profile), (self.puspaga, None))
        # konselor2 cannot remove konselor's leave; the head can.
        self.login(self.konselor2)
        self.assertEqual(self.client.post(f"/staf/konsultasi/jadwal/libur/{leave.pk}/hapus/").status_code, 404)
        self.login(self.kepala)
        self.client.post(f"/staf/konsultasi/jadwal/libur/{leave.pk}/hapus/")
        self.assertFalse(AvailabilityException.objects.filter(pk=leave.pk).exists())

    def test_a_holiday_of_another_city_is_out_of_reach(self):
        other = availability_exception_add(
            actor=None,
            unit=self.batang,
            kind=ExceptionKind.HOLIDAY,
            date_from=at(9, 9).date(),
            date_until=at(9, 9).date(),
        )
        self.login(self.kepala)
        self.assertEqual(self.client.post(f"/staf/konsultasi/jadwal/libur/{other.pk}/hapus/").status_code, 404)
