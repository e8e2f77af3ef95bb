"""Writes for intake: submitting a report, routing it, and the messages on it."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.accounts.choices import ROLES_TRIAGING
from sigap.accounts.models import OrgUnit, User
from sigap.accounts.scoping import users_over
from sigap.audit.services import record, target_reference
from sigap.intake import attachments, triage
from sigap.intake.choices import WAITING_STATUSES, Channel, MessageDirection, ReportStatus, Risk
from sigap.intake.models import Report, ReportAttachment, ReportMessage, RoutingDecision
from sigap.intake.receipts import new_receipt_code, receipt_hash
from sigap.notifications.services import staff_notify
from sigap.people.models import Person
from sigap.regions.models import Region

# Who is told at once about a high-risk report: whoever triages the report's queue
# (intake officers, heads, and Puspaga's counsellors for Puspaga's queue).
# A duty roster can narrow this later.
ON_DUTY_ROLES = tuple(ROLES_TRIAGING)

# UU PDP Pasal 20(2): a report to the protection unit is processed as a public task
# (the statutory service of UPTD PPA / Puspaga), with the reporter's explicit consent
# recorded beside it.
LAWFUL_BASIS_PUBLIC_TASK = "uu-pdp-20-2-e+consent"


@transaction.atomic
def report_submit(
    *,
    reporter_relation: str,
    categories: list[str],
    account: str,
    contact_method: str,
    consent: bool,
    reporter_name: str = "",
    incident_date: date | None = None,
    village: Region | None = None,
    outside_city: bool = False,
    subject_age_band: str = "",
    subject_sex: str = "",
    in_danger: bool = False,
    contact_value: str = "",
    safe_hours: str = "",
    may_identify: bool = False,
    channel: str = Channel.WEB,
    person: Person | None = None,
    actor: User | None = None,
    ip: str | None = None,
) -> tuple[Report, str]:
    """File a report and route it by the triage rules. Returns the report and its
    receipt code, which exists nowhere else afterwards."""
    if not consent:
        raise ValueError("A report needs the reporter's consent")
    now = timezone.now()
    queue = triage.queue_for(categories)
    risk = triage.risk_for(categories=categories, in_danger=in_danger)
    code = new_receipt_code()
    report = Report(
        # The unit's id comes back from the INSERT (RETURNING): no query before it.
        unit_id=Subquery(OrgUnit.objects.filter(code=triage.unit_code_for(queue)).values("pk")),
        receipt_hash=receipt_hash(code),
        channel=channel,
        received_at=now,
        reporter_relation=reporter_relation,
        reporter_name=reporter_name.strip(),
        categories=sorted(set(categories)),
        account=account.strip(),
        incident_date=incident_date,
        village=village,
        outside_city=outside_city,
        subject_age_band=subject_age_band,
        subject_sex=subject_sex,
        in_danger=in_danger,
        contact_method=contact_method,
        contact_value=contact_value.strip(),
        safe_hours=safe_hours.strip(),
        may_identify=may_identify,
        consent_at=now,
        lawful_basis=LAWFUL_BASIS_PUBLIC_TASK,
        queue=queue,
        risk=risk,
        arrival_risk=risk,
        # A report staff record themselves is answered as it is recorded.
        answered_at=now if actor is not None else None,
        response_due_at=triage.response_due(risk=risk, start=now),
        tpks_police_due_at=triage.tpks_police_due(categories=categories, reported_at=now),
        person=person,
    )
    # The place and person come from the database already, the unit's id comes from the
    # INSERT itself, and the receipt hash (80 random bits) is unique by constraint:
    # checking them here would cost queries on the busiest write there is.
    report.full_clean(exclude=["unit", "village", "person", "receipt_hash"])
    report.save()
    RoutingDecision.objects.create(report=report, at=now, actor=actor, to_queue=queue, risk=risk, reason="rule")
    if risk == Risk.HIGH:
        _notify_high_risk(report)
    # Last: the access log's append holds its lock until this transaction commits.
    record(
        actor=actor, action="create", target=report, unit=report.unit_id, ip=ip, changes={"queue": queue, "risk": risk}
    )
    return report, code


def _notify_high_risk(report: Report) -> None:
    """In the app and by e-mail, after commit. Neither says what the report is about."""
    url = reverse("intake:detail", args=[report.pk])
    with translation.override(settings.LANGUAGE_CODE):
        text = _("New high-risk report #%(id)s: respond now.") % {"id": report.pk}
        body = _("A new high-risk report is waiting in Sigap. Open it here: %(url)s") % {"url": settings.SITE_URL + url}
    staff_notify(
        users=users_over(report.unit, ON_DUTY_ROLES),
        text=text,
        url=url,
        email_subject=text,
        email_body=body,
        about=report,
    )


@transaction.atomic
def report_route(*, actor: User, report: Report, queue: str, risk: str, reason: str, ip: str | None = None) -> Report:
    """Confirm or change a report's queue and risk. A move to the other queue (an
    escalation to LP-PAR, or a hand-over to Puspaga) restarts the response clock."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    now = timezone.now()
    previous_queue, previous_risk = report.queue, report.risk
    if queue != previous_queue:
        report.unit = OrgUnit.objects.get(code=triage.unit_code_for(queue))
        report.response_due_at = triage.response_due(risk=risk, start=now)
    elif risk != report.risk:
        report.response_due_at = triage.response_due(risk=risk, start=report.received_at)
    report.queue, report.risk, report.status = queue, risk, ReportStatus.TRIAGED
    report.answered_at = report.answered_at or now
    report.full_clean()
    report.save()
    RoutingDecision.objects.create(
        report=report, at=now, actor=actor, from_queue=previous_queue, to_queue=queue, risk=risk, reason=reason.strip()
    )
    record(
        actor=actor,
        action="change",
        target=report,
        unit=report.unit,
        ip=ip,
        reason=reason,
        changes={"queue": [previous_queue, queue], "risk": risk},
    )
    if risk == Risk.HIGH and (queue != previous_queue or previous_risk != Risk.HIGH):
        _notify_high_risk(report)
    return report


