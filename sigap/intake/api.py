"""The intake part of /api/v1/: the public report endpoints and the staff queues.
Same forms, services and gates as the pages."""

import json

from django.conf import settings
from django.http import Http404, JsonResponse

from sigap.api.auth import api_endpoint, api_error
from sigap.audit.services import client_ip, record_read
from sigap.intake.choices import MessageDirection, Queue, QueueState
from sigap.intake.forms import ReportForm, RouteForm, StaffMessageForm
from sigap.intake.selectors import (
    messages_for_reporter,
    report_get_by_receipt,
    report_get_for_user,
    report_queue_page,
)
from sigap.intake.services import report_message_add, report_route, report_submit
from sigap.lib.ratelimit import allow

PAGE_SIZE = 50


TEXT_FIELDS = (
    "reporter_relation", "reporter_name", "account", "incident_date", "place", "subject_age_band",
    "subject_sex", "contact_method", "contact_value", "safe_hours",
)  # fmt: skip


def _not_text(payload: dict) -> dict:
    """Errors for text fields given as numbers, lists or objects (the form expects text)."""
    return {
        name: ["must be a string"]
        for name in TEXT_FIELDS
        if payload.get(name) is not None and not isinstance(payload[name], str)
    }


def _form_data(payload: dict) -> dict:
    """JSON to the form's field values: booleans to the form's yes/no and checkbox."""
    data = {key: value for key, value in payload.items() if value is not None}
    data["in_danger"] = "yes" if payload.get("in_danger") else "no"
    data["consent"] = "on" if payload.get("consent") is True else ""
    data["may_identify"] = "on" if payload.get("may_identify") else ""
    data["categories"] = payload.get("categories") if isinstance(payload.get("categories"), list) else []
    return data


@api_endpoint(methods=("POST",), public=True)
def public_report_submit(request):
    if not allow(
        scope="report", key=client_ip(request) or "-", limit=settings.SIGAP_PUBLIC_REPORTS_PER_HOUR, window_seconds=3600
    ):
        return api_error(429, "too many reports from this address; try again in an hour")
    payload = _json_body(request)
    if payload is None:
        return api_error(400, "the body must be a JSON object")
    wrong_types = _not_text(payload)
    if wrong_types:
        return JsonResponse({"errors": wrong_types}, status=400)
    form = ReportForm(_form_data(payload))
    if not form.is_valid():
        return JsonResponse({"errors": {field: list(errors) for field, errors in form.errors.items()}}, status=400)
    report, code = report_submit(ip=client_ip(request), **form.service_arguments())
    return JsonResponse({"receipt_code": code, "in_danger": report.in_danger}, status=201)


@api_endpoint(public=True)
def public_report_status(request, code: str):
    if not allow(
        scope="receipt",
        key=client_ip(request) or "-",
        limit=settings.SIGAP_RECEIPT_LOOKUPS_PER_HOUR,
        window_seconds=3600,
    ):
        return api_error(429, "too many lookups from this address; try again in an hour")
    report = report_get_by_receipt(code)
    if report is None:
        raise Http404
    messages = [
        {"at": m.at.isoformat(), "from": "you" if m.direction == "from_reporter" else "staff", "body": m.body}
        for m in messages_for_reporter(report)
    ]
    return JsonResponse(
        {"status": report.public_status, "status_label": report.public_status_display(), "messages": messages}
    )


def _report(report, *, full: bool = False) -> dict:
    data = {
        "id": report.pk,
        "received_at": report.received_at.isoformat(),
        "channel": report.channel,
        "queue": report.queue,
        "risk": report.risk,
        "status": report.status,
        "categories": report.categories,
        "response_due_at": report.response_due_at.isoformat(),
        "overdue": report.is_overdue(),
        "tpks_police_due_at": report.tpks_police_due_at.isoformat() if report.tpks_police_due_at else None,
        "tpks_police_done_at": report.tpks_police_done_at.isoformat() if report.tpks_police_done_at else None,
    }
    if full:
        data.update(account=report.account, village=report.village_id, outside_city=report.outside_city)
    return data


@api_endpoint()
def reports(request):
    queue = request.GET.get("queue", "")
    if queue and queue not in Queue.values:
        return api_error(400, f"queue must be one of {', '.join(Queue.values)}")
    state = request.GET.get("state", QueueState.WAITING)
    if state not in QueueState.values:
        return api_error(400, f"state must be one of {', '.join(QueueState.values)}")
    page = report_queue_page(
        request.user,
        queue=queue,
        state=state,
        page=request.GET.get("page"),
        per_page=PAGE_SIZE,
        first_when_past_end=False,
    )
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    return JsonResponse(
        {
            "results": [_report(r) for r in page.object_list],
            "next_page": page.next_page_number() if page.has_next() else None,
        }
    )


@api_endpoint()
def report(request, pk: int):
    return JsonResponse(_report(report_get_for_user(request.user, pk, ip=client_ip(request)), full=True))


def _json_body(request) -> dict | None:
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly nested JSON
        return None
    return payload if isinstance(payload, dict) else None


@api_endpoint(methods=("POST",))
def report_route_api(request, pk: int):
    """Confirm or re-route a report: {"queue", "risk", "reason"} (the same form as the page)."""
    report = report_get_for_user(request.user, pk, ip=client_ip(request))
    payload = _json_body(request)
    if payload is None:
        return api_error(400, "the body must be a JSON object")
    form = RouteForm(payload)
    if not form.is_valid():
        return JsonResponse({"errors": {field: list(errors) for field, errors in form.errors.items()}}, status=400)
    report = report_route(actor=request.user, ip=client_ip(request), report=report, **form.cleaned_data)
    return JsonResponse(_report(report))


@api_endpoint(methods=("POST",))
def report_message_api(request, pk: int):
    """Reply to the reporter, or add an internal note: {"body", "internal": false}."""
    report = report_get_for_user(request.user, pk, ip=client_ip(request))
    payload = _json_body(request)
    if payload is None:
        return api_error(400, "the body must be a JSON object")
    form = StaffMessageForm({"body": payload.get("body", ""), "internal": "on" if payload.get("internal") else ""})
    if not form.is_valid():
        return JsonResponse({"errors": {field: list(errors) for field, errors in form.errors.items()}}, status=400)
    direction = MessageDirection.INTERNAL if form.cleaned_data["internal"] else MessageDirection.TO_REPORTER
    message = report_message_add(
        report=report, body=form.cleaned_data["body"], direction=direction, author=request.user, ip=client_ip(request)
    )
    return JsonResponse({"id": message.pk, "direction": message.direction, "at": message.at.isoformat()}, status=201)
