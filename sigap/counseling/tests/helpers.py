"""Counselling test set-up on top of the named people: `konselor` is a psychologist
taking family, child and premarital consultations at the office and online;
`konselor2` a legal counsellor (and family) at the office. Both are bookable every day
08:00–16:00 in one-hour slots, so tests do not depend on the day they run."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from sigap.counseling.choices import ConsultationKind, ContactMethod, CounsellorTitle, Mode
from sigap.counseling.services import (
    appointment_book,
    availability_add,
    consultation_open,
    counsellor_profile_save,
)
from sigap.lib.ratelimit import reset_rate_limits
from sigap.test import BaseTestCase

VIDEO = "https://meet.example.org/ruang-puspaga"


def build_counsellors(people: dict, puspaga) -> dict:
    profiles = {
        "konselor": counsellor_profile_save(
            actor=None,
            user=people["konselor"],
            unit=puspaga,
            title=CounsellorTitle.PSYCHOLOGIST,
            kinds=[ConsultationKind.FAMILY, ConsultationKind.CHILD, ConsultationKind.PREMARITAL],
            in_person=True,
            online=True,
            video_link=VIDEO,
        ),
        "konselor2": counsellor_profile_save(
            actor=None,
            user=people["konselor2"],
            unit=puspaga,
            title=CounsellorTitle.LEGAL,
            kinds=[ConsultationKind.LEGAL, ConsultationKind.FAMILY],
        ),
    }
    for profile in profiles.values():
        for weekday in range(7):
            availability_add(actor=None, profile=profile, weekday=weekday, start_time=time(8), end_time=time(16))
    return profiles


def at(days: int, hour: int) -> datetime:
    """A local time `days` from today."""
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


class CounsellingTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        profiles = build_counsellors({"konselor": cls.konselor, "konselor2": cls.konselor2}, cls.puspaga)
        cls.profile, cls.profile2 = profiles["konselor"], profiles["konselor2"]

    def setUp(self):
        reset_rate_limits()  # the public pages' rate limits

    @classmethod
    def make_consultation(cls, *, counsellor=None, kind=ConsultationKind.FAMILY, name="Dewi", **extra):
        return consultation_open(
            actor=counsellor or cls.konselor,
            unit=cls.puspaga,
            kind=kind,
            counsellor=counsellor or cls.konselor,
            full_name=name,
            **extra,
        )

    @classmethod
    def book(cls, consultation, *, start=None, mode=Mode.IN_PERSON, token=None):
        return appointment_book(
            actor=None, consultation=consultation, start=start or at(3, 9), mode=mode, manage_token=token
        )


CONTACT_NONE = {"contact_method": ContactMethod.NONE}
