"""Cases under /api/v1/: list, detail and the SIMFONI export, through the same gates."""

from django.http import JsonResponse

from sigap.api.auth import api_endpoint, api_error
from sigap.audit.services import client_ip, record_read
from sigap.cases.choices import CaseStatus
from sigap.cases.exports import simfoni_response
from sigap.cases.selectors import CaseFilters, case_get_for_user, case_list_for_user
from sigap.lib.pagination import uncounted_page

PAGE_SIZE = 50


def _case(case, *, full: bool = False) -> dict:
    data = {
        "id": case.pk,
        "number": case.number,
        "status": case.status,
        "risk": case.risk,
        "opened_at": case.opened_at.isoformat(),
        "assigned_to": case.assigned_to.username if case.assigned_to else None,
        "village": case.village_id,
        "next_due_at": case.next_due_at.isoformat() if case.next_due_at else None,
        "overdue": case.is_overdue(),
    }
    if full:
        data["victims"] = [
            {"person": v.person_id, "violence_forms": v.violence_forms, "age_band": v.age_band()}
            for v in case.victims.select_related("person")
        ]
        data["services"] = list(case.services.values("service_type", "delivered_on", "provider"))
        data["referrals"] = list(case.referrals.values("partner__name", "status", "due_date"))
    return data


@api_endpoint()
def cases(request):
    status = request.GET.get("status", "")
    if status and status not in CaseStatus.values:
        return api_error(400, f"status must be one of {', '.join(CaseStatus.values)}")
    filters = CaseFilters(status=status, search=request.GET.get("q", ""), overdue=request.GET.get("overdue") == "1")
    page = uncounted_page(
        case_list_for_user(request.user, filters), request.GET.get("page"), PAGE_SIZE, first_when_past_end=False
    )
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    return JsonResponse(
        {
            "results": [_case(c) for c in page.object_list],
            "next_page": page.next_page_number() if page.has_next() else None,
        }
    )


@api_endpoint()
def case(request, pk: int):
    return JsonResponse(_case(case_get_for_user(request.user, pk, ip=client_ip(request)), full=True))


@api_endpoint()
def simfoni(request):
    return simfoni_response(request, request.GET.get("format", "csv"))
