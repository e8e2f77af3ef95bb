"""Writes for classes: programs, cohorts and sessions; registration with its waiting
list; attendance, check-in and tests; certificates."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import OrgUnit, User
from sigap.audit.services import record
from sigap.classes import notices
from sigap.classes.choices import AttendanceMethod, ContactMethod, Mode, QuizKind, RegistrationStatus
from sigap.classes.codes import (
    new_certificate_code,
    new_checkin_code,
    new_participant_code,
    normalise_code,
    participant_code_hash,
)
from sigap.classes.defaults import STANDARD_PROGRAMS
from sigap.classes.models import (
    Attendance,
    Certificate,
    ClassSession,
    Cohort,
    Module,
    Participant,
    Program,
    Question,
    QuizAttempt,
    Registration,
)
from sigap.classes.selectors import is_complete, roster
from sigap.counseling.selectors import survey_code_is_open
from sigap.counseling.services import survey_invitation_issue
from sigap.lib.identity import normalise_phone
from sigap.people.services import person_create

# UU PDP Pasal 20(2): Puspaga's classes are a public service of the city (Perda
# Ketahanan Keluarga 8/2019), taken up with the participant's explicit consent.
LAWFUL_BASIS_CLASSES = "uu-pdp-20-2-e+consent"
PHONE_METHODS = {ContactMethod.PHONE, ContactMethod.WHATSAPP}


# Programs


@transaction.atomic
def program_create(
    *,
    actor: User,
    kind: str,
    name: str,
    description: str = "",
    for_couples: bool = False,
    min_attendance_percent: int = 80,
    requires_post_test: bool = True,
    modules: list[str] = (),
    questions: list[tuple[str, list[str], int]] = (),
) -> Program:
    program = Program(
        kind=kind,
        name=name.strip(),
        description=description.strip(),
        for_couples=for_couples,
        min_attendance_percent=min_attendance_percent,
        requires_post_test=requires_post_test,
    )
    program.full_clean()
    program.save()
    for number, title in enumerate(modules, start=1):
        Module.objects.create(program=program, number=number, title=title)
    for number, (text, options, correct) in enumerate(questions, start=1):
        Question.objects.create(program=program, number=number, text=text, options=options, correct_option=correct)
    record(actor=actor, action="create", target=program, changes={"kind": kind})
    return program


@transaction.atomic
def programs_add_standard(*, actor: User | None) -> int:
    """Add the standard programs that do not exist yet (by name); returns how many."""
    existing = set(Program.objects.values_list("name", flat=True))
    added = 0
    for spec in STANDARD_PROGRAMS:
        if spec["name"] in existing:
            continue
        program_create(
            actor=actor,
            kind=spec["kind"],
            name=spec["name"],
            description=spec["description"],
            for_couples=spec["for_couples"],
            modules=spec["modules"],
            questions=spec["questions"],
        )
        added += 1
    return added


@transaction.atomic
def module_add(*, actor: User, program: Program, title: str) -> Module:
    number = (program.modules.aggregate(last=Max("number"))["last"] or 0) + 1
    module = Module(program=program, number=number, title=title.strip())
    module.full_clean()
    module.save()
    record(actor=actor, action="create", target=module, changes={"program": program.pk})
    return module


@transaction.atomic
def question_add(*, actor: User, program: Program, text: str, options: list[str], correct_option: int) -> Question:
    if not 0 <= correct_option < len(options):
        raise ValueError("correct_option must point at one of the options")
    number = (program.questions.aggregate(last=Max("number"))["last"] or 0) + 1
    question = Question(
        program=program, number=number, text=text.strip(), options=options, correct_option=correct_option
    )
    question.full_clean()
    question.save()
    record(actor=actor, action="create", target=question, changes={"program": program.pk})
    return question


# Cohorts and sessions


@transaction.atomic
def cohort_create(
    *,
    actor: User,
    unit: OrgUnit,
    program: Program,
    name: str,
    mode: str,
    capacity: int,
    facilitator: User,
    venue: str = "",
    online_link: str = "",
    registration_open: bool = True,
    ip: str | None = None,
) -> Cohort:
    cohort = Cohort(
        unit=unit,
        program=program,
        name=name.strip(),
        mode=mode,
        venue=venue.strip(),
        online_link=online_link.strip(),
        capacity=capacity,
        facilitator=facilitator,
        registration_open=registration_open,
    )
    cohort.full_clean()
    cohort.save()
    record(actor=actor, action="create", target=cohort, unit=unit, ip=ip, changes={"program": program.pk})
    return cohort


_COHORT_FIELDS = {"name", "mode", "venue", "online_link", "capacity", "facilitator", "registration_open"}


@transaction.atomic
def cohort_update(*, actor: User, cohort: Cohort, ip: str | None = None, **changes) -> Cohort:
    """Change a cohort; more places promote people from the waiting list at once."""
    unknown = set(changes) - _COHORT_FIELDS
    if unknown:
        raise TypeError(f"cohort_update cannot change {sorted(unknown)}")
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    changed = [name for name, value in changes.items() if getattr(cohort, name) != value]
    for name in changed:
        setattr(cohort, name, changes[name])
    if changed:
        cohort.full_clean()
        cohort.save(update_fields=changed)
        record(actor=actor, action="change", target=cohort, unit=cohort.unit, ip=ip, changes={"fields": changed})
        _promote_from_waiting_list(cohort=cohort, actor=actor, ip=ip)
    return cohort


@transaction.atomic
def session_add(
    *,
    actor: User,
    cohort: Cohort,
    starts_at: datetime,
    ends_at: datetime,
    module: Module | None = None,
    facilitator: User | None = None,
    ip: str | None = None,
) -> ClassSession:
    if ends_at <= starts_at:
        raise ValidationError(_("A session must end after it starts."))
    session = ClassSession(
        cohort=cohort,
        module=module,
        starts_at=starts_at,
        ends_at=ends_at,
        facilitator=facilitator,
        checkin_code=new_checkin_code(),
    )
    session.full_clean()
    session.save()
    record(actor=actor, action="create", target=session, unit=cohort.unit, ip=ip)
    return session


# Registration and the waiting list


def _places_taken(cohort: Cohort) -> int:
    return Participant.objects.filter(
        registration__cohort=cohort, registration__status=RegistrationStatus.ENROLLED
    ).count()


@transaction.atomic
def registration_submit(
    *,
    cohort: Cohort,
    people: list[dict],
    contact_method: str,
    consent: bool,
    contact_value: str = "",
    safe_hours: str = "any",
    may_identify: bool = False,
    ip: str | None = None,
) -> tuple[Registration, list[tuple[Participant, str]]]:
    """Register one person, or a couple (`people` holds one or two dicts with
    `full_name` and optionally `sex`). They get places if there are enough and nobody
    is waiting; otherwise they join the waiting list. Returns the registration and
    each participant with their code, which exists nowhere else afterwards."""
    if not consent:
        raise ValueError("A registration needs the participant's consent")
    if not 1 <= len(people) <= (2 if cohort.program.for_couples else 1):
        raise ValueError("A registration holds one person, or two for a couples' program")
    # Lock the cohort: two registrations for the last place must not both get it.
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    someone_waits = cohort.registrations.filter(status=RegistrationStatus.WAITING).exists()
    fits = _places_taken(cohort) + len(people) <= cohort.capacity
    now = timezone.now()
    registration = Registration(
        unit=cohort.unit,
        cohort=cohort,
        status=RegistrationStatus.ENROLLED if fits and not someone_waits else RegistrationStatus.WAITING,
        registered_at=now,
        contact_method=contact_method,
        contact_value=normalise_phone(contact_value) if contact_method in PHONE_METHODS else contact_value.strip(),
        safe_hours=safe_hours,
        may_identify=may_identify,
        consent_at=now,
        lawful_basis=LAWFUL_BASIS_CLASSES,
    )
    registration.full_clean()
    registration.save()
    participants = []
    for fields in people:
        person = person_create(
            actor=None, unit=cohort.unit, full_name=fields["full_name"], sex=fields.get("sex", ""), ip=ip
        )
        code = new_participant_code()
        participant = Participant.objects.create(
            registration=registration, person=person, code_hash=participant_code_hash(code)
        )
        participants.append((participant, code))
    record(
        actor=None,
        action="create",
        target=registration,
        unit=cohort.unit,
        ip=ip,
        changes={"status": registration.status, "participants": len(people)},
    )
    kind = notices.CONFIRMED if registration.status == RegistrationStatus.ENROLLED else notices.WAITING
    notices.registration_notify(registration=registration, kind=kind)
    return registration, participants


@transaction.atomic
def registration_cancel(*, actor: User | None, registration: Registration, ip: str | None = None) -> Registration:
    """Cancel a registration (staff, or the participant with their code). A freed
    place goes to the next in line."""
    cohort = Cohort.objects.select_for_update().get(pk=registration.cohort_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    previous = registration.status
    registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    record(
        actor=actor,
        action="change",
        target=registration,
        unit=registration.unit,
        ip=ip,
        changes={"status": [previous, RegistrationStatus.CANCELLED]},
    )
    if previous == RegistrationStatus.ENROLLED:
        _promote_from_waiting_list(cohort=cohort, actor=actor, ip=ip)
    return registration


def _promote_from_waiting_list(*, cohort: Cohort, actor: User | None, ip: str | None) -> list[Registration]:
    """Give free places to those waiting, first come first served. A couple at the
    head of the line is not skipped for a single person behind them: they wait for
    two places. Each person promoted is told. (Runs inside the caller's transaction,
    with the cohort locked.)"""
    free = cohort.capacity - _places_taken(cohort)
    waiting = (
        cohort.registrations.filter(status=RegistrationStatus.WAITING)
        .annotate(size=Count("participants"))
        .order_by("registered_at", "pk")
    )
    promoted = []
    for registration in waiting:
        if registration.size > free:
            break
        registration.status, registration.promoted_at = RegistrationStatus.ENROLLED, timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        free -= registration.size
        record(
            actor=actor,
            action="change",
            target=registration,
            unit=registration.unit,
            ip=ip,
            changes={"status": [RegistrationStatus.WAITING, RegistrationStatus.ENROLLED], "promoted": True},
        )
        notices.registration_notify(registration=registration, kind=notices.PROMOTED)
        promoted.append(registration)
    return promoted


@transaction.atomic
def participant_code_renew(*, actor: User, participant: Participant, ip: str | None = None) -> str:
    """A new participant code for someone who lost theirs; the old one stops working.
    Staff see the new code, so the participant page it opens no longer shows the survey
    code (the code itself stays valid): staff must never learn whose survey code is whose."""
    if participant.registration.anonymised_at is not None:
        raise ValidationError(_("This registration was anonymised: its participant code cannot be renewed."))
    code = new_participant_code()
    participant.code_hash, participant.survey_code = participant_code_hash(code), ""
    participant.save(update_fields=["code_hash", "survey_code"])
    record(actor=actor, action="change", target=participant, unit=participant.registration.unit, ip=ip)
    return code


# Attendance, check-in and tests


@transaction.atomic
def attendance_set(
    *, actor: User, session: ClassSession, participant: Participant, present: bool, ip: str | None = None
) -> bool:
    """Mark a participant present or absent at a session (the facilitator's tap)."""
    if participant.registration.cohort_id != session.cohort_id:
        raise ValueError("The participant is not in this session's cohort")
    if participant.registration.status != RegistrationStatus.ENROLLED:
        raise ValueError("Only participants with a place are marked")
    existing = Attendance.objects.filter(session=session, participant=participant)
    if present and not existing.exists():
        Attendance.objects.create(
            session=session, participant=participant, method=AttendanceMethod.STAFF, marked_by=actor
        )
    elif not present and existing.exists():
        existing.delete()
    else:
        return present
    record(
        actor=actor,
        action="change",
        target=session,
        unit=session.cohort.unit,
        ip=ip,
        changes={"participant": participant.pk, "present": present},
    )
    return present


def checkin_window(session: ClassSession) -> tuple[datetime, datetime]:
    return session.starts_at - timedelta(minutes=settings.SIGAP_CHECKIN_GRACE_MINUTES), session.ends_at


@transaction.atomic
def attendance_check_in(*, participant: Participant, checkin_code: str, ip: str | None = None) -> ClassSession:
    """An online participant checks in with the code the facilitator shows during the
    session. A wrong code and a right code outside its window answer alike."""
    refused = ValidationError(
        _(
            "This session code is not valid now. Codes work from %(minutes)s minutes before a session "
            "until it ends; check the code with your facilitator."
        )
        % {"minutes": settings.SIGAP_CHECKIN_GRACE_MINUTES},
        code="checkin_invalid",
    )
    registration = participant.registration
    if registration.status != RegistrationStatus.ENROLLED or registration.cohort.mode != Mode.ONLINE:
        raise refused
    now = timezone.now()
    grace = timedelta(minutes=settings.SIGAP_CHECKIN_GRACE_MINUTES)
    session = (
        ClassSession.objects.filter(
            cohort=registration.cohort_id,
            checkin_code=normalise_code(checkin_code),
            starts_at__lte=now + grace,
            ends_at__gte=now,
        )
        .select_related("cohort")
        .first()
    )
    if session is None:
        raise refused
    _attendance, created = Attendance.objects.get_or_create(
        session=session, participant=participant, defaults={"method": AttendanceMethod.CHECK_IN}
    )
    if created:
        record(
            actor=None,
            action="change",
            target=session,
            unit=registration.unit,
            ip=ip,
            changes={"participant": participant.pk, "present": True, "method": AttendanceMethod.CHECK_IN},
        )
    return session


def quiz_open(participant: Participant, kind: str, *, now: datetime | None = None) -> bool:
    """Whether `participant` may take the pre- or post-test now: they have a place, the
    program has questions, they have not taken it, the pre-test comes before the
    post-test, and the post-test opens when the cohort's last session has begun."""
    registration = participant.registration
    cohort = registration.cohort
    if registration.status != RegistrationStatus.ENROLLED or not cohort.program.questions.exists():
        return False
    taken = set(participant.attempts.values_list("kind", flat=True))
    if kind in taken:
        return False
    if kind == QuizKind.PRE:
        return QuizKind.POST not in taken
    last_start = cohort.sessions.aggregate(last=Max("starts_at"))["last"]
    return last_start is not None and last_start <= (now or timezone.now())


@transaction.atomic
def quiz_submit(
    *,
    participant: Participant,
    kind: str,
    answers: dict[int, int],
    entered_by: User | None = None,
    ip: str | None = None,
) -> QuizAttempt:
    """Score a test against the program's questions (`answers`: question id → option).
    `entered_by`: the facilitator who typed in a test taken on paper."""
    if not quiz_open(participant, kind):
        raise ValidationError(_("This test is not open for you now."), code="quiz_closed")
    questions = list(participant.registration.cohort.program.questions.all())
    score = sum(1 for q in questions if answers.get(q.pk) == q.correct_option)
    attempt = QuizAttempt(
        participant=participant,
        kind=kind,
        answers={str(q.pk): answers.get(q.pk) for q in questions},
        score=score,
        total=len(questions),
        percent=round(100 * score / len(questions)),
        entered_by=entered_by,
    )
    attempt.full_clean()
    attempt.save()
    record(
        actor=entered_by,
        action="create",
        target=attempt,
        unit=participant.registration.unit,
        ip=ip,
        changes={"kind": kind, "participant": participant.pk},
    )
    return attempt


# Certificates


@transaction.atomic
def certificates_issue(*, actor: User, cohort: Cohort, ip: str | None = None) -> list[Certificate]:
    """A certificate for every participant who meets the program's completion rule and
    has none yet. Only once the cohort's last session has begun."""
    last_start = cohort.sessions.aggregate(last=Max("starts_at"))["last"]
    if last_start is None or last_start > timezone.now():
        raise ValidationError(_("Certificates can be issued once the last session has begun."), code="too_early")
    issued = []
    session_count = cohort.sessions.count()
    participants = list(roster(cohort))
    # Locked before the first certificate is written to the access log (house rule 4):
    # each survey code is then set on a row this transaction already holds.
    list(Participant.objects.select_for_update().filter(pk__in=[p.pk for p in participants]).values_list("pk"))
    for participant in participants:
        complete = is_complete(participant, program=cohort.program, session_count=session_count)
        if getattr(participant, "certificate", None) is not None or not complete:
            continue
        certificate = Certificate(participant=participant, code=new_certificate_code(), issued_by=actor)
        certificate.full_clean()
        certificate.save()
        record(actor=actor, action="create", target=certificate, unit=cohort.unit, ip=ip)
        issued.append(certificate)
        surveyed = _survey_issue(participant, unit=cohort.unit)
        if surveyed is not None:
            notices.registration_notify(
                registration=participant.registration, kind=notices.COMPLETED, participant=surveyed
            )
    return issued


def _survey_issue(participant: Participant, *, unit: OrgUnit) -> Participant | None:
    """One IKM survey code for a participant who completed their class, at most once.
    The invitation (counselling's) keeps only the code's hash, the unit and the month;
    the code itself is kept (encrypted) on the participant only so that their own page
    can show it again. Not logged: a log entry would tie the code's issue to them.
    Returns the participant with their new code, or None if they already had one."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.survey_issued:
        return None
    code = survey_invitation_issue(unit=unit, today=timezone.localdate())
    participant.survey_issued, participant.survey_code = True, code
    participant.save(update_fields=["survey_issued", "survey_code"])
    return participant


def participant_survey_code(participant: Participant) -> str:
    """The participant's survey code if it is still unused, for their own page. A used
    code is forgotten, so nothing on the participant's side points at it any more."""
    if not participant.survey_code:
        return ""
    if survey_code_is_open(participant.survey_code):
        return participant.survey_code
    Participant.objects.filter(pk=participant.pk).update(survey_code="")
    participant.survey_code = ""
    return ""


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str, ip: str | None = None) -> Certificate:
    if not reason.strip():
        raise ValueError("Revoking a certificate needs a reason")
    if certificate.revoked_at is not None:
        return certificate
    certificate.revoked_at, certificate.revoked_by, certificate.revoke_reason = timezone.now(), actor, reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    record(
        actor=actor,
        action="change",
        target=certificate,
        unit=certificate.participant.registration.unit,
        ip=ip,
        reason=reason.strip(),
        changes={"fields": ["revoked_at"]},
    )
    return certificate


# Reminders


@transaction.atomic
def session_reminders_queue(*, now: datetime | None = None) -> int:
    """Remind everyone with a place of each session starting within the next day
    (once per session). Run hourly: `manage.py send_class_reminders`."""
    now = now or timezone.now()
    due = ClassSession.objects.select_for_update().filter(
        starts_at__gt=now, starts_at__lte=now + timedelta(days=1), reminder_queued_at__isnull=True
    )
    count = 0
    for session in due.select_related("cohort__program"):
        registrations = session.cohort.registrations.filter(status=RegistrationStatus.ENROLLED)
        for registration in registrations.select_related("cohort__program"):
            if notices.registration_notify(registration=registration, kind=notices.REMINDER, session=session) != "none":
                count += 1
        session.reminder_queued_at = now
        session.save(update_fields=["reminder_queued_at"])
    return count
