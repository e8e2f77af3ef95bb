"""Reads for intake. The gates: reports are seen by the triage roles of the report's
unit (or a unit above it); the public reaches one report only by its receipt code."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.choices import ROLES_TRIAGING
from sigap.accounts.models import User
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import record
from sigap.intake.choices import WAITING_STATUSES, MessageDirection, QueueState, ReportStatus
from sigap.intake.models import Report, ReportMessage
from sigap.intake.receipts import receipt_hashes
from sigap.lib.pagination import uncounted_page


def report_list_for_user(user: User, *, queue: str = "", state: str = QueueState.WAITING) -> QuerySet[Report]:
    """A queue. Waiting reports come most urgent first; handed-over and closed ones,
    which only grow, newest first."""
    if not has_role(user, ROLES_TRIAGING):
        raise PermissionDenied
    # A queue shows no narrative: leaving the encrypted columns out saves decrypting them.
    reports = (
        Report.objects.filter(unit__in=units_for_roles(user, ROLES_TRIAGING))
        .select_related("village")
        .defer("account", "reporter_name", "contact_value", "safe_hours")
    )
    if queue:
        reports = reports.filter(queue=queue)
    if state == QueueState.HANDED_OVER:
        return reports.filter(status=ReportStatus.HANDED_OVER).order_by("-received_at", "-id")
    if state == QueueState.CLOSED:
        return reports.filter(status=ReportStatus.CLOSED).order_by("-received_at", "-id")
    return reports.filter(status__in=WAITING_STATUSES)


# The waiting reports are counted up to this many; past it the page says "more than".
WAITING_COUNT_CAP = 1000


def report_queue_page(
    user: User, *, queue: str, state: str, page: str | None, per_page: int, first_when_past_end: bool = True
):
    """One page of a queue, paged without a total (the histories grow with the years,
    and a neglected queue can too). See `uncounted_page` for a page past the end."""
    return uncounted_page(
        report_list_for_user(user, queue=queue, state=state), page, per_page, first_when_past_end=first_when_past_end
    )


def report_waiting_count(user: User, *, queue: str) -> int:
    """How many reports wait in the queue, counted up to WAITING_COUNT_CAP + 1: the
    count reads at most that many index entries, however long the queue has grown."""
    waiting = report_list_for_user(user, queue=queue, state=QueueState.WAITING).order_by()
    return waiting[: WAITING_COUNT_CAP + 1].count()


def report_get_for_user(user: User, pk: int, *, ip: str | None = None) -> Report:
    if not has_role(user, ROLES_TRIAGING):
        raise Http404
    report = (
        Report.objects.filter(unit__in=units_for_roles(user, ROLES_TRIAGING), pk=pk)
        .select_related("unit", "village__parent", "person", "case")
        .first()
    )
    if report is None:
        raise Http404
    record(actor=user, action="view", target=report, unit=report.unit, ip=ip)
    return report


def report_get_by_receipt(code: str) -> Report | None:
    """The report behind a receipt code, or None. One hash and one indexed lookup
    either way, so a wrong code costs the same as a right one."""
    return Report.objects.filter(receipt_hash__in=receipt_hashes(code)).first()


def messages_for_reporter(report: Report) -> QuerySet[ReportMessage]:
    return report.messages.exclude(direction=MessageDirection.INTERNAL)
