from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sigap.accounts.choices import ROLES_TRIAGING, Role
from sigap.accounts.models import OrgUnit
from sigap.accounts.scoping import has_role, users_over
from sigap.audit.services import client_ip, record, record_read
from sigap.intake.attachments import read_decrypted
from sigap.intake.choices import MessageDirection, Queue, QueueState, Risk
from sigap.intake.forms import (
    CloseForm,
    ReceiptForm,
    ReporterReplyForm,
    ReportForm,
    RouteForm,
    StaffMessageForm,
    StaffReportForm,
)
from sigap.intake.models import Report
from sigap.intake.selectors import (
    WAITING_COUNT_CAP,
    messages_for_reporter,
    report_get_by_receipt,
    report_get_for_user,
    report_queue_page,
    report_waiting_count,
)
from sigap.intake.services import (
    report_close,
    report_message_add,
    report_reporter_reply,
    report_route,
    report_submit,
    report_tpks_police_report_made,
)
from sigap.intake.triage import queue_for, unit_code_for
from sigap.lib.formats import list_date
from sigap.lib.ratelimit import allow
from sigap.people.selectors import person_get_for_user, person_possible_duplicates_for_user
from sigap.people.services import person_create

PAGE_SIZE = 50


def _too_many(request, scope: str, limit: int):
    if allow(scope=scope, key=client_ip(request) or "-", limit=limit, window_seconds=3600):
        return None
    return render(request, "intake/too_many.html", status=429)


