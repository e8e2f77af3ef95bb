"""Writes for intake: submitting a report, routing it, and the messages on it."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import OrgUnit, User
from sigap.audit.services import record
from sigap.intake import triage
from sigap.intake.choices import Channel, MessageDirection, ReportStatus
from sigap.intake.models import Report, ReportMessage, RoutingDecision
from sigap.intake.receipts import new_receipt_code, receipt_hash
from sigap.regions.models import Region

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
        unit=OrgUnit.objects.get(code=triage.unit_code_for(queue)),
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
        response_due_at=triage.response_due(risk=risk, start=now),
        tpks_police_due_at=triage.tpks_police_due(categories=categories, reported_at=now),
    )
    report.full_clean()
    report.save()
    RoutingDecision.objects.create(report=report, at=now, actor=actor, to_queue=queue, risk=risk, reason="rule")
    record(actor=actor, action="create", target=report, unit=report.unit, ip=ip, changes={"queue": queue, "risk": risk})
    return report, code


@transaction.atomic
def report_route(*, actor: User, report: Report, queue: str, risk: str, reason: str, ip: str | None = None) -> Report:
    """Confirm or change a report's queue and risk. A move to the other queue (an
    escalation to LP-PAR, or a hand-over to Puspaga) restarts the response clock."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    now = timezone.now()
    previous_queue = report.queue
    if queue != previous_queue:
        report.unit = OrgUnit.objects.get(code=triage.unit_code_for(queue))
        report.response_due_at = triage.response_due(risk=risk, start=now)
    elif risk != report.risk:
        report.response_due_at = triage.response_due(risk=risk, start=report.received_at)
    report.queue, report.risk, report.status = queue, risk, ReportStatus.TRIAGED
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


def report_reporter_reply(*, report: Report, body: str, ip: str | None = None) -> ReportMessage:
    return report_message_add(report=report, body=body, direction=MessageDirection.FROM_REPORTER, ip=ip)


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
