"""Retention: anonymise what is past its period. Names, contacts, identity numbers,
addresses, narratives, notes, test answers, photos and attachments go; the statistical
categories stay (queue, categories, risk, kelurahan, sex, age, SIMFONI fields,
attendance, scores, headcounts, cadres' status and kelurahan), so every figure is the
same before and after."""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from sigap.accounts.models import Membership, User
from sigap.accounts.services import user_anonymise
from sigap.audit.services import record
from sigap.cadres.choices import CadreStatus
from sigap.cadres.models import Cadre, OutreachActivity
from sigap.cases.models import Case, Perpetrator, Victim
from sigap.classes.models import ClassSession, Participant, Registration
from sigap.counseling.models import Consultation
from sigap.intake.models import Report
from sigap.lib.ratelimit import prune_rate_limits
from sigap.notifications.choices import OutboxStatus
from sigap.notifications.models import OutboxMessage
from sigap.people.models import Person
from sigap.privacy.subject_data import person_references

REMOVED = "[dihapus]"


@dataclass
class RetentionResult:
    reports: list[int] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)
    consultations: list[int] = field(default_factory=list)
    registrations: list[int] = field(default_factory=list)
    outreach: list[int] = field(default_factory=list)
    cadres: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    outbox_messages: int = 0


def _cutoff(label: str, now: datetime) -> datetime:
    return now - timedelta(days=365 * settings.SIGAP_RETENTION_YEARS[label])


def reports_due(now: datetime):
    open_case = Q(case__isnull=False, case__anonymised_at__isnull=True)
    return Report.objects.filter(anonymised_at__isnull=True, received_at__lt=_cutoff("intake.report", now)).exclude(
        open_case
    )


def cases_due(now: datetime):
    return Case.objects.filter(anonymised_at__isnull=True, closed_at__lt=_cutoff("cases.case", now))


def consultations_due(now: datetime):
    return Consultation.objects.filter(
        anonymised_at__isnull=True, closed_at__lt=_cutoff("counseling.consultation", now)
    )


def outbox_due(now: datetime):
    """Messages done with (sent, failed, or held for want of a provider) for longer than
    SIGAP_RETENTION_OUTBOX_DAYS: each holds an address and a text (an appointment, a
    survey code), and some are about no record whose retention would find them."""
    cutoff = now - timedelta(days=settings.SIGAP_RETENTION_OUTBOX_DAYS)
    return OutboxMessage.objects.exclude(status=OutboxStatus.PENDING).filter(created_at__lt=cutoff)


def _delete_files_on_commit(names: list[str]) -> None:
    """Delete stored files once the anonymisation has committed: a transaction that
    rolls back keeps its rows, and must keep the files they point to."""
    for name in names:
        # robust: one file that cannot be deleted (logged by Django) does not keep the rest.
        transaction.on_commit(lambda name=name: default_storage.delete(name), robust=True)


def registrations_due(now: datetime):
    """Class registrations whose cohort ended (its last session) before the cutoff; a
    cohort without sessions counts from the registration."""
    cutoff = _cutoff("classes.registration", now)
    last_session = ClassSession.objects.filter(cohort=OuterRef("cohort")).order_by("-ends_at").values("ends_at")[:1]
    return (
        Registration.objects.filter(anonymised_at__isnull=True, registered_at__lt=cutoff)
        .annotate(cohort_ended=Subquery(last_session))
        .filter(Q(cohort_ended__isnull=True) | Q(cohort_ended__lt=cutoff))
    )


def outreach_due(now: datetime):
    cutoff = timezone.localtime(_cutoff("cadres.outreachactivity", now)).date()
    return OutreachActivity.objects.filter(anonymised_at__isnull=True, held_on__lt=cutoff)


def cadres_due(now: datetime):
    """Cadres who left the registry (status ended) before the cutoff. A paused cadre is
    still in the registry, and a cadre who came back has no leaving day."""
    cutoff = timezone.localtime(_cutoff("cadres.cadre", now)).date()
    return Cadre.objects.filter(anonymised_at__isnull=True, status=CadreStatus.ENDED, left_on__lt=cutoff)


@transaction.atomic
def registration_anonymise(registration: Registration, *, reason: str = "retention") -> None:
    """The contact, the survey codes and the test answers go. Attendance, scores and
    certificates stay: a certificate is still verified by its code, and its holder's
    name goes with the person (when no live record needs them)."""
    registration.contact_value = ""
    registration.anonymised_at = timezone.now()
    registration.save(update_fields=["contact_value", "anonymised_at"])
    for participant in registration.participants.all():
        participant.survey_code = ""
        # The participant code no longer opens anything: a random value no code hashes to.
        participant.code_hash = secrets.token_hex(32)
        participant.save(update_fields=["survey_code", "code_hash"])
        participant.attempts.update(answers={})
    record(actor=None, action="anonymise", target=registration, unit=registration.unit, reason=reason)


