from django.http import JsonResponse

from sigap.api.auth import api_endpoint
from sigap.api.openapi import document
from sigap.audit.services import client_ip, record_read
from sigap.lib.pagination import uncounted_page
from sigap.people.selectors import person_get_for_user, person_list_for_user

PAGE_SIZE = 50


def _person(person) -> dict:
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "village": person.village_id,
        "unit": person.unit.code,
    }


@api_endpoint(public=True)
def openapi(request):
    return JsonResponse(document(request.build_absolute_uri("/").rstrip("/")))


@api_endpoint()
def me(request):
    user = request.user
    return JsonResponse({"username": user.username, "display_name": str(user), "roles": sorted(user.roles())})


@api_endpoint()
def people(request):
    people = person_list_for_user(request.user, query=request.GET.get("q", ""))
    page = uncounted_page(people, request.GET.get("page"), PAGE_SIZE, first_when_past_end=False)
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    return JsonResponse(
        {
            "results": [_person(person) for person in page.object_list],
            "next_page": page.next_page_number() if page.has_next() else None,
        }
    )


@api_endpoint()
def person(request, pk: int):
    return JsonResponse(_person(person_get_for_user(request.user, pk, ip=client_ip(request))))
