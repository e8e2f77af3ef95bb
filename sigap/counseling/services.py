"""Writes for counselling: counsellors' availability, bookings, consultations and
their sessions, document help, referrals, closing, the hand-over to LP-PAR, and the
IKM survey. Every write is atomic and logged; messages to the person go through the
notifications outbox after commit and obey their safe-contact choices (reminders.py).
"""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sigap.accounts.models import OrgUnit, User
from sigap.audit.services import record
from sigap.counseling import reminders
from sigap.counseling.availability import within_blocks
from sigap.counseling.choices import (
    DOCUMENT_DONE,
    AppointmentStatus,
    Attendance,
    ConsultationKind,
    ConsultationSource,
    ConsultationStatus,
    ContactMethod,
    Mode,
    SurveySource,
)
from sigap.counseling.ikm import CODES, validate_scores
from sigap.counseling.models import (
    ACTIVE_APPOINTMENT,
    Appointment,
    AvailabilityException,
    Consultation,
    CounsellorProfile,
    DocumentHelp,
    Referral,
    Session,
    SurveyInvitation,
    SurveyResponse,
    WeeklyAvailability,
)
from sigap.counseling.selectors import (
    assignable_to,
    closed_days_by_profile,
    counselling_unit,
    may_reassign,
    month_start,
    slot_is_free,
    weekly_blocks,
)
from sigap.counseling.tokens import (
    manage_hash,
    new_manage_token,
    new_survey_code,
    survey_code_hash,
    survey_code_hashes,
)
from sigap.intake.choices import Channel, MessageDirection, ReporterRelation
from sigap.intake.models import Report
from sigap.intake.services import report_hand_over, report_lock, report_message_add, report_submit
from sigap.notifications.choices import OutboxStatus
from sigap.notifications.models import OutboxMessage
from sigap.notifications.services import outbox_queue, staff_notify
from sigap.people.models import Person
from sigap.people.services import person_create, person_update


class SlotTaken(Exception):
    """The chosen time is no longer free (someone else was quicker, or it never was)."""


# --- Counsellors and their availability -------------------------------------------


@transaction.atomic
def counsellor_profile_save(
    *,
    actor: User | None,
    user: User,
    unit: OrgUnit,
    title: str,
    kinds: list[str],
    in_person: bool = True,
    online: bool = False,
    video_link: str = "",
    slot_minutes: int = 60,
    is_active: bool = True,
) -> CounsellorProfile:
    """Create or update a counsellor's profile."""
    profile = CounsellorProfile.objects.filter(user=user).first() or CounsellorProfile(user=user)
    unknown = set(kinds) - set(ConsultationKind.values)
    if unknown:
        raise ValueError(f"unknown kinds of consultation: {sorted(unknown)}")
    profile.unit, profile.title, profile.kinds = unit, title, sorted(set(kinds))
    profile.in_person, profile.online, profile.video_link = in_person, online, video_link.strip()
    profile.slot_minutes, profile.is_active = slot_minutes, is_active
    created = profile.pk is None
    profile.full_clean()
    profile.save()
    record(
        actor=actor,
        action="create" if created else "change",
        target=profile,
        unit=unit,
        changes={"kinds": profile.kinds, "modes": profile.modes()},
    )
    return profile


@transaction.atomic
def availability_add(
    *, actor: User | None, profile: CounsellorProfile, weekday: int, start_time: time, end_time: time
) -> WeeklyAvailability:
    block = WeeklyAvailability(profile=profile, weekday=weekday, start_time=start_time, end_time=end_time)
    block.full_clean()
    block.save()
    record(actor=actor, action="create", target=block, unit=profile.unit)
    return block


@transaction.atomic
def availability_remove(*, actor: User, block: WeeklyAvailability) -> None:
    record(actor=actor, action="delete", target=block, unit=block.profile.unit)
    block.delete()


@transaction.atomic
def availability_exception_add(
    *,
    actor: User | None,
    unit: OrgUnit,
    kind: str,
    date_from: date,
    date_until: date,
    profile: CounsellorProfile | None = None,
    label: str = "",
) -> AvailabilityException:
    """A counsellor's leave (with `profile`) or a public holiday for the whole unit.
    Appointments already booked on those days stay; staff move them by hand."""
    exception = AvailabilityException(
        unit=unit, profile=profile, kind=kind, date_from=date_from, date_until=date_until, label=label.strip()
    )
    exception.full_clean()
    exception.save()
    record(actor=actor, action="create", target=exception, unit=unit, changes={"kind": kind})
    return exception