def _set_status(report: Report, status: str) -> None:
    """Hand over or close: staff have acted on the report, so it is answered now unless
    it was answered before. One UPDATE, so a stale `report` never moves the first answer."""
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(status=status, answered_at=Coalesce("answered_at", Value(now)))
    report.status, report.answered_at = status, report.answered_at or now


def report_lock(report: Report) -> Report:
    """The report, locked until the caller's transaction ends, for a service that will
    hand it over or change its status. Call it before anything is written to the access
    log, whose lock is held until commit (CONTRIBUTING.md, house rule 4): routing and
    closing lock the report and then write to the log, and the other order could wait
    on them while they wait on it."""
    return Report.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_hand_over(*, actor: User, report: Report, to: models.Model, ip: str | None = None) -> Report:
    """A case or a consultation was opened from the report (`to`): the report leaves the
    triage queue, and the reporter sees it is being handled."""
    if report.status == ReportStatus.HANDED_OVER:
        return report
    _set_status(report, ReportStatus.HANDED_OVER)
    target_type, target_id = target_reference(to)
    record(
        actor=actor,
        action="change",
        target=report,
        unit=report.unit,
        ip=ip,
        changes={"status": ReportStatus.HANDED_OVER, "to": f"{target_type}:{target_id}"},
    )
    return report


@transaction.atomic
def report_close(*, actor: User, report: Report, reason: str, ip: str | None = None) -> Report:
    """Intake finished with a report that needs no case or consultation (information
    given, referred elsewhere, a duplicate …). The reason stays on the report as an
    internal note; a later message from the reporter brings it back to the queue."""
    reason = reason.strip()
    if not reason:
        raise ValueError("Closing a report needs a reason")
    # The status as stored now (the caller's copy may be old), held until the change commits.
    report.status = Report.objects.select_for_update().values_list("status", flat=True).get(pk=report.pk)
    if report.status not in WAITING_STATUSES:
        # A handed-over report is closed by its case or consultation, not by intake.
        raise ValidationError(_("Only a report still waiting in the queue can be closed."))
    _set_status(report, ReportStatus.CLOSED)
    note = report_message_add(
        report=report,
        body=_("Closed: %(reason)s") % {"reason": reason},
        direction=MessageDirection.INTERNAL,
        author=actor,
        ip=ip,
    )
    # The reason may name people: it stays in the encrypted note (which retention can
    # erase), and the append-only access log points to the note instead.
    record(
        actor=actor,
        action="change",
        target=report,
        unit=report.unit,
        ip=ip,
        changes={"status": ReportStatus.CLOSED, "note": note.pk},
    )
    return report


@transaction.atomic
def report_message_add(
    *, report: Report, body: str, direction: str, author: User | None = None, ip: str | None = None
) -> ReportMessage:
    message = ReportMessage(report=report, body=body.strip(), direction=direction, author=author)
    message.full_clean()
    message.save()
    record(actor=author, action="create", target=message, unit=report.unit, ip=ip, changes={"direction": direction})
    return message


@transaction.atomic
def report_reporter_reply(*, report: Report, body: str, files=(), ip: str | None = None) -> ReportMessage:
    """The reporter's message from /cek/, with any files (already validated)."""
    report = report_lock(report)  # before the message's entry in the access log
    message = report_message_add(report=report, body=body, direction=MessageDirection.FROM_REPORTER, ip=ip)
    if report.status not in WAITING_STATUSES:
        # A reply is never left unread: the report comes back to the triage queue.
        previous, report.status = report.status, ReportStatus.TRIAGED
        report.save(update_fields=["status"])
        record(
            actor=None,
            action="change",
            target=report,
            unit=report.unit,
            ip=ip,
            changes={"status": [previous, ReportStatus.TRIAGED], "by": "reporter_reply"},
        )
    for upload, content_type in files:
        attachment = ReportAttachment(
            report=report,
            message=message,
            stored_name=attachments.store_encrypted(upload),
            original_name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
        )
        attachment.full_clean()
        attachment.save()
        record(actor=None, action="create", target=attachment, unit=report.unit, ip=ip)
    return message


@transaction.atomic
def report_tpks_police_report_made(*, actor: User, report: Report, ip: str | None = None) -> Report:
    report.tpks_police_done_at = timezone.now()
    report.save(update_fields=["tpks_police_done_at"])
    record(
        actor=actor,
        action="change",
        target=report,
        unit=report.unit,
        ip=ip,
        changes={"fields": ["tpks_police_done_at"]},
    )
    return report
