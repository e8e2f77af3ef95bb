"""The counselling part of /api/v1/: consultations, through the same gates as the
pages. Session notes never leave through the API; they are read on the page only."""

from django.http import JsonResponse

from sigap.api.auth import api_endpoint, api_error
from sigap.audit.services import client_ip, record_read
from sigap.counseling.choices import ConsultationStatus
from sigap.counseling.selectors import consultation_get_for_user, consultation_list_for_user
from sigap.lib.pagination import uncounted_page

PAGE_SIZE = 50


def _consultation(consultation, *, full: bool = False) -> dict:
    data = {
        "id": consultation.pk,
        "kind": consultation.kind,
        "source": consultation.source,
        "status": consultation.status,
        "counsellor": consultation.counsellor.username,
        "person": consultation.person_id,
        "partner": consultation.partner_id,
        "opened_at": consultation.opened_at.isoformat(),
        "closed_at": consultation.closed_at.isoformat() if consultation.closed_at else None,
        "closure_reason": consultation.closure_reason or None,
        "report": consultation.report_id,
        "escalated_report": consultation.escalated_report_id,
    }
    if full:
        data["appointments"] = [
            {"start": a.start.isoformat(), "end": a.end.isoformat(), "mode": a.mode, "status": a.status}
            for a in consultation.appointments.all()
        ]
        data["sessions"] = [
            {"held_at": s.held_at.isoformat(), "attendance": s.attendance} for s in consultation.sessions.all()
        ]
        data["documents"] = [{"document": d.document, "status": d.status} for d in consultation.documents.all()]
        data["referrals"] = [
            {
                "partner": r.partner,
                "referred_on": r.referred_on.isoformat(),
                "due_on": r.due_on.isoformat() if r.due_on else None,
                "outcome_on": r.outcome_on.isoformat() if r.outcome_on else None,
            }
            for r in consultation.referrals.all()
        ]
    return data


@api_endpoint()
def consultations(request):
    status = request.GET.get("status", "")
    if status and status not in ConsultationStatus.values:
        return api_error(400, f"status must be one of {', '.join(ConsultationStatus.values)}")
    page = uncounted_page(
        consultation_list_for_user(request.user, status=status),
        request.GET.get("page"),
        PAGE_SIZE,
        first_when_past_end=False,
    )
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    return JsonResponse(
        {
            "results": [_consultation(c) for c in page.object_list],
            "next_page": page.next_page_number() if page.has_next() else None,
        }
    )


@api_endpoint()
def consultation(request, pk: int):
    found = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    return JsonResponse(_consultation(found, full=True))


OPENAPI_PATHS = {
    "/api/v1/consultations": {
        "get": {
            "summary": "Consultations visible to the token's user (the head: the unit's; a counsellor: their own)",
            "parameters": [
                {"name": "status", "in": "query", "schema": {"type": "string"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
            ],
            "responses": {"200": {"description": "a page of consultations"}, "401": {"description": "no valid token"}},
        }
    },
    "/api/v1/consultations/{id}": {
        "get": {
            "summary": "One consultation with its appointments and documents (session notes never leave through the API)",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": {"description": "the consultation"},
                "401": {"description": "no valid token"},
                "404": {"description": "not found, or not visible to this user (the two answer alike)"},
            },
        }
    },
}