@transaction.atomic
def availability_exception_remove(*, actor: User, exception: AvailabilityException) -> None:
    record(actor=actor, action="delete", target=exception, unit=exception.unit)
    exception.delete()


# --- Appointments -------------------------------------------------------------------


def _lock_schedule(counsellor_id: int) -> None:
    """Hold the counsellor's schedule until the transaction ends: a check for a free
    time and the save that follows it are then never interleaved with another booking
    for the same counsellor. The database's constraint only knows one appointment per
    counsellor and start; two bookings at different but overlapping times (09:00 and
    09:30) would both pass their checks at the same moment. FOR NO KEY UPDATE of the
    counsellor's row: it does not hold back the rows that merely point at the user
    (their access-log entries, their sessions)."""
    User.objects.select_for_update(no_key=True).filter(pk=counsellor_id).values_list("pk").first()


def _overlaps(*, counsellor_id: int, start: datetime, end: datetime, exclude_pk: int | None = None) -> bool:
    """Whether the counsellor has an appointment (not cancelled) overlapping start–end.
    Locks the counsellor's schedule first (`_lock_schedule`): callers are services in a
    transaction, and what they save after the check stays true until they commit."""
    _lock_schedule(counsellor_id)
    clash = Appointment.objects.filter(ACTIVE_APPOINTMENT, counsellor_id=counsellor_id, start__lt=end, end__gt=start)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    return clash.exists()


def _no_overlap(*, counsellor_id: int, start: datetime, end: datetime, exclude_pk: int | None = None) -> None:
    if _overlaps(counsellor_id=counsellor_id, start=start, end=end, exclude_pk=exclude_pk):
        raise SlotTaken


def _save_appointment(appointment: Appointment, *, update_fields: list[str] | None = None) -> None:
    """Save in a savepoint: the database's no-double-booking constraint has the last
    word, also against a booking that is not yet committed in another transaction."""
    appointment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            appointment.save(update_fields=update_fields)
    except IntegrityError:
        raise SlotTaken from None


@transaction.atomic
def appointment_book(
    *,
    actor: User | None,
    consultation: Consultation,
    start: datetime,
    mode: str,
    minutes: int | None = None,
    manage_token: str | None = None,
    ip: str | None = None,
) -> Appointment:
    """Book the consultation's counsellor at `start`. Staff may book any time that
    does not clash with another appointment (the public only what free_slots offers).
    Raises SlotTaken."""
    # The counsellor from the locked row: a reassignment at the same moment waits, and
    # a booking never lands with the counsellor the consultation just left.
    consultation = Consultation.objects.select_for_update().select_related("unit").get(pk=consultation.pk)
    profile = CounsellorProfile.objects.filter(user_id=consultation.counsellor_id).first()
    length = timedelta(minutes=minutes or (profile.slot_minutes if profile else 60))
    appointment = Appointment(
        consultation=consultation,
        counsellor_id=consultation.counsellor_id,
        start=start,
        end=start + length,
        mode=mode,
        manage_hash=manage_hash(manage_token) if manage_token else None,
    )
    _no_overlap(counsellor_id=appointment.counsellor_id, start=appointment.start, end=appointment.end)
    _save_appointment(appointment)
    record(actor=actor, action="create", target=appointment, unit=consultation.unit, ip=ip, changes={"mode": mode})
    reminders.reminder_schedule(appointment)
    return appointment


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, actor: User | None = None, ip: str | None = None) -> Appointment:
    appointment = Appointment.objects.select_for_update().select_related("consultation").get(pk=appointment.pk)
    if appointment.status != AppointmentStatus.BOOKED:
        return appointment
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save(update_fields=["status"])
    _unsent_reminders_withdraw([appointment])
    record(
        actor=actor,
        action="change",
        target=appointment,
        unit=appointment.consultation.unit,
        ip=ip,
        changes={"status": AppointmentStatus.CANCELLED},
    )
    return appointment


