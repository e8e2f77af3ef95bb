"""Demo counselling for Kota Pekalongan, through the counselling services: profiles and
weekly availability for `konselor` (a psychologist, office and online) and
`konselor2` (a legal counsellor, office only), a national holiday, a few
consultations with sessions, document help and a referral, and paper IKM answers.
Idempotent: what exists is left alone."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import OrgUnit, User
from sigap.counseling.choices import (
    Attendance,
    ConsultationKind,
    ContactMethod,
    CounsellorTitle,
    DocumentStatus,
    DocumentType,
    ExceptionKind,
    Mode,
)
from sigap.counseling.models import Consultation, CounsellorProfile, SurveyResponse
from sigap.counseling.services import (
    availability_add,
    availability_exception_add,
    consultation_open,
    counsellor_profile_save,
    document_add,
    document_update,
    referral_add,
    session_record,
    survey_import,
)
from sigap.people.models import Person

PROFILES = [
    (
        "konselor",
        CounsellorTitle.PSYCHOLOGIST,
        [ConsultationKind.FAMILY, ConsultationKind.CHILD, ConsultationKind.PREMARITAL],
        True,
    ),
    ("konselor2", CounsellorTitle.LEGAL, [ConsultationKind.LEGAL, ConsultationKind.FAMILY], False),
]
# Monday to Friday mornings, Monday to Thursday afternoons (office hours end 15.30).
WEEK = [(day, time(8, 0), time(12, 0)) for day in range(5)] + [(day, time(13, 0), time(15, 0)) for day in range(4)]
# Paper answers for the IKM page: one list of U1..U9 per respondent.
PAPER_ANSWERS = [
    [4, 4, 3, 4, 3, 4, 4, 3, 3],
    [3, 4, 4, 4, 4, 4, 4, 3, 4],
    [4, 3, 3, 4, 3, 4, 4, 2, 3],
    [3, 3, 4, 4, 4, 3, 4, 3, 3],
    [4, 4, 4, 4, 4, 4, 4, 4, 3],
]


def _next_weekday(days_ahead: int, hour: int):
    day = timezone.localdate() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def build(units: dict[str, OrgUnit], users: dict[str, User]) -> int:
    """Returns how many consultations were created (0 when they already exist)."""
    unit = units["puspaga-pekalongan"]
    for username, title, kinds, online in PROFILES:
        user = users[username]
        if CounsellorProfile.objects.filter(user=user).exists():
            continue
        profile = counsellor_profile_save(
            actor=None,
            user=user,
            unit=unit,
            title=title,
            kinds=kinds,
            in_person=True,
            online=online,
            video_link="https://meet.example.org/puspaga-ruang-1" if online else "",
        )
        for weekday, start, end in WEEK:
            availability_add(actor=None, profile=profile, weekday=weekday, start_time=start, end_time=end)
    year = timezone.localdate().year
    if not CounsellorProfile.objects.filter(unit=unit).exists() or unit_has_consultations(unit):
        return 0
    availability_exception_add(
        actor=None,
        unit=unit,
        kind=ExceptionKind.HOLIDAY,
        date_from=date(year, 8, 17),
        date_until=date(year, 8, 17),
        label="HUT RI",
    )
    konselor, konselor2 = users["konselor"], users["konselor2"]
    family = consultation_open(
        actor=konselor,
        unit=unit,
        kind=ConsultationKind.FAMILY,
        counsellor=konselor,
        person=Person.objects.filter(unit=unit, responsible=konselor).first(),
        full_name="Dewi (alias)",
        contact_method=ContactMethod.WHATSAPP,
        contact_value="+6281234500001",
        safe_from=time(19, 0),
        safe_until=time(21, 0),
    )
    session_record(
        actor=konselor,
        consultation=family,
        attendance=Attendance.ATTENDED,
        held_at=timezone.now() - timedelta(days=7),
        notes="Demo: konflik dengan mertua soal pengasuhan anak; ibu merasa kelelahan.",
        outcome="Demo: ibu menyusun jadwal pembagian tugas dengan suami.",
        next_step="Demo: sesi bersama suami.",
        follow_up_start=_next_weekday(3, 9),
        follow_up_mode=Mode.IN_PERSON,
    )
    legal = consultation_open(
        actor=konselor2,
        unit=unit,
        kind=ConsultationKind.LEGAL,
        counsellor=konselor2,
        person=Person.objects.filter(unit=unit, responsible=konselor2).first(),
        full_name="Rina (alias)",
    )
    item = document_add(actor=konselor2, consultation=legal, document=DocumentType.BIRTH_CERTIFICATE)
    document_update(actor=konselor2, item=item, status=DocumentStatus.IN_PROGRESS)
    document_add(actor=konselor2, consultation=legal, document=DocumentType.CUSTODY)
    referral_add(
        actor=konselor2,
        consultation=legal,
        partner="Pengadilan Agama Pekalongan",
        purpose="Demo: permohonan penetapan hak asuh.",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    consultation_open(
        actor=konselor,
        unit=unit,
        kind=ConsultationKind.PREMARITAL,
        counsellor=konselor,
        full_name="Andi (alias)",
        partner_name="Sari (alias)",
    )
    if not SurveyResponse.objects.filter(unit=unit).exists():
        survey_import(actor=None, unit=unit, period=timezone.localdate(), rows=PAPER_ANSWERS)
    return 3


def unit_has_consultations(unit: OrgUnit) -> bool:
    return Consultation.objects.filter(unit=unit).exists()
