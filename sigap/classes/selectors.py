"""Reads for classes, and their gates.

- Programs are a catalogue without personal data: every role that runs classes may
  read them; only the head manages them.
- A cohort, its sessions, registrations, participants and certificates are seen by
  the head of the cohort's unit (or a unit above it) and by the facilitator who
  teaches the cohort or one of its sessions. Everyone else gets 404 for one and 403
  for the list. `manage=True` asks for the head: a facilitator who may see the
  cohort gets 403 there.
- The public reaches open cohorts, its own participation (by participant code, in a
  POST body) and a certificate's masked verification (by its public code).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from sigap.accounts.choices import ROLES_MANAGING_CLASSES, ROLES_RUNNING_CLASSES, Role
from sigap.accounts.models import OrgUnit, User
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import record
from sigap.classes.choices import QuizKind, RegistrationStatus
from sigap.classes.codes import format_certificate_code, participant_code_hashes
from sigap.classes.models import (
    Attendance,
    Certificate,
    ClassSession,
    Cohort,
    Participant,
    Program,
    QuizAttempt,
    Registration,
)


def _visible_cohorts(user: User) -> QuerySet[Cohort]:
    unit_wide = Q(unit__in=units_for_roles(user, ROLES_MANAGING_CLASSES))
    taught = Q(unit__in=units_for_roles(user, {Role.FACILITATOR})) & (
        Q(facilitator=user) | Q(pk__in=ClassSession.objects.filter(facilitator=user).values("cohort"))
    )
    return Cohort.objects.filter(unit_wide | taught)


def _may_manage(user: User, unit: OrgUnit) -> bool:
    return units_for_roles(user, ROLES_MANAGING_CLASSES).filter(pk=unit.pk).exists()


def program_list_for_user(user: User) -> QuerySet[Program]:
    if not has_role(user, ROLES_RUNNING_CLASSES):
        raise PermissionDenied
    return Program.objects.annotate(module_count=Count("modules", distinct=True)).order_by("name")


def program_get_for_user(user: User, pk: int, *, manage: bool = False) -> Program:
    if not has_role(user, ROLES_RUNNING_CLASSES):
        raise Http404
    program = Program.objects.filter(pk=pk).first()
    if program is None:
        raise Http404
    if manage and not has_role(user, ROLES_MANAGING_CLASSES):
        raise PermissionDenied
    return program


def cohort_list_for_user(user: User) -> QuerySet[Cohort]:
    """Cohorts the user runs, newest first, with their dates and places taken."""
    if not has_role(user, ROLES_RUNNING_CLASSES):
        raise PermissionDenied
    return _with_schedule(_visible_cohorts(user).select_related("program", "facilitator", "unit"))


def _with_schedule(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    sessions = ClassSession.objects.filter(cohort=OuterRef("pk")).values("cohort")
    taken = (
        Participant.objects.filter(
            registration__cohort=OuterRef("pk"), registration__status=RegistrationStatus.ENROLLED
        )
        .values("registration__cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waiting = (
        Registration.objects.filter(cohort=OuterRef("pk"), status=RegistrationStatus.WAITING)
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return cohorts.annotate(
        first_session=Subquery(sessions.annotate(v=Min("starts_at")).values("v")),
        last_session=Subquery(sessions.annotate(v=Max("starts_at")).values("v")),
        session_count=Subquery(sessions.annotate(v=Count("pk")).values("v")),
        places_taken=Coalesce(Subquery(taken), 0),
        waiting_count=Coalesce(Subquery(waiting), 0),
    ).annotate(places_free=F("capacity") - F("places_taken"))


def cohort_get_for_user(user: User, pk: int, *, manage: bool = False, ip: str | None = None) -> Cohort:
    """One cohort the user runs (logged), or 404. `manage`: 403 unless the user is its head."""
    if not has_role(user, ROLES_RUNNING_CLASSES):
        raise Http404
    cohort = (
        _with_schedule(_visible_cohorts(user).select_related("program", "facilitator", "unit")).filter(pk=pk).first()
    )
    if cohort is None:
        raise Http404
    if manage and not _may_manage(user, cohort.unit):
        raise PermissionDenied
    record(actor=user, action="view", target=cohort, unit=cohort.unit, ip=ip)
    return cohort


def session_get_for_user(user: User, pk: int, *, manage: bool = False) -> ClassSession:
    if not has_role(user, ROLES_RUNNING_CLASSES):
        raise Http404
    session = (
        ClassSession.objects.filter(cohort__in=_visible_cohorts(user), pk=pk)
        .select_related("cohort__program", "cohort__unit", "module", "facilitator")
        .first()
    )
    if session is None:
        raise Http404
    if manage and not _may_manage(user, session.cohort.unit):
        raise PermissionDenied
    return session


def registration_get_for_user(user: User, pk: int, *, ip: str | None = None) -> Registration:
    if not has_role(user, ROLES_RUNNING_CLASSES):
        raise Http404
    registration = (
        Registration.objects.filter(cohort__in=_visible_cohorts(user), pk=pk).select_related("cohort", "unit").first()
    )
    if registration is None:
        raise Http404
    record(actor=user, action="view", target=registration, unit=registration.unit, ip=ip)
    return registration


def participant_get_for_user(user: User, pk: int, *, ip: str | None = None) -> Participant:
    if not has_role(user, ROLES_RUNNING_CLASSES):
        raise Http404
    participant = (
        Participant.objects.filter(registration__cohort__in=_visible_cohorts(user), pk=pk)
        .select_related("person", "registration__cohort__program", "registration__unit")
        .first()
    )
    if participant is None:
        raise Http404
    record(actor=user, action="view", target=participant.person, unit=participant.registration.unit, ip=ip)
    return participant


def certificate_get_for_user(user: User, pk: int, *, manage: bool = False, ip: str | None = None) -> Certificate:
    if not has_role(user, ROLES_RUNNING_CLASSES):
        raise Http404
    certificate = (
        Certificate.objects.filter(participant__registration__cohort__in=_visible_cohorts(user), pk=pk)
        .select_related("participant__person", "participant__registration__cohort__program")
        .first()
    )
    if certificate is None:
        raise Http404
    unit = certificate.participant.registration.cohort.unit
    if manage and not _may_manage(user, unit):
        raise PermissionDenied
    record(actor=user, action="view", target=certificate, unit=unit, ip=ip)
    return certificate


def roster(cohort: Cohort) -> QuerySet[Participant]:
    """Everyone registered for a cohort, with attendance and test results: one query
    however many there are. (Callers have passed the cohort's gate.)"""

    def percent(kind: str):
        return Subquery(QuizAttempt.objects.filter(participant=OuterRef("pk"), kind=kind).values("percent")[:1])

    return (
        Participant.objects.filter(registration__cohort=cohort)
        .select_related("person", "registration", "certificate")
        .annotate(
            attended=Count("attendances", distinct=True),
            pre_percent=percent(QuizKind.PRE),
            post_percent=percent(QuizKind.POST),
        )
        .order_by("registration__status", "registration__registered_at", "registration_id", "pk")
    )


def is_complete(participant: Participant, *, program: Program, session_count: int) -> bool:
    """The program's completion rule, on a participant from `roster()`: a place in the
    cohort, enough of its sessions attended, and the post-test if the program asks."""
    if participant.registration.status != RegistrationStatus.ENROLLED or not session_count:
        return False
    if participant.attended * 100 < program.min_attendance_percent * session_count:
        return False
    return not (program.requires_post_test and participant.post_percent is None)


def cohort_learning(cohort: Cohort) -> dict:
    """Average pre- and post-test scores of the participants who took both, and the
    gain between them (percentage points): two aggregate queries."""
    both = Participant.objects.filter(registration__cohort=cohort, attempts__kind=QuizKind.PRE).filter(
        attempts__kind=QuizKind.POST
    )
    averages = QuizAttempt.objects.filter(participant__in=both.values("pk")).aggregate(
        pre=Avg("percent", filter=Q(kind=QuizKind.PRE)),
        post=Avg("percent", filter=Q(kind=QuizKind.POST)),
        people=Count("participant", distinct=True),
    )
    if not averages["people"]:
        return {"people": 0, "pre": None, "post": None, "gain": None}
    pre, post = float(averages["pre"]), float(averages["post"])
    return {"people": averages["people"], "pre": round(pre, 1), "post": round(post, 1), "gain": round(post - pre, 1)}


def session_list(cohort: Cohort) -> QuerySet[ClassSession]:
    return (
        cohort.sessions.select_related("module", "facilitator")
        .annotate(present=Count("attendances"))
        .order_by("starts_at", "pk")
    )


def attendance_grid(session: ClassSession) -> QuerySet[Participant]:
    """Participants with a place, each marked with whether they were at `session`."""
    present = Attendance.objects.filter(session=session, participant=OuterRef("pk"))
    return (
        Participant.objects.filter(
            registration__cohort=session.cohort_id, registration__status=RegistrationStatus.ENROLLED
        )
        .select_related("person")
        .annotate(present_method=Subquery(present.values("method")[:1]))
        .order_by("person__full_name", "pk")
    )


# The public side.


def cohort_list_open() -> QuerySet[Cohort]:
    """Cohorts open for registration whose first session is still ahead."""
    now = timezone.now()
    return (
        _with_schedule(Cohort.objects.filter(registration_open=True, program__is_active=True).select_related("program"))
        .filter(Q(first_session__isnull=True) | Q(first_session__gt=now))
        .order_by(F("first_session").asc(nulls_last=True), "pk")
    )


def cohort_get_open(pk: int) -> Cohort:
    cohort = cohort_list_open().filter(pk=pk).first()
    if cohort is None:
        raise Http404
    return cohort


def participant_get_by_code(code: str) -> Participant | None:
    """The participant behind a participant code, or None: one indexed lookup."""
    return (
        Participant.objects.filter(code_hash__in=participant_code_hashes(code))
        .select_related("person", "registration__cohort__program", "registration__unit")
        .first()
    )


def certificate_get_public(code: str) -> Certificate | None:
    return (
        Certificate.objects.filter(code=format_certificate_code(code))
        .select_related("participant__person", "participant__registration__cohort__program")
        .first()
    )