@transaction.atomic
def appointment_reschedule_public(*, appointment: Appointment, start: datetime, ip: str | None = None) -> Appointment:
    """Move a public booking to another free slot of the same counsellor and mode."""
    appointment = Appointment.objects.select_for_update().select_related("consultation").get(pk=appointment.pk)
    consultation = appointment.consultation
    if appointment.status != AppointmentStatus.BOOKED or not consultation.is_open():
        raise SlotTaken
    _lock_schedule(appointment.counsellor_id)
    profile = CounsellorProfile.objects.filter(user_id=appointment.counsellor_id).first()
    slot = profile and slot_is_free(
        unit=consultation.unit, kind=consultation.kind, mode=appointment.mode, profile_id=profile.pk, start=start
    )
    if not slot:
        raise SlotTaken
    appointment.start, appointment.end, appointment.reminder_sent_at = slot.start, slot.end, None
    _save_appointment(appointment, update_fields=["start", "end", "reminder_sent_at"])
    _unsent_reminders_withdraw([appointment])  # they give the old time
    record(
        actor=None, action="change", target=appointment, unit=consultation.unit, ip=ip, changes={"fields": ["start"]}
    )
    reminders.reminder_schedule(appointment)
    return appointment


def _unsent_reminders_withdraw(appointments: list[Appointment]) -> None:
    """Take back the reminders of these appointments still waiting in the outbox (for
    their safe hours, a retry, or staff): a cancelled or moved appointment must not be
    announced with its old time."""
    OutboxMessage.objects.filter(
        about_type=Appointment._meta.label_lower,
        about_id__in=[str(appointment.pk) for appointment in appointments],
        status__in=[OutboxStatus.PENDING, OutboxStatus.HELD],
    ).delete()


# --- Consultations ------------------------------------------------------------------


def _contact(contact_method: str, contact_value: str) -> str:
    return contact_value.strip() if contact_method != ContactMethod.NONE else ""


@transaction.atomic
def consultation_book_public(
    *,
    kind: str,
    mode: str,
    profile_id: int,
    start: datetime,
    name: str,
    contact_method: str,
    consent: bool,
    partner_name: str = "",
    contact_value: str = "",
    safe_from: time | None = None,
    safe_until: time | None = None,
    may_identify: bool = False,
    language: str = "id",
    ip: str | None = None,
) -> tuple[Consultation, Appointment, str]:
    """A booking from /konsultasi/: the person (and partner), the consultation and the
    appointment, all or nothing. Returns them and the manage-link token, which exists
    nowhere else afterwards. Raises SlotTaken if the slot is not (or no longer) free."""
    if not consent:
        raise ValueError("A booking needs the person's consent")
    unit = counselling_unit()
    profile = CounsellorProfile.objects.select_related("user").filter(pk=profile_id, unit=unit).first()
    if profile is None:
        raise SlotTaken
    # Before anything is written to the access log: its lock is held until commit, and
    # a staff booking takes the schedule first and the log second. The same order
    # everywhere, or two such transactions can wait on each other for ever.
    _lock_schedule(profile.user_id)
    if not slot_is_free(unit=unit, kind=kind, mode=mode, profile_id=profile.pk, start=start):
        raise SlotTaken
    contact_value = _contact(contact_method, contact_value)
    phone = contact_value if contact_method in (ContactMethod.PHONE, ContactMethod.WHATSAPP) else ""
    person = person_create(actor=None, unit=unit, full_name=name, responsible=profile.user, phone=phone, ip=ip)
    partner = None
    if kind == ConsultationKind.PREMARITAL and partner_name.strip():
        partner = person_create(actor=None, unit=unit, full_name=partner_name, responsible=profile.user, ip=ip)
    consultation = Consultation(
        unit=unit,
        kind=kind,
        source=ConsultationSource.PUBLIC,
        counsellor=profile.user,
        person=person,
        partner=partner,
        consent_at=timezone.now(),
        contact_method=contact_method,
        contact_value=contact_value,
        safe_from=safe_from,
        safe_until=safe_until,
        may_identify=may_identify,
        language=language,
    )
    consultation.full_clean()
    consultation.save()
    record(actor=None, action="create", target=consultation, unit=unit, ip=ip, changes={"source": "public"})
    token = new_manage_token()
    appointment = appointment_book(
        actor=None, consultation=consultation, start=start, mode=mode, manage_token=token, ip=ip
    )
    return consultation, appointment, token


