"""Reads for counselling, and the gates.

A consultation is visible to
- the head of its unit (or of a unit above it): every consultation there;
- a counsellor of the unit: only the consultations assigned to them.
Session notes follow the consultation: only those two ever reach them. A colleague,
another unit, and every other role get the same "not found" as for a missing record
(404); lists answer 403 to roles that never see consultations.

Free slots and IKM figures hold nothing personal.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sigap.accounts.choices import (
    ROLES_CONSULTATIONS,
    ROLES_COUNSELLING,
    ROLES_READING_ALL_CONSULTATIONS,
    ROLES_READING_IKM,
    UnitKind,
)
from sigap.accounts.models import OrgUnit, User
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import record
from sigap.counseling import ikm
from sigap.counseling.availability import (
    BOOKING_HORIZON_DAYS,
    BOOKING_NOTICE,
    Block,
    Slot,
    closed_days,
    slots_for_profile,
)
from sigap.counseling.choices import AppointmentStatus, ConsultationStatus
from sigap.counseling.models import (
    ACTIVE_APPOINTMENT,
    Appointment,
    AvailabilityException,
    Consultation,
    CounsellorProfile,
    Session,
    SurveyInvitation,
    SurveyResponse,
)
from sigap.counseling.tokens import manage_hashes, survey_code_hashes


def counselling_unit() -> OrgUnit:
    """The unit that takes public bookings (Puspaga; SIGAP_INTAKE_UNITS["puspaga"])."""
    return OrgUnit.objects.get(code=settings.SIGAP_INTAKE_UNITS["puspaga"])


def _visible(user: User) -> QuerySet[Consultation]:
    unit_wide = Q(unit__in=units_for_roles(user, ROLES_READING_ALL_CONSULTATIONS))
    own = Q(unit__in=units_for_roles(user, ROLES_COUNSELLING), counsellor=user)
    return Consultation.objects.filter(unit_wide | own)


def consultation_list_for_user(user: User, *, status: str = "") -> QuerySet[Consultation]:
    """Open consultations first, newest first, each with its next booked appointment."""
    if not has_role(user, ROLES_CONSULTATIONS):
        raise PermissionDenied
    consultations = (
        _visible(user)
        .select_related("person", "partner", "counsellor")
        .defer("contact_value")
        .annotate(
            next_start=Min(
                "appointments__start",
                filter=Q(appointments__status=AppointmentStatus.BOOKED, appointments__start__gte=timezone.now()),
            )
        )
    )
    if status in ConsultationStatus.values:
        consultations = consultations.filter(status=status)
    return consultations.order_by("-status", "-opened_at", "-id")


def consultation_get_for_user(user: User, pk: int, *, ip: str | None = None) -> Consultation:
    """One consultation, if `user` may see it; the read is logged. Otherwise 404."""
    if not has_role(user, ROLES_CONSULTATIONS):
        raise Http404
    consultation = (
        _visible(user)
        .select_related("unit", "person", "partner", "counsellor", "report", "escalated_report")
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        raise Http404
    record(actor=user, action="view", target=consultation, unit=consultation.unit, ip=ip)
    return consultation


def may_read_notes(user: User, consultation: Consultation) -> bool:
    """Notes are for the assigned counsellor and the head of the unit, nobody else.
    (The gate already keeps everyone else out; this says it once more where notes
    are shown, so a wider gate later cannot widen who reads notes.)"""
    if consultation.counsellor_id == user.pk:
        return True
    return units_for_roles(user, ROLES_READING_ALL_CONSULTATIONS).filter(pk=consultation.unit_id).exists()


def assignable_to(counsellor: User, unit: OrgUnit) -> bool:
    """Whether `counsellor` may take a consultation of `unit`: an active account with an
    active counsellor profile there, still holding a counselling role in that unit."""
    return (
        counsellor.is_active
        and CounsellorProfile.objects.filter(user=counsellor, unit=unit, is_active=True).exists()
        and units_for_roles(counsellor, ROLES_COUNSELLING).filter(pk=unit.pk).exists()
    )


def may_reassign(user: User, consultation: Consultation) -> bool:
    """Only the head of the consultation's unit (or a unit above it) gives it to another counsellor."""
    return units_for_roles(user, ROLES_READING_ALL_CONSULTATIONS).filter(pk=consultation.unit_id).exists()