@transaction.atomic
def outreach_anonymise(activity: OutreachActivity, *, reason: str = "retention") -> None:
    _delete_files_on_commit([activity.photo_name] if activity.photo_name else [])
    # The place may name a home; the kelurahan stays for the figures.
    activity.notes, activity.place, activity.photo_name, activity.photo_type = "", REMOVED, "", ""
    activity.anonymised_at = timezone.now()
    activity.save(update_fields=["notes", "place", "photo_name", "photo_type", "anonymised_at"])
    record(actor=None, action="anonymise", target=activity, unit=activity.unit, reason=reason)


@transaction.atomic
def cadre_anonymise(cadre: Cadre, *, now: datetime, reason: str = "retention") -> bool:
    """The entry of a cadre who left no longer keeps their person (whose name, NIK,
    phone and address go with person_anonymise once no live record needs them) nor
    their login account. Unit, kelurahan, status, training certificate, outreach and
    referrals stay for the figures. False when the cadre is no longer due: the row is
    locked and checked again first (before the log's lock, house rule 4), so a head
    who takes the cadre back in the meantime wins."""
    cadre = cadres_due(now).select_for_update().filter(pk=cadre.pk).first()
    if cadre is None:
        return False
    # Their login account, closed when they left (cadres.services.cadre_update) and not
    # opened again since, goes with the entry; one that holds a role again is staff's.
    account = (
        User.objects.select_for_update(no_key=True)
        .filter(~Exists(Membership.objects.filter(user=OuterRef("pk"))), pk=cadre.user_id, is_active=False)
        .first()
        if cadre.user_id
        else None
    )
    cadre.anonymised_at = timezone.now()
    cadre.user = None
    cadre.save(update_fields=["anonymised_at", "user"])
    if account is not None:
        # Its rows change before the first entry (house rule 4).
        user_anonymise(user=account, reason=reason)
    record(actor=None, action="anonymise", target=cadre, unit=cadre.unit, reason=reason)
    return True


@transaction.atomic
def consultation_anonymise(consultation: Consultation, *, reason: str = "retention") -> None:
    consultation.contact_value = ""
    consultation.anonymised_at = timezone.now()
    consultation.save(update_fields=["contact_value", "anonymised_at"])
    for related, fields in (
        (consultation.sessions.all(), {"notes": REMOVED, "outcome": "", "next_step": ""}),
        (consultation.documents.all(), {"note": ""}),
        (consultation.referrals.all(), {"purpose": REMOVED, "outcome": ""}),
    ):
        for item in related:
            for name, value in fields.items():
                setattr(item, name, value)
            item.save(update_fields=list(fields))
    record(actor=None, action="anonymise", target=consultation, unit=consultation.unit, reason=reason)


@transaction.atomic
def report_anonymise(report: Report, *, reason: str = "retention") -> None:
    _delete_files_on_commit([attachment.stored_name for attachment in report.attachments.all()])
    report.attachments.all().delete()
    for message in report.messages.all():
        message.body = REMOVED
        message.save(update_fields=["body"])
    report.reporter_name = ""
    report.account = REMOVED
    report.contact_value = ""
    report.safe_hours = ""
    report.anonymised_at = timezone.now()
    report.save(update_fields=["reporter_name", "account", "contact_value", "safe_hours", "anonymised_at"])
    record(actor=None, action="anonymise", target=report, unit=report.unit, reason=reason)


@transaction.atomic
def case_anonymise(case: Case, *, reason: str = "retention") -> None:
    case.summary, case.incident_address = REMOVED, ""
    case.anonymised_at = timezone.now()
    case.save(update_fields=["summary", "incident_address", "anonymised_at"])
    for related, fields in (
        (case.notes.all(), {"body": REMOVED}),
        (case.assessments.all(), {"findings": REMOVED, "safety_plan": ""}),
        (case.goals.all(), {"goal": REMOVED}),
        (case.services.all(), {"description": ""}),
        (case.referrals.all(), {"outcome": ""}),
        (case.perpetrators.all(), {"description": ""}),
    ):
        for item in related:
            for name, value in fields.items():
                setattr(item, name, value)
            item.save(update_fields=list(fields))
    from sigap.cases.models import CaseSearchTerm

    CaseSearchTerm.objects.filter(case=case).delete()
    _delete_files_on_commit([attachment.stored_name for attachment in case.attachments.all()])
    case.attachments.all().delete()
    record(actor=None, action="anonymise", target=case, unit=case.unit, reason=reason)