@transaction.atomic
def consultation_open(
    *,
    actor: User,
    unit: OrgUnit,
    kind: str,
    counsellor: User,
    full_name: str = "",
    person: Person | None = None,
    partner_name: str = "",
    report: Report | None = None,
    contact_method: str = ContactMethod.NONE,
    contact_value: str = "",
    safe_from: time | None = None,
    safe_until: time | None = None,
    may_identify: bool = False,
    ip: str | None = None,
) -> Consultation:
    """A consultation recorded by staff: from a report routed to Puspaga (`report`),
    or from a walk-in or a call. The person is the report's, or a new one."""
    if report is not None:
        report = report_lock(report)  # before the access log (house rule 4)
    person = person or (report.person if report else None)
    if person is None:
        person = person_create(actor=actor, unit=unit, full_name=full_name, responsible=counsellor, ip=ip)
    partner = None
    if kind == ConsultationKind.PREMARITAL and partner_name.strip():
        partner = person_create(actor=actor, unit=unit, full_name=partner_name, responsible=counsellor, ip=ip)
    consultation = Consultation(
        unit=unit,
        kind=kind,
        source=ConsultationSource.REPORT if report else ConsultationSource.STAFF,
        counsellor=counsellor,
        person=person,
        partner=partner,
        report=report,
        contact_method=contact_method,
        contact_value=_contact(contact_method, contact_value),
        safe_from=safe_from,
        safe_until=safe_until,
        may_identify=may_identify,
    )
    consultation.full_clean()
    consultation.save()
    changes = {"source": consultation.source, "counsellor": counsellor.pk}
    if report:
        changes["report"] = report.pk
    record(actor=actor, action="create", target=consultation, unit=unit, ip=ip, changes=changes)
    if report is not None:
        report_hand_over(actor=actor, report=report, to=consultation, ip=ip)
    return consultation


@transaction.atomic
def session_record(
    *,
    actor: User,
    consultation: Consultation,
    attendance: str,
    held_at: datetime | None = None,
    appointment: Appointment | None = None,
    notes: str = "",
    outcome: str = "",
    next_step: str = "",
    follow_up_start: datetime | None = None,
    follow_up_mode: str = "",
    ip: str | None = None,
) -> Session:
    """Record a meeting. Its appointment becomes held (or missed); a follow-up
    appointment is booked with the same counsellor. Raises SlotTaken for a follow-up
    that clashes."""
    if appointment is not None and appointment.consultation_id != consultation.pk:
        raise ValueError("The appointment belongs to another consultation")
    session = Session(
        consultation=consultation,
        appointment=appointment,
        counsellor=actor,
        held_at=held_at or (appointment.start if appointment else timezone.now()),
        attendance=attendance,
        notes=notes.strip(),
        outcome=outcome.strip(),
        next_step=next_step.strip(),
    )
    session.full_clean()
    session.save()
    if appointment is not None:
        appointment.status = AppointmentStatus.NO_SHOW if attendance == Attendance.NO_SHOW else AppointmentStatus.DONE
        appointment.save(update_fields=["status"])
    if follow_up_start is not None:
        session.follow_up = appointment_book(
            actor=actor, consultation=consultation, start=follow_up_start, mode=follow_up_mode, ip=ip
        )
        session.save(update_fields=["follow_up"])
    # Field names only: what was written stays out of the log.
    written = [name for name in ("notes", "outcome", "next_step") if getattr(session, name)]
    record(
        actor=actor,
        action="create",
        target=session,
        unit=consultation.unit,
        ip=ip,
        changes={"attendance": attendance, "fields": written, "follow_up": bool(follow_up_start)},
    )
    return session


@transaction.atomic
def document_add(
    *, actor: User, consultation: Consultation, document: str, note: str = "", ip: str | None = None
) -> DocumentHelp:
    item = DocumentHelp(consultation=consultation, document=document, note=note.strip())
    item.full_clean()
    item.save()
    record(actor=actor, action="create", target=item, unit=consultation.unit, ip=ip, changes={"document": document})
    return item


@transaction.atomic
def document_update(*, actor: User, item: DocumentHelp, status: str, note: str | None = None, ip: str | None = None):
    previous = item.status
    item.status, item.updated_at = status, timezone.now()
    fields = ["status", "updated_at"]
    if note is not None and note.strip() != item.note:
        item.note = note.strip()
        fields.append("note")
    item.full_clean()
    item.save(update_fields=fields)
    record(
        actor=actor,
        action="change",
        target=item,
        unit=item.consultation.unit,
        ip=ip,
        changes={"status": [previous, status], "done": status in DOCUMENT_DONE},
    )
    return item