def session_get_for_user(user: User, consultation: Consultation, pk: int, *, ip: str | None = None) -> Session:
    """One session of a consultation already passed through its gate; 404 for anyone
    who may not read notes. Reading notes is logged on its own."""
    if not may_read_notes(user, consultation):
        raise Http404
    session = consultation.sessions.select_related("counsellor", "appointment", "follow_up").filter(pk=pk).first()
    if session is None:
        raise Http404
    record(actor=user, action="view", target=session, unit=consultation.unit, ip=ip)
    return session


def appointment_get_by_token(token: str) -> Appointment | None:
    """The booking behind a manage link, or None: one keyed hash and one indexed lookup."""
    return (
        Appointment.objects.filter(manage_hash__in=manage_hashes(token))
        .select_related("consultation", "counsellor__counsellor_profile")
        .first()
    )


def counsellor_profiles(*, unit: OrgUnit) -> QuerySet[CounsellorProfile]:
    return CounsellorProfile.objects.filter(unit=unit, is_active=True, user__is_active=True).select_related("user")


def closed_days_by_profile(
    *, unit: OrgUnit, profile_ids: list[int], first_day: date, days: int
) -> dict[int, set[date]]:
    """For each counsellor, the days from `first_day` (for `days` days) on which they
    cannot be booked: their own leave or other absence, and the unit's public holidays.
    One query. The rule of both the public booking (`free_slots`) and the reassignment
    (`services.consultation_reassign`)."""
    last_day = first_day + timedelta(days=days - 1)
    exceptions = list(
        AvailabilityException.objects.filter(unit=unit, date_until__gte=first_day, date_from__lte=last_day).values_list(
            "profile_id", "date_from", "date_until"
        )
    )
    return {
        profile_id: closed_days(
            exceptions=[(f, u) for owner, f, u in exceptions if owner in (None, profile_id)],
            first_day=first_day,
            days=days,
        )
        for profile_id in profile_ids
    }


def weekly_blocks(profile: CounsellorProfile) -> list[Block]:
    """The counsellor's weekly availability as plain blocks (from the prefetch when
    there is one). What both the public booking (`free_slots`) and the reassignment
    (`services.consultation_reassign`) hold times against."""
    return [Block(block.weekday, block.start_time, block.end_time) for block in profile.availability.all()]


def free_slots(
    *,
    unit: OrgUnit,
    kind: str,
    mode: str,
    profile_id: int | None = None,
    now: datetime | None = None,
    days: int = BOOKING_HORIZON_DAYS,
) -> list[Slot]:
    """Every slot the public may book now, soonest first. Four queries, however many
    counsellors and days."""
    now = now or timezone.now()
    first_day = timezone.localdate(now)
    profiles = [
        profile
        for profile in counsellor_profiles(unit=unit).prefetch_related("availability")
        if profile.takes(kind) and profile.offers(mode) and (profile_id is None or profile.pk == profile_id)
    ]
    if not profiles:
        return []
    closed = closed_days_by_profile(
        unit=unit, profile_ids=[profile.pk for profile in profiles], first_day=first_day, days=days
    )
    range_start = timezone.make_aware(datetime.combine(first_day, datetime.min.time()))
    taken: dict[int, list[tuple[datetime, datetime]]] = {}
    for counsellor_id, start, end in Appointment.objects.filter(
        ACTIVE_APPOINTMENT,
        counsellor__in=[profile.user_id for profile in profiles],
        end__gt=range_start,
        start__lt=range_start + timedelta(days=days),
    ).values_list("counsellor_id", "start", "end"):
        taken.setdefault(counsellor_id, []).append((start, end))
    slots = []
    for profile in profiles:
        slots += slots_for_profile(
            profile_id=profile.pk,
            counsellor_id=profile.user_id,
            slot_minutes=profile.slot_minutes,
            blocks=weekly_blocks(profile),
            closed_days=closed[profile.pk],
            taken=taken.get(profile.user_id, []),
            first_day=first_day,
            days=days,
            earliest=now + BOOKING_NOTICE,
        )
    return sorted(slots, key=lambda slot: (slot.start, slot.profile_id))