@require_http_methods(["GET", "POST"])
def report_new(request):
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        refused = _too_many(request, "report", settings.SIGAP_PUBLIC_REPORTS_PER_HOUR)
        if refused:
            return refused
        if form.is_valid():
            if form.is_bot():
                # Answer as if it worked, so the software learns nothing; keep nothing.
                return render(request, "intake/report_received.html", {"code": None, "in_danger": False})
            report, code = report_submit(ip=client_ip(request), **form.service_arguments())
            return render(request, "intake/report_received.html", {"code": code, "in_danger": report.in_danger})
    return render(request, "intake/report_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def receipt_check(request):
    """Follow-up by receipt code. The code travels only in POST bodies, never in a URL."""
    form = ReceiptForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        refused = _too_many(request, "receipt", settings.SIGAP_RECEIPT_LOOKUPS_PER_HOUR)
        if refused:
            return refused
        if form.is_valid():
            report = report_get_by_receipt(form.cleaned_data["code"])
            reply_form = ReporterReplyForm(request.POST if "body" in request.POST else None, request.FILES or None)
            if report is not None and reply_form.is_bound and reply_form.is_valid():
                report_reporter_reply(
                    report=report,
                    body=reply_form.cleaned_data["body"],
                    files=reply_form.files_to_store(),
                    ip=client_ip(request),
                )
                reply_form = ReporterReplyForm()
                context["replied"] = True
            context.update(
                report=report,
                found=report is not None,
                messages_list=list(messages_for_reporter(report)) if report else [],
                reply_form=reply_form,
                code=form.cleaned_data["code"],
            )
    reply_form = context.get("reply_form")
    has_errors = form.errors or (reply_form is not None and reply_form.errors)
    return render(request, "intake/receipt_check.html", context, status=400 if has_errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def staff_report_new(request):
    """Staff record a report from any channel. When the person concerned may already be
    in the person index, the candidates are shown and staff link one or create anew."""
    if not has_role(request.user, ROLES_TRIAGING):
        raise PermissionDenied
    form = StaffReportForm(request.POST or None)
    candidates = []
    if request.method == "POST" and form.is_valid():
        person_fields = form.person_fields()
        choice = request.POST.get("person_choice", "")
        if not choice:
            candidates = list(person_possible_duplicates_for_user(request.user, **_identity(person_fields)))
        if not candidates:
            person = _person_for_report(request, choice, person_fields, form.cleaned_data["categories"])
            report, _code = report_submit(
                actor=request.user, person=person, ip=client_ip(request), **form.service_arguments()
            )
            messages.success(request, _("Report #%(id)s recorded.") % {"id": report.pk})
            return redirect(report)
    context = {"form": form, "candidates": candidates}
    return render(request, "intake/staff_report_form.html", context, status=400 if form.errors else 200)


def _identity(fields: dict) -> dict:
    return {
        "nik": fields["nik"],
        "phone": fields["phone"],
        "full_name": fields["full_name"],
        "birth_date": fields["birth_date"],
    }


def _person_for_report(request, choice: str, fields: dict, categories: list[str]):
    """The existing person staff chose (through the people gate), a new one, or none."""
    if choice.isdigit():
        return person_get_for_user(request.user, int(choice), ip=client_ip(request))
    if not fields["full_name"]:
        return None
    unit = OrgUnit.objects.get(code=unit_code_for(queue_for(categories)))
    return person_create(actor=request.user, unit=unit, ip=client_ip(request), **fields)


@login_required
@require_safe
def report_queue(request):
    queue = request.GET.get("queue", "")
    if queue not in Queue.values:
        queue = ""
    state = request.GET.get("state", "")
    if state not in QueueState.values:
        state = QueueState.WAITING
    page = report_queue_page(request.user, queue=queue, state=state, page=request.GET.get("page"), per_page=PAGE_SIZE)
    reports = list(page.object_list)
    record_read(actor=request.user, objects=reports, ip=client_ip(request))
    context = {
        "page": page,
        "waiting": report_waiting_count(request.user, queue=queue) if state == QueueState.WAITING else None,
        "waiting_cap": WAITING_COUNT_CAP,
        "rows": _queue_rows(reports),
        "queue": queue,
        "queues": Queue.choices,
        "state": state,
        "states": QueueState.choices,
    }
    return render(request, "intake/report_queue.html", context)


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue, ready to print: the template only places the values
    (a 50-row queue spent most of its time in per-row template lookups, issue 8)."""

    url: str
    pk: int
    risk: str
    risk_label: str
    queue_label: str
    received: str
    due: str
    overdue: bool
    tpks_due: str
    tpks_done: bool
    tpks_overdue: bool


def _queue_rows(reports: list[Report]) -> list[QueueRow]:
    risks, queues = {c: str(label) for c, label in Risk.choices}, {c: str(label) for c, label in Queue.choices}

    def when(moment) -> str:
        return list_date(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""

    return [
        QueueRow(
            url=report.get_absolute_url(),
            pk=report.pk,
            risk=report.risk,
            risk_label=risks.get(report.risk, report.risk),
            queue_label=queues.get(report.queue, report.queue),
            received=when(report.received_at),
            due=when(report.response_due_at),
            overdue=report.is_overdue(),
            tpks_due=when(report.tpks_police_due_at),
            tpks_done=report.tpks_police_done_at is not None,
            tpks_overdue=report.tpks_overdue(),
        )
        for report in reports
    ]


@login_required
@require_safe
def report_detail(request, pk: int):
    report = report_get_for_user(request.user, pk, ip=client_ip(request))
    return render(request, "intake/report_detail.html", _detail_context(report))


def _detail_context(report, **forms) -> dict:
    return {
        "report": report,
        "routings": report.routings.select_related("actor"),
        "messages_list": report.messages.select_related("author").prefetch_related("attachments"),
        "route_form": forms.get("route_form") or RouteForm(initial={"queue": report.queue, "risk": report.risk}),
        "message_form": forms.get("message_form") or StaffMessageForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        # For the "open a case" form that LP-PAR reports carry (handled by the cases app).
        "case_managers": users_over(report.unit, [Role.CASE_MANAGER]) if report.queue == Queue.LPPAR else [],
    }


@login_required
@require_POST
def report_route_view(request, pk: int):
    report = report_get_for_user(request.user, pk, ip=client_ip(request))
    form = RouteForm(request.POST)
    if not form.is_valid():
        return render(request, "intake/report_detail.html", _detail_context(report, route_form=form), status=400)
    report_route(actor=request.user, ip=client_ip(request), report=report, **form.cleaned_data)
    # After a move to the other queue the officer may no longer see the report.
    return redirect("intake:queue")


@login_required
@require_POST
def report_close_view(request, pk: int):
    report = report_get_for_user(request.user, pk, ip=client_ip(request))
    form = CloseForm(request.POST)
    if not form.is_valid():
        return render(request, "intake/report_detail.html", _detail_context(report, close_form=form), status=400)
    try:
        report_close(actor=request.user, report=report, reason=form.cleaned_data["reason"], ip=client_ip(request))
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "intake/report_detail.html", _detail_context(report, close_form=form), status=400)
    messages.success(request, _("Report #%(id)s closed.") % {"id": report.pk})
    return redirect("intake:queue")


@login_required
@require_POST
def report_message(request, pk: int):
    report = report_get_for_user(request.user, pk, ip=client_ip(request))
    form = StaffMessageForm(request.POST)
    if not form.is_valid():
        return render(request, "intake/report_detail.html", _detail_context(report, message_form=form), status=400)
    direction = MessageDirection.INTERNAL if form.cleaned_data["internal"] else MessageDirection.TO_REPORTER
    report_message_add(
        report=report, body=form.cleaned_data["body"], direction=direction, author=request.user, ip=client_ip(request)
    )
    return redirect(report)


@login_required
@require_safe
def report_attachment(request, pk: int, attachment_pk: int):
    """Download a reporter's file: through the report's gate, logged, never inline."""
    report = report_get_for_user(request.user, pk, ip=client_ip(request))
    attachment = get_object_or_404(report.attachments, pk=attachment_pk)
    record(actor=request.user, action="view", target=attachment, unit=report.unit, ip=client_ip(request))
    response = HttpResponse(read_decrypted(attachment.stored_name), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="lampiran-{report.pk}-{attachment.pk}"'
    return response


@login_required
@require_POST
def report_tpks_done(request, pk: int):
    report = report_get_for_user(request.user, pk, ip=client_ip(request))
    report_tpks_police_report_made(actor=request.user, report=report, ip=client_ip(request))
    return redirect(report)