@transaction.atomic
def person_anonymise(person: Person, *, reason: str = "retention") -> None:
    """Name, NIK, phone and address go; sex, birth date and kelurahan stay for the
    figures (documented in docs/privacy.md as the remaining quasi-identifiers)."""
    person.full_name = f"Anonim {person.pk}"
    person.nik = person.phone = person.address = ""
    person.anonymised_at = timezone.now()
    person.save()
    record(actor=None, action="anonymise", target=person, unit=person.unit, reason=reason)


def _still_used(person: Person) -> bool:
    """Does any live record still need this person? Reports, cases, consultations and
    class registrations count when not anonymised, and a cadre's entry unless retention
    anonymised it after they left; every other model that points at a person counts as
    live (any app that has no retention rule yet keeps its people)."""
    if Report.objects.filter(person=person, anonymised_at__isnull=True).exists():
        return True
    if Victim.objects.filter(person=person, case__anonymised_at__isnull=True).exists():
        return True
    if Perpetrator.objects.filter(person=person, case__anonymised_at__isnull=True).exists():
        return True
    live_consultations = Consultation.objects.filter(anonymised_at__isnull=True)
    if live_consultations.filter(person=person).exists() or live_consultations.filter(partner=person).exists():
        return True
    if Participant.objects.filter(person=person, registration__anonymised_at__isnull=True).exists():
        return True
    # An entry keeps its person until retention released it, for a cadre who left (taking
    # them back clears the release; the status is checked too, whatever set it).
    if Cadre.objects.filter(person=person).exclude(status=CadreStatus.ENDED, anonymised_at__isnull=False).exists():
        return True
    handled = {Report, Victim, Perpetrator, Consultation, Participant, Cadre}
    for model, field_name in person_references():
        if model not in handled and model._default_manager.filter(**{field_name: person}).exists():
            return True
    return False


def apply_retention(*, now: datetime | None = None, dry_run: bool = False) -> RetentionResult:
    now = now or timezone.now()
    result = RetentionResult(
        reports=list(reports_due(now).values_list("pk", flat=True)),
        cases=list(cases_due(now).values_list("pk", flat=True)),
        consultations=list(consultations_due(now).values_list("pk", flat=True)),
        registrations=list(registrations_due(now).values_list("pk", flat=True)),
        outreach=list(outreach_due(now).values_list("pk", flat=True)),
        cadres=list(cadres_due(now).values_list("pk", flat=True)),
    )
    candidates = set(
        Report.objects.filter(pk__in=result.reports, person__isnull=False).values_list("person_id", flat=True)
    )
    candidates |= set(Victim.objects.filter(case_id__in=result.cases).values_list("person_id", flat=True))
    candidates |= set(
        Perpetrator.objects.filter(case_id__in=result.cases, person__isnull=False).values_list("person_id", flat=True)
    )
    for person_id, partner_id in Consultation.objects.filter(pk__in=result.consultations).values_list(
        "person_id", "partner_id"
    ):
        candidates |= {person_id} | ({partner_id} if partner_id else set())
    candidates |= set(
        Participant.objects.filter(registration_id__in=result.registrations).values_list("person_id", flat=True)
    )
    candidates |= set(Cadre.objects.filter(pk__in=result.cadres).values_list("person_id", flat=True))
    if dry_run:
        result.people = sorted(candidates)
        result.outbox_messages = outbox_due(now).count()
        return result
    for report in Report.objects.filter(pk__in=result.reports):
        report_anonymise(report)
    for case in Case.objects.filter(pk__in=result.cases):
        case_anonymise(case)
    for consultation in Consultation.objects.filter(pk__in=result.consultations):
        consultation_anonymise(consultation)
    for registration in Registration.objects.filter(pk__in=result.registrations):
        registration_anonymise(registration)
    for activity in OutreachActivity.objects.filter(pk__in=result.outreach):
        outreach_anonymise(activity)
    # A cadre set active again since the list was made is kept (checked under a lock).
    result.cadres = [
        cadre.pk for cadre in Cadre.objects.filter(pk__in=result.cadres) if cadre_anonymise(cadre, now=now)
    ]
    # Rate-limit rows hold addresses: none is kept past its window.
    prune_rate_limits()
    result.outbox_messages = outbox_due(now).delete()[0]
    for person in Person.objects.filter(pk__in=candidates, anonymised_at__isnull=True):
        if not _still_used(person):
            person_anonymise(person)
            result.people.append(person.pk)
    return result
