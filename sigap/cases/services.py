"""Writes for case handling. Each is one transaction with its audit entry inside."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.choices import Role
from sigap.accounts.models import OrgUnit, User
from sigap.accounts.scoping import units_for_roles
from sigap.audit.services import record
from sigap.cases.choices import (
    NEXT_STATUS,
    REFERRAL_NEXT,
    CaseStatus,
    ClosureDecision,
    NoteConfidentiality,
    ReferralStatus,
)
from sigap.cases.models import (
    Assessment,
    Case,
    CaseNote,
    CaseSearchTerm,
    ClosureRequest,
    ConsentRecord,
    LegalEvent,
    LegalStep,
    Partner,
    Perpetrator,
    PlanGoal,
    Referral,
    ServiceDelivery,
    StatusChange,
    Victim,
    VictimPerpetrator,
)
from sigap.cases.search import terms_of
from sigap.intake import triage
from sigap.intake.models import Report
from sigap.intake.services import report_hand_over, report_lock, report_tpks_police_report_made
from sigap.people.models import Person


def _audit(actor, case: Case, action: str = "change", **changes) -> None:
    record(actor=actor, action=action, target=case, unit=case.unit, changes=changes or None)


def _status_change(actor: User, case: Case, to_status: str, reason: str = "") -> None:
    StatusChange.objects.create(case=case, actor=actor, from_status=case.status, to_status=to_status, reason=reason)
    case.status = to_status


@transaction.atomic
def case_open(
    *,
    actor: User,
    unit: OrgUnit,
    report: Report | None = None,
    assigned_to: User | None = None,
    summary: str = "",
    risk: str = "",
    incident_date: date | None = None,
    village=None,
    restricted: bool = False,
) -> Case:
    """Open a case, from a triaged LP-PAR report or directly (outreach, transfer).

    From a report the case takes its risk, clocks, place and the person concerned as
    its first victim; the report and the case stay linked both ways."""
    now = timezone.now()
    if report is not None:
        report = report_lock(report)  # before the access log (house rule 4)
        if Case.objects.filter(report=report).exists():
            raise ValidationError(_("A case is already open for this report."))
        risk = risk or report.risk
        summary = summary or report.account
        incident_date = incident_date or report.incident_date
        village = village or report.village
    risk = risk or "medium"
    case = Case(
        unit=unit,
        number=f"tmp-{now.timestamp()}",
        report=report,
        risk=risk,
        assigned_to=assigned_to,
        restricted=restricted,
        opened_at=now,
        summary=summary.strip(),
        incident_date=incident_date,
        village=village,
        next_due_at=triage.response_due(risk=risk, start=now),
        tpks_police_due_at=report.tpks_police_due_at if report else None,
        tpks_police_done_at=report.tpks_police_done_at if report else None,
    )
    case.full_clean(exclude=["number"])
    case.save()
    # The register number follows the row id, so two cases opened at once never clash.
    case.number = f"{unit.code.split('-')[0].upper()}-{now.year}-{case.pk:05d}"
    case.save(update_fields=["number"])
    StatusChange.objects.create(case=case, actor=actor, to_status=CaseStatus.NEW, reason=_("Case opened"))
    if report is not None and report.person_id:
        Victim.objects.create(case=case, person_id=report.person_id, violence_forms=_violence_of(report))
    _reindex(case)
    _audit(actor, case, action="create", report=report.pk if report else None)
    if report is not None:
        report_hand_over(actor=actor, report=report, to=case)
    return case


def _violence_of(report: Report) -> list[str]:
    from sigap.intake.choices import VIOLENCE_CATEGORIES

    mapping = {"trafiking": "trafiking", "kekerasan_lainnya": "lainnya"}
    return sorted({mapping.get(code, code) for code in report.categories if code in VIOLENCE_CATEGORIES})


@transaction.atomic
def case_assign(*, actor: User, case: Case, assigned_to: User) -> Case:
    if not units_for_roles(assigned_to, [Role.CASE_MANAGER, Role.HEAD]).filter(pk=case.unit_id).exists():
        raise ValidationError(_("Only a case manager of this unit can be assigned."))
    previous = case.assigned_to_id
    case.assigned_to = assigned_to
    case.save(update_fields=["assigned_to"])
    _audit(actor, case, assigned_to=[previous, assigned_to.pk])
    return case


@transaction.atomic
def case_advance(*, actor: User, case: Case, reason: str = "") -> Case:
    """Move one step along the service path. Closing goes through case_closure_request."""
    next_status = NEXT_STATUS.get(case.status)
    if next_status is None:
        raise ValidationError(_("From here the case can only be closed with the head's approval."))
    _status_change(actor, case, next_status, reason)
    case.save(update_fields=["status"])
    _audit(actor, case, status=next_status)
    return case


@transaction.atomic
def case_closure_request(*, actor: User, case: Case, reason: str) -> ClosureRequest:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("The case is already closed."))
    if case.closure_requests.filter(decision=ClosureDecision.PENDING).exists():
        raise ValidationError(_("A closure request is already waiting for the head."))
    request = ClosureRequest.objects.create(case=case, requested_by=actor, reason=reason.strip())
    _audit(actor, case, closure_request=request.pk)
    return request


@transaction.atomic
def case_closure_decide(*, actor: User, request: ClosureRequest, approve: bool, comment: str = "") -> ClosureRequest:
    """The head approves (the case closes) or sends the request back with a comment."""
    case = request.case
    if not units_for_roles(actor, [Role.HEAD]).filter(pk=case.unit_id).exists():
        raise PermissionDenied
    if request.decision != ClosureDecision.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if not approve and not comment.strip():
        raise ValidationError(_("Say why the request is sent back."))
    request.decision = ClosureDecision.APPROVED if approve else ClosureDecision.SENT_BACK
    request.decided_by, request.decided_at, request.comment = actor, timezone.now(), comment.strip()
    request.save()
    if approve:
        _status_change(actor, case, CaseStatus.CLOSED, request.reason)
        case.closed_at = timezone.now()
        case.save(update_fields=["status", "closed_at"])
    _audit(actor, case, closure_decision=request.decision)
    return request


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str) -> Case:
    if case.status != CaseStatus.CLOSED:
        raise ValidationError(_("Only a closed case can be reopened."))
    _status_change(actor, case, CaseStatus.ASSESSMENT, reason)
    case.closed_at = None
    case.next_due_at = triage.response_due(risk=case.risk, start=timezone.now())
    case.save(update_fields=["status", "closed_at", "next_due_at"])
    _audit(actor, case, status=CaseStatus.ASSESSMENT, reopened=True)
    return case


@transaction.atomic
def case_restrict(*, actor: User, case: Case, restricted: bool, named: list[User]) -> Case:
    """Mark a case restricted (e.g. it concerns a colleague's relative): only the named
    people (and the assigned case manager) will see it, not even the head unless named."""
    case.restricted = restricted
    case.save(update_fields=["restricted"])
    case.restricted_to.set(named if restricted else [])
    _audit(actor, case, restricted=restricted, named=[user.pk for user in named])
    return case


@transaction.atomic
def victim_add(*, actor: User, case: Case, person: Person, **facts) -> Victim:
    victim = Victim(case=case, person=person, **facts)
    victim.full_clean()
    victim.save()
    _audit(actor, case, victim_added=person.pk)
    return victim


@transaction.atomic
def perpetrator_add(
    *, actor: User, case: Case, person: Person | None = None, description: str = "", sex: str = ""
) -> Perpetrator:
    perpetrator = Perpetrator.objects.create(case=case, person=person, description=description.strip(), sex=sex)
    _audit(actor, case, perpetrator_added=perpetrator.pk)
    return perpetrator


@transaction.atomic
def relation_set(*, actor: User, victim: Victim, perpetrator: Perpetrator, relationship: str) -> VictimPerpetrator:
    if victim.case_id != perpetrator.case_id:
        raise ValidationError(_("Victim and perpetrator belong to different cases."))
    relation, _created = VictimPerpetrator.objects.update_or_create(
        victim=victim, perpetrator=perpetrator, defaults={"relationship": relationship}
    )
    _audit(actor, victim.case, relation=[victim.pk, perpetrator.pk, relationship])
    return relation


@transaction.atomic
def assessment_record(*, actor: User, case: Case, findings: str, risk: str, safety_plan: str = "") -> Assessment:
    """The assessment sets the case's risk, and the risk drives the response clock."""
    assessment = Assessment(
        case=case, author=actor, findings=findings.strip(), risk=risk, safety_plan=safety_plan.strip()
    )
    assessment.full_clean()
    assessment.save()
    if risk != case.risk:
        case.risk = risk
        case.next_due_at = triage.response_due(risk=risk, start=timezone.now())
        case.save(update_fields=["risk", "next_due_at"])
    _audit(actor, case, assessment=assessment.pk, risk=risk)
    return assessment


@transaction.atomic
def goal_add(*, actor: User, case: Case, goal: str, due_date: date, agreed_with_client: bool = True) -> PlanGoal:
    plan_goal = PlanGoal.objects.create(
        case=case, goal=goal.strip(), due_date=due_date, agreed_with_client=agreed_with_client
    )
    _audit(actor, case, goal=plan_goal.pk)
    return plan_goal


@transaction.atomic
def service_record(
    *,
    actor: User,
    case: Case,
    victim: Victim,
    service_type: str,
    delivered_on: date,
    provider: str,
    description: str = "",
) -> ServiceDelivery:
    if victim.case_id != case.pk:
        raise ValidationError(_("This victim is not on this case."))
    service = ServiceDelivery(
        case=case,
        victim=victim,
        service_type=service_type,
        delivered_on=delivered_on,
        provider=provider.strip(),
        description=description.strip(),
        recorded_by=actor,
    )
    service.full_clean()
    service.save()
    _audit(actor, case, service=service.pk, service_type=service_type)
    return service


@transaction.atomic
def consent_record(*, actor: User, case: Case, purpose: str, items: list[str], given: bool = True) -> ConsentRecord:
    consent = ConsentRecord.objects.create(
        case=case, purpose=purpose.strip(), items=sorted(set(items)), given=given, recorded_by=actor
    )
    _audit(actor, case, consent=consent.pk, given=given)
    return consent


@transaction.atomic
def partner_ensure(*, unit: OrgUnit, name: str, kind: str, contact: str = "") -> Partner:
    partner, _created = Partner.objects.get_or_create(unit=unit, name=name, defaults={"kind": kind, "contact": contact})
    return partner


@transaction.atomic
def referral_send(
    *,
    actor: User,
    case: Case,
    victim: Victim,
    partner: Partner,
    consent: ConsentRecord,
    purpose: str,
    shared_items: list[str],
    due_date: date,
) -> Referral:
    """Refer a victim to a partner, sharing only what the client consented to share."""
    if victim.case_id != case.pk:
        raise ValidationError(_("This victim is not on this case."))
    if consent.case_id != case.pk or not consent.given:
        raise ValidationError(_("A referral needs the client's consent recorded on this case."))
    beyond = set(shared_items) - set(consent.items)
    if beyond:
        raise ValidationError(
            _("The client did not consent to sharing: %(items)s.") % {"items": ", ".join(sorted(beyond))}
        )
    referral = Referral.objects.create(
        case=case,
        victim=victim,
        partner=partner,
        consent=consent,
        purpose=purpose.strip(),
        shared_items=sorted(set(shared_items)),
        due_date=due_date,
    )
    _audit(actor, case, referral=referral.pk, partner=partner.pk, shared=referral.shared_items)
    return referral


@transaction.atomic
def referral_update(*, actor: User, referral: Referral, status: str, outcome: str = "") -> Referral:
    if status not in REFERRAL_NEXT.get(referral.status, set()):
        raise ValidationError(
            _("A referral that is %(now)s cannot become %(next)s.")
            % {"now": referral.get_status_display(), "next": ReferralStatus(status).label}
        )
    referral.status, referral.updated_at = status, timezone.now()
    if outcome:
        referral.outcome = outcome.strip()
    referral.save(update_fields=["status", "updated_at", "outcome"])
    _audit(actor, referral.case, referral=referral.pk, status=status)
    return referral


@transaction.atomic
def legal_step_add(
    *, actor: User, case: Case, perpetrator: Perpetrator, stage: str, institution: str, on: date
) -> LegalStep:
    if perpetrator.case_id != case.pk:
        raise ValidationError(_("This perpetrator is not on this case."))
    step = LegalStep(case=case, perpetrator=perpetrator, stage=stage, institution=institution.strip(), on=on)
    step.full_clean()
    step.save()
    _audit(actor, case, legal_step=stage)
    return step


@transaction.atomic
def legal_event_add(*, actor: User, case: Case, kind: str, at: datetime, place: str = "") -> LegalEvent:
    event = LegalEvent.objects.create(case=case, kind=kind, at=at, place=place.strip())
    _audit(actor, case, legal_event=kind)
    return event


@transaction.atomic
def note_add(*, actor: User, case: Case, body: str, confidentiality: str = NoteConfidentiality.TEAM) -> CaseNote:
    note = CaseNote(case=case, author=actor, body=body.strip(), confidentiality=confidentiality)
    note.full_clean()
    note.save()
    _reindex(case)
    _audit(actor, case, note=note.pk, confidentiality=confidentiality)
    return note


@transaction.atomic
def case_tpks_police_report_made(*, actor: User, case: Case) -> Case:
    """Close the UU TPKS 3×24-hour clock on the case, and on its report."""
    case.tpks_police_done_at = timezone.now()
    case.save(update_fields=["tpks_police_done_at"])
    if case.report_id and not case.report.tpks_police_done_at:
        report_tpks_police_report_made(actor=actor, report=case.report)
    _audit(actor, case, tpks_police_done=True)
    return case


def case_search_reindex_all() -> int:
    """Index every case's words again, as after a change of SIGAP_LOOKUP_KEY (the index
    holds keyed hashes). Anonymised cases keep none. One short transaction per case,
    with the case locked as its own changes lock it, so staff can go on working, and an
    interrupted run can be started again."""
    count = 0
    pks = Case.objects.filter(anonymised_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    for pk in pks.iterator(chunk_size=2000):
        with transaction.atomic():
            case = Case.objects.select_for_update().filter(pk=pk, anonymised_at__isnull=True).first()
            if case is not None:
                _reindex(case)
                count += 1
    return count


def _reindex(case: Case) -> None:
    """Index the description and the team notes (never the restricted notes: a search
    must not reveal a word that the searcher may not read)."""
    texts = [case.summary, *case.notes.filter(confidentiality=NoteConfidentiality.TEAM).values_list("body", flat=True)]
    terms = set(terms_of(" ".join(texts)))
    existing = set(CaseSearchTerm.objects.filter(case=case).values_list("term", flat=True))
    CaseSearchTerm.objects.filter(case=case, term__in=existing - terms).delete()
    CaseSearchTerm.objects.bulk_create([CaseSearchTerm(case=case, term=term) for term in terms - existing])


@transaction.atomic
def attachment_add(*, actor: User, case: Case, upload, content_type: str, description: str = ""):
    """Store a file on a case (already checked by sigap.intake.attachments.validate_upload)."""
    from sigap.cases.models import CaseAttachment
    from sigap.intake.attachments import store_encrypted

    attachment = CaseAttachment(
        case=case,
        uploaded_by=actor,
        stored_name=store_encrypted(upload),
        original_name=upload.name[:200],
        description=description.strip(),
        content_type=content_type,
        size=upload.size,
    )
    attachment.full_clean()
    attachment.save()
    _audit(actor, case, attachment=attachment.pk)
    return attachment