def slot_is_free(*, unit: OrgUnit, kind: str, mode: str, profile_id: int, start: datetime) -> Slot | None:
    """The slot with this counsellor and start, if it is offered right now."""
    for slot in free_slots(unit=unit, kind=kind, mode=mode, profile_id=profile_id):
        if slot.start == start:
            return slot
    return None


def upcoming_appointments_for_user(user: User, *, limit: int = 50) -> QuerySet[Appointment]:
    """The schedule page: a counsellor's own booked appointments; for a head, those of
    every counsellor in their units. No client names: those are behind the gate."""
    mine = Q(counsellor=user, consultation__unit__in=units_for_roles(user, ROLES_COUNSELLING))
    unit_wide = Q(consultation__unit__in=units_for_roles(user, ROLES_READING_ALL_CONSULTATIONS))
    return (
        Appointment.objects.filter(mine | unit_wide, status=AppointmentStatus.BOOKED, end__gte=timezone.now())
        .select_related("counsellor")
        .order_by("start", "id")[:limit]
    )


def assignable_profiles_for_user(user: User) -> QuerySet[CounsellorProfile]:
    """Whom `user` may give a consultation to: a counsellor takes it themselves; the
    head chooses among the active counsellors of their units."""
    profiles = CounsellorProfile.objects.filter(is_active=True, user__is_active=True).select_related("user", "unit")
    if has_role(user, ROLES_READING_ALL_CONSULTATIONS):
        return profiles.filter(unit__in=units_for_roles(user, ROLES_READING_ALL_CONSULTATIONS))
    return profiles.filter(user=user, unit__in=units_for_roles(user, ROLES_COUNSELLING))


def counsellor_profile_for_user(user: User) -> CounsellorProfile | None:
    return CounsellorProfile.objects.filter(user=user).select_related("unit").first()


def schedule_units_for_user(user: User) -> QuerySet[OrgUnit]:
    """The counselling units whose schedule `user` works with (403 for other roles)."""
    if not has_role(user, ROLES_CONSULTATIONS):
        raise PermissionDenied
    return units_for_roles(user, ROLES_CONSULTATIONS).filter(kind=UnitKind.PREVENTION)


def availability_exceptions_for_user(user: User) -> QuerySet[AvailabilityException]:
    """A counsellor's own leave and the unit's holidays; for a head, every absence in
    their counselling units. Newest first."""
    units = schedule_units_for_user(user)
    own = Q(profile__user=user)
    unit_wide = Q(profile__isnull=True, unit__in=units)
    as_head = Q(unit__in=units_for_roles(user, ROLES_READING_ALL_CONSULTATIONS))
    return (
        AvailabilityException.objects.filter(own | unit_wide | as_head)
        .select_related("profile__user")
        .order_by("-date_from", "-id")
    )


def availability_exception_get_for_user(user: User, pk: int) -> AvailabilityException:
    """An absence `user` may remove: their own leave, or any in a unit they head. 404 otherwise."""
    units = schedule_units_for_user(user)
    own = Q(profile__user=user)
    as_head = Q(unit__in=units_for_roles(user, ROLES_READING_ALL_CONSULTATIONS))
    exception = AvailabilityException.objects.filter(own | as_head, pk=pk).select_related("unit").first()
    if exception is None or not units.filter(pk=exception.unit_id).exists():
        raise Http404
    return exception


def ikm_units_for_user(user: User) -> QuerySet[OrgUnit]:
    if not has_role(user, ROLES_READING_IKM):
        raise PermissionDenied
    return units_for_roles(user, ROLES_READING_IKM)


def month_start(day: date) -> date:
    return day.replace(day=1)


def ikm_for(*, units, date_from: date | None = None, date_to: date | None = None) -> ikm.IkmResult:
    """The IKM of the survey responses of these units in the months the dates touch."""
    responses = SurveyResponse.objects.filter(unit__in=units)
    if date_from:
        responses = responses.filter(period__gte=month_start(date_from))
    if date_to:
        responses = responses.filter(period__lte=date_to)
    return ikm.compute(responses.values_list(*(code.lower() for code in ikm.CODES)).order_by())


def survey_code_is_open(code: str) -> bool:
    """Whether a survey code was issued and not used yet (one keyed hash, one lookup)."""
    return SurveyInvitation.objects.filter(code_hash__in=survey_code_hashes(code)).exists()
