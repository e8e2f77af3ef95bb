from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sigap.audit.services import client_ip, record_read
from sigap.intake.choices import MessageDirection, Queue
from sigap.intake.forms import ReceiptForm, ReporterReplyForm, ReportForm, RouteForm, StaffMessageForm
from sigap.intake.selectors import (
    messages_for_reporter,
    report_get_by_receipt,
    report_get_for_user,
    report_list_for_user,
)
from sigap.intake.services import (
    report_message_add,
    report_reporter_reply,
    report_route,
    report_submit,
    report_tpks_police_report_made,
)
from sigap.lib.ratelimit import allow

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
            reply_form = ReporterReplyForm(request.POST if "body" in request.POST else None)
            if report is not None and reply_form.is_bound and reply_form.is_valid():
                report_reporter_reply(report=report, body=reply_form.cleaned_data["body"], ip=client_ip(request))
                reply_form = ReporterReplyForm()
                context["replied"] = True
            context.update(
                report=report,
                found=report is not None,
                messages_list=list(messages_for_reporter(report)) if report else [],
                reply_form=reply_form,
                code=form.cleaned_data["code"],
            )
    return render(request, "intake/receipt_check.html", context)


@login_required
@require_safe
def report_queue(request):
    queue = request.GET.get("queue", "")
    if queue not in Queue.values:
        queue = ""
    reports = report_list_for_user(request.user, queue=queue)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    return render(request, "intake/report_queue.html", {"page": page, "queue": queue, "queues": Queue.choices})


@login_required
@require_safe
def report_detail(request, pk: int):
    report = report_get_for_user(request.user, pk, ip=client_ip(request))
    return render(request, "intake/report_detail.html", _detail_context(report))


def _detail_context(report, **forms) -> dict:
    return {
        "report": report,
        "routings": report.routings.select_related("actor"),
        "messages_list": report.messages.select_related("author"),
        "route_form": forms.get("route_form") or RouteForm(initial={"queue": report.queue, "risk": report.risk}),
        "message_form": forms.get("message_form") or StaffMessageForm(),
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
@require_POST
def report_tpks_done(request, pk: int):
    report = report_get_for_user(request.user, pk, ip=client_ip(request))
    report_tpks_police_report_made(actor=request.user, report=report, ip=client_ip(request))
    return redirect(report)
