"""The cadres part of /api/v1/: outreach reports (a cadre's own, or the unit's for the
head; a cadre may also file one) and referrals with their status only. Same forms,
services and gates as the pages."""

import json

from django.http import JsonResponse

from sigap.api.auth import api_endpoint, api_error
from sigap.audit.services import client_ip, record_read
from sigap.cadres.forms import OutreachForm
from sigap.cadres.selectors import cadre_for_user, outreach_get_for_user, outreach_list_for_user, referral_list_for_user
from sigap.cadres.services import outreach_record
from sigap.lib.pagination import uncounted_page

PAGE_SIZE = 50


def _activity(activity, *, full: bool = False) -> dict:
    data = {
        "id": activity.pk,
        "cadre": activity.cadre.person.full_name,
        "topic": activity.topic.name,
        "held_on": activity.held_on.isoformat(),
        "place": activity.place,
        "village": activity.village_id,
    }
    if full:
        data["headcounts"] = [
            {"sex": h.sex, "age_band": h.age_band, "count": h.count} for h in activity.headcounts.all()
        ]
        data["notes"] = activity.notes
        data["has_photo"] = bool(activity.photo_name)
    else:
        data["participants"] = activity.participants
    return data


def _outreach_form_data(payload: dict) -> dict:
    """JSON to the form: {"topic": id, "held_on": "YYYY-MM-DD", "place", "village": code,
    "notes", "headcounts": [{"sex": "L"|"P", "age_band": "25-44", "count": n}]}."""
    data = {key: payload.get(key) for key in ("topic", "held_on", "place", "village", "notes") if payload.get(key)}
    for row in payload.get("headcounts") or []:
        if isinstance(row, dict) and isinstance(row.get("count"), int):
            band = str(row.get("age_band", "")).replace("-", "_").replace("+", "plus")
            data[f"n_{row.get('sex')}_{band}"] = row["count"]
    return data


@api_endpoint(methods=("GET", "POST"))
def outreach(request):
    if request.method == "POST":
        cadre = cadre_for_user(request.user)
        if cadre is None:
            return api_error(403, "forbidden")
        try:
            payload = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            payload = None
        if not isinstance(payload, dict):
            return api_error(400, "the body must be a JSON object")
        form = OutreachForm(_outreach_form_data(payload))
        if not form.is_valid():
            return JsonResponse({"errors": {field: list(errors) for field, errors in form.errors.items()}}, status=400)
        activity = outreach_record(actor=request.user, cadre=cadre, ip=client_ip(request), **form.service_arguments())
        return JsonResponse({"id": activity.pk}, status=201)
    page = uncounted_page(
        outreach_list_for_user(request.user), request.GET.get("page"), PAGE_SIZE, first_when_past_end=False
    )
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    return JsonResponse(
        {
            "results": [_activity(a) for a in page.object_list],
            "next_page": page.next_page_number() if page.has_next() else None,
        }
    )


@api_endpoint()
def outreach_one(request, pk: int):
    return JsonResponse(_activity(outreach_get_for_user(request.user, pk, ip=client_ip(request)), full=True))


@api_endpoint()
def referrals(request):
    page = uncounted_page(
        referral_list_for_user(request.user), request.GET.get("page"), PAGE_SIZE, first_when_past_end=False
    )
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    return JsonResponse(
        {
            "results": [
                {"id": r.pk, "referred_at": r.referred_at.isoformat(), "status": r.status.value}
                for r in page.object_list
            ],
            "next_page": page.next_page_number() if page.has_next() else None,
        }
    )


_ERRORS = {
    "401": {"description": "no valid bearer token"},
    "403": {"description": "the token's user may not use this endpoint"},
    "404": {"description": "not found, or not visible to this user (the two answer alike)"},
}

OPENAPI_PATHS = {
    "/api/v1/outreach": {
        "get": {
            "summary": "Outreach reports: a cadre's own, or the unit's for the head (50 per page)",
            "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
            "responses": {"200": {"description": "`results`, `next_page`"}, **_ERRORS},
        },
        "post": {
            "summary": "A cadre reports an outreach session",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["topic", "held_on", "place", "village", "headcounts"],
                            "properties": {
                                "topic": {"type": "integer"},
                                "held_on": {"type": "string", "format": "date"},
                                "place": {"type": "string"},
                                "village": {"type": "string", "description": "Kemendagri kelurahan code"},
                                "notes": {"type": "string"},
                                "headcounts": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "sex": {"type": "string", "enum": ["L", "P"]},
                                            "age_band": {"type": "string", "description": "SIMFONI band, e.g. 25-44"},
                                            "count": {"type": "integer", "minimum": 0},
                                        },
                                    },
                                },
                            },
                        }
                    }
                },
            },
            "responses": {"201": {"description": "`id`"}, "400": {"description": "`errors` per field"}, **_ERRORS},
        },
    },
    "/api/v1/outreach/{id}": {
        "get": {
            "summary": "One outreach report, with headcounts and notes",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "the report"}, **_ERRORS},
        }
    },
    "/api/v1/referrals": {
        "get": {
            "summary": "Early-detection referrals with their status only (received, in_progress, closed)",
            "responses": {"200": {"description": "`results`: id, referred_at, status"}, **_ERRORS},
        }
    },
}