@transaction.atomic
def referral_add(
    *,
    actor: User,
    consultation: Consultation,
    partner: str,
    purpose: str,
    referred_on: date | None = None,
    due_on: date | None = None,
    ip: str | None = None,
) -> Referral:
    referral = Referral(
        consultation=consultation,
        partner=partner.strip(),
        purpose=purpose.strip(),
        referred_on=referred_on or timezone.localdate(),
        due_on=due_on,
    )
    referral.full_clean()
    referral.save()
    record(actor=actor, action="create", target=referral, unit=consultation.unit, ip=ip)
    return referral


@transaction.atomic
def referral_outcome_record(*, actor: User, referral: Referral, outcome: str, ip: str | None = None) -> Referral:
    referral.outcome, referral.outcome_on = outcome.strip(), timezone.localdate()
    referral.full_clean()
    referral.save(update_fields=["outcome", "outcome_on"])
    record(
        actor=actor,
        action="change",
        target=referral,
        unit=referral.consultation.unit,
        ip=ip,
        changes={"fields": ["outcome"]},
    )
    return referral


@transaction.atomic
def consultation_close(
    *, actor: User, consultation: Consultation, reason: str, ip: str | None = None
) -> tuple[Consultation, str]:
    """Close a consultation: cancel what is still booked, and issue an IKM survey code.
    The code is sent to the person (in their safe hours) if they may be contacted,
    and returned so the counsellor can hand it over. Returns the consultation and code."""
    consultation = Consultation.objects.select_for_update().select_related("unit").get(pk=consultation.pk)
    if not consultation.is_open():
        raise ValueError("The consultation is already closed")
    now = timezone.now()
    # All locked before the first cancellation writes to the access log (house rule 4).
    for appointment in list(consultation.appointments.select_for_update().filter(status=AppointmentStatus.BOOKED)):
        appointment_cancel(appointment=appointment, actor=actor, ip=ip)
    consultation.status, consultation.closed_at, consultation.closure_reason = ConsultationStatus.CLOSED, now, reason
    consultation.full_clean()
    consultation.save(update_fields=["status", "closed_at", "closure_reason"])
    record(
        actor=actor,
        action="change",
        target=consultation,
        unit=consultation.unit,
        ip=ip,
        changes={"status": ConsultationStatus.CLOSED, "closure_reason": reason},
    )
    code = survey_invitation_issue(unit=consultation.unit, today=timezone.localdate(now))
    if reminders.may_contact(consultation):
        subject, body = reminders.survey_message(consultation, code)
        # No `about`: the outbox row must not tie the code to this consultation either.
        outbox_queue(
            channel=reminders.channel_for(consultation),
            to=consultation.contact_value,
            subject=subject,
            body=body,
            not_before=reminders.next_safe_moment(now, consultation.safe_from, consultation.safe_until),
            **reminders.safe_contact(consultation),
        )
    return consultation, code


def _times(appointments: list[Appointment]) -> str:
    """The appointments' local start times, for a message to staff."""
    return ", ".join(
        date_format(timezone.localtime(appointment.start), "SHORT_DATETIME_FORMAT") for appointment in appointments
    )


def _away(*, profile: CounsellorProfile, unit: OrgUnit, appointments: list[Appointment]) -> list[Appointment]:
    """The appointments that start on a day the counsellor cannot be booked (their
    leave, a holiday of the unit), by the rule the public booking uses."""
    if not appointments:
        return []
    days = [timezone.localdate(appointment.start) for appointment in appointments]
    closed = closed_days_by_profile(
        unit=unit, profile_ids=[profile.pk], first_day=min(days), days=(max(days) - min(days)).days + 1
    )[profile.pk]
    return [appointment for appointment, day in zip(appointments, days, strict=True) if day in closed]


def _outside_hours(*, profile: CounsellorProfile, appointments: list[Appointment]) -> list[Appointment]:
    """The appointments that do not lie inside the counsellor's weekly hours (blocks that
    meet count as one stretch: `availability.within_blocks`)."""
    blocks = weekly_blocks(profile)
    return [
        appointment for appointment in appointments if not within_blocks(appointment.start, appointment.end, blocks)
    ]


@transaction.atomic
def consultation_reassign(
    *, actor: User, consultation: Consultation, counsellor: User, ip: str | None = None
) -> Consultation:
    """The head of the unit gives an open consultation to another active counsellor of
    that unit (leave, workload) who takes its kind of consultation. The booked
    appointments still to come go with it; if the new counsellor is already booked at
    one of those times, is away then (leave, a holiday of the unit), does not work then
    (their weekly availability), or does not meet people the way one is booked (office,
    online), nothing changes and the error names the times. Sessions keep the
    counsellor who held them; the new counsellor reads their notes, the former one no
    longer reaches the consultation (the gate follows `Consultation.counsellor`)."""
    if not may_reassign(actor, consultation):
        raise PermissionDenied
    consultation = Consultation.objects.select_for_update().select_related("unit").get(pk=consultation.pk)
    if not consultation.is_open():
        raise ValidationError(_("This consultation is closed."))
    if counsellor.pk == consultation.counsellor_id:
        raise ValidationError(_("This counsellor already holds the consultation."))
    if not assignable_to(counsellor, consultation.unit):
        raise ValidationError(_("Only an active counsellor of this unit can take the consultation."))
    upcoming = list(
        consultation.appointments.select_for_update()
        .filter(status=AppointmentStatus.BOOKED, end__gt=timezone.now())
        .order_by("start")
    )
    # The client and partner are updated below, after entries in the access log: their
    # rows are locked now, before the log's lock (house rule 4).
    people = [pk for pk in (consultation.person_id, consultation.partner_id) if pk]
    list(Person.objects.select_for_update(no_key=True).filter(pk__in=people).values_list("pk"))
    clashes = [
        appointment
        for appointment in upcoming
        if _overlaps(counsellor_id=counsellor.pk, start=appointment.start, end=appointment.end)
    ]
    # The booking's own rules for the kinds taken, leave and holidays, weekly hours and
    # the ways of meeting.
    profile = CounsellorProfile.objects.get(user=counsellor, unit=consultation.unit)
    refusals = []
    if not profile.takes(consultation.kind):
        refusals.append(
            _("The new counsellor does not take this kind of consultation (“%(kind)s”). Choose another counsellor.")
            % {"kind": consultation.get_kind_display()}
        )
    if clashes:
        refusals.append(
            _("The new counsellor is already booked at %(times)s. Move those appointments first.")
            % {"times": _times(clashes)}
        )
    if away := _away(profile=profile, unit=consultation.unit, appointments=upcoming):
        refusals.append(
            _(
                "The new counsellor is away at %(times)s (leave, a public holiday or another absence). "
                "Choose another counsellor, or move those appointments first."
            )
            % {"times": _times(away)}
        )
    if outside := _outside_hours(profile=profile, appointments=upcoming):
        refusals.append(
            _(
                "The appointments at %(times)s fall outside the new counsellor's weekly hours. "
                "Choose another counsellor, or move those appointments first."
            )
            % {"times": _times(outside)}
        )
    for mode, label in Mode.choices:
        if unoffered := [a for a in upcoming if a.mode == mode and not profile.offers(mode)]:
            refusals.append(
                _(
                    "The appointments at %(times)s are booked as “%(mode)s”, which the new counsellor "
                    "does not offer. Choose another counsellor."
                )
                % {"times": _times(unoffered), "mode": label}
            )
    if refusals:
        raise ValidationError(refusals)
    previous = consultation.counsellor_id
    consultation.counsellor = counsellor
    consultation.save(update_fields=["counsellor"])
    for appointment in upcoming:
        appointment.counsellor = counsellor
        appointment.reminder_sent_at = None
        try:
            _save_appointment(appointment, update_fields=["counsellor", "reminder_sent_at"])
        except SlotTaken:
            # Booked for the new counsellor by someone else since the check above.
            raise ValidationError(_("The new counsellor was just booked at one of these times. Try again.")) from None
    # A reminder already written names the former counsellor (and, online, their video
    # link): the unsent ones are taken back and written again for the new counsellor.
    _unsent_reminders_withdraw(upcoming)
    for appointment in upcoming:
        reminders.reminder_schedule(appointment)
    # The client (and a partner) in the person index follow, where the former counsellor
    # held them: the former counsellor keeps no way to their details.
    for person in (consultation.person, consultation.partner):
        if person is not None and person.responsible_id == previous:
            person_update(actor=actor, person=person, ip=ip, responsible=counsellor)
    record(
        actor=actor,
        action="change",
        target=consultation,
        unit=consultation.unit,
        ip=ip,
        changes={"counsellor": [previous, counsellor.pk], "appointments_moved": [a.pk for a in upcoming]},
    )
    # The notice names the record by its number only (what it is about stays behind the gate).
    staff_notify(
        users=[counsellor],
        text=_("Consultation %(number)s was given to you.") % {"number": consultation},
        url=consultation.get_absolute_url(),
        about=consultation,
    )
    return consultation


def _safe_hours_text(consultation: Consultation) -> str:
    if consultation.safe_from is None or consultation.safe_until is None:
        return ""
    return f"{consultation.safe_from:%H:%M}–{consultation.safe_until:%H:%M}"


@transaction.atomic
def consultation_escalate(
    *,
    actor: User,
    consultation: Consultation,
    categories: list[str],
    summary: str,
    in_danger: bool = False,
    ip: str | None = None,
) -> Report:
    """Violence came to light: hand the matter to LP-PAR as a new intake report (routed
    to LP-PAR by the violence categories, with the person and their safe-contact
    choices), and record the link on both sides: the consultation points to the report,
    the report carries an internal note naming the consultation, and both are logged."""
    consultation = Consultation.objects.select_for_update().select_related("unit", "person").get(pk=consultation.pk)
    if consultation.escalated_report_id is not None:
        raise ValueError("This consultation was already handed over to LP-PAR")
    report, _code = report_submit(
        channel=Channel.REFERRAL,
        actor=actor,
        reporter_relation=ReporterRelation.OTHER,
        reporter_name=str(actor),
        categories=categories,
        account=summary,
        in_danger=in_danger,
        contact_method=consultation.contact_method,
        contact_value=consultation.contact_value,
        safe_hours=_safe_hours_text(consultation),
        may_identify=consultation.may_identify,
        consent=True,
        person=consultation.person,
        ip=ip,
    )
    report_message_add(
        report=report,
        body=_("Handed over from Puspaga consultation %(ref)s by %(name)s.") % {"ref": consultation, "name": actor},
        direction=MessageDirection.INTERNAL,
        author=actor,
        ip=ip,
    )
    consultation.escalated_report, consultation.escalated_at = report, timezone.now()
    consultation.save(update_fields=["escalated_report", "escalated_at"])
    record(
        actor=actor,
        action="change",
        target=consultation,
        unit=consultation.unit,
        ip=ip,
        changes={"escalated_report": report.pk, "categories": sorted(categories)},
    )
    return report


# --- IKM survey ---------------------------------------------------------------------


@transaction.atomic
def survey_invitation_issue(*, unit: OrgUnit, today: date | None = None) -> str:
    """A single-use survey code for someone served by `unit` this month. Only the code's
    hash, the unit and the month are kept. (Classes may call this too.)"""
    code = new_survey_code()
    SurveyInvitation.objects.create(
        code_hash=survey_code_hash(code), unit=unit, period=month_start(today or timezone.localdate())
    )
    return code


@transaction.atomic
def survey_submit(*, code: str, scores: list[int], comment: str = "") -> SurveyResponse | None:
    """Answers for a survey code; None if the code is unknown or already used. The
    code is spent. Nothing is logged: a log entry would hold the time of answering,
    and the time is what could tie the answers to a visit."""
    invitation = SurveyInvitation.objects.select_for_update().filter(code_hash__in=survey_code_hashes(code)).first()
    if invitation is None:
        return None
    checked = validate_scores(scores)
    response = SurveyResponse(
        unit=invitation.unit,
        period=invitation.period,
        source=SurveySource.WEB,
        comment=comment.strip(),
        **{code.lower(): score for code, score in zip(CODES, checked, strict=True)},
    )
    response.full_clean()
    response.save()
    invitation.delete()
    return response


@transaction.atomic
def survey_import(*, actor: User | None, unit: OrgUnit, period: date, rows: list[list[int]]) -> int:
    """Paper or spreadsheet answers, all or nothing (the rows are already checked)."""
    responses = []
    for scores in rows:
        response = SurveyResponse(
            unit=unit,
            period=month_start(period),
            source=SurveySource.IMPORT,
            **{code.lower(): score for code, score in zip(CODES, validate_scores(scores), strict=True)},
        )
        response.full_clean()
        responses.append(response)
    SurveyResponse.objects.bulk_create(responses)
    record(
        actor=actor,
        action="create",
        target_type="counseling.surveyresponse",
        unit=unit,
        changes={"imported": len(responses), "period": f"{period:%Y-%m}"},
    )
    return len(responses)
