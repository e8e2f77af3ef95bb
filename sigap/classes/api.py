"""The classes part of /api/v1/: open cohorts and registration (public), certificate
verification (public), and the staff's cohorts and attendance. Same forms, services
and gates as the pages."""

import json

from django.conf import settings
from django.http import Http404, JsonResponse

from sigap.api.auth import api_endpoint, api_error
from sigap.audit.services import client_ip, record_read
from sigap.classes.codes import mask_name
from sigap.classes.forms import RegistrationForm
from sigap.classes.selectors import (
    attendance_grid,
    certificate_get_public,
    cohort_get_open,
    cohort_list_for_user,
    cohort_list_open,
    session_get_for_user,
)
from sigap.classes.services import attendance_set, registration_submit
from sigap.lib.ratelimit import allow


def _json_body(request) -> dict | None:
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: absurdly nested JSON
        return None
    return payload if isinstance(payload, dict) else None


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _cohort(cohort, *, staff: bool = False) -> dict:
    data = {
        "id": cohort.pk,
        "program": cohort.program.name,
        "program_kind": cohort.program.kind,
        "couples": cohort.program.for_couples,
        "name": cohort.name,
        "mode": cohort.mode,
        "venue": cohort.venue,
        "first_session": _when(cohort.first_session),
        "last_session": _when(cohort.last_session),
        "sessions": cohort.session_count or 0,
        "places_free": max(cohort.places_free, 0),
        "waiting_list": bool(cohort.waiting_count),
    }
    if staff:
        data.update(capacity=cohort.capacity, places_taken=cohort.places_taken, waiting=cohort.waiting_count)
    return data


@api_endpoint(public=True)
def public_cohorts(request):
    return JsonResponse({"results": [_cohort(cohort) for cohort in cohort_list_open()]})


@api_endpoint(methods=("POST",), public=True)
def public_register(request, pk: int):
    if not allow(
        scope="class-register",
        key=client_ip(request) or "-",
        limit=settings.SIGAP_CLASS_REGISTRATIONS_PER_HOUR,
        window_seconds=3600,
    ):
        return api_error(429, "too many registrations from this address; try again in an hour")
    cohort = cohort_get_open(pk)
    payload = _json_body(request)
    if payload is None:
        return api_error(400, "the body must be a JSON object")
    data = {key: value for key, value in payload.items() if isinstance(value, str)}
    data["consent"] = "on" if payload.get("consent") is True else ""
    data["may_identify"] = "on" if payload.get("may_identify") is True else ""
    data.pop("website", None)
    form = RegistrationForm(data, couples=cohort.program.for_couples)
    if not form.is_valid():
        return JsonResponse({"errors": {field: list(errors) for field, errors in form.errors.items()}}, status=400)
    registration, participants = registration_submit(cohort=cohort, ip=client_ip(request), **form.service_arguments())
    return JsonResponse(
        {
            "status": registration.status,
            "participants": [{"full_name": p.person.full_name, "code": code} for p, code in participants],
        },
        status=201,
    )


@api_endpoint(public=True)
def public_certificate(request, code: str):
    if not allow(
        scope="certificate-check",
        key=client_ip(request) or "-",
        limit=settings.SIGAP_CERTIFICATE_CHECKS_PER_HOUR,
        window_seconds=3600,
    ):
        return api_error(429, "too many checks from this address; try again in an hour")
    certificate = certificate_get_public(code)
    if certificate is None:
        raise Http404
    return JsonResponse(
        {
            "code": certificate.code,
            "valid": certificate.is_valid,
            "program": certificate.participant.registration.cohort.program.name,
            "issued_on": certificate.issued_at.date().isoformat(),
            "holder": mask_name(certificate.participant.person.full_name),
        }
    )


@api_endpoint()
def cohorts(request):
    return JsonResponse({"results": [_cohort(c, staff=True) for c in cohort_list_for_user(request.user)[:200]]})


@api_endpoint(methods=("GET", "POST"))
def session_attendance(request, pk: int):
    """GET: who has a place and who was present. POST {"participant": id, "present":
    true|false}: mark one person (the facilitator's tap)."""
    session = session_get_for_user(request.user, pk)
    if request.method == "POST":
        payload = _json_body(request)
        if (
            payload is None
            or not isinstance(payload.get("participant"), int)
            or not isinstance(payload.get("present"), bool)
        ):
            return api_error(400, 'send {"participant": <id>, "present": true|false}')
        participant = attendance_grid(session).filter(pk=payload["participant"]).first()
        if participant is None:
            raise Http404
        attendance_set(
            actor=request.user,
            session=session,
            participant=participant,
            present=payload["present"],
            ip=client_ip(request),
        )
        return JsonResponse({"participant": participant.pk, "present": payload["present"]})
    participants = list(attendance_grid(session))
    record_read(actor=request.user, objects=participants, ip=client_ip(request))
    return JsonResponse(
        {
            "session": session.pk,
            "starts_at": session.starts_at.isoformat(),
            "participants": [
                {"id": p.pk, "full_name": p.person.full_name, "present": p.present_method is not None}
                for p in participants
            ],
        }
    )


_ERRORS = {
    "401": {"description": "no valid bearer token"},
    "403": {"description": "the token's user may not use this endpoint"},
    "404": {"description": "not found, or not visible to this user (the two answer alike)"},
}
_ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]

OPENAPI_PATHS = {
    "/api/v1/public/cohorts": {
        "get": {
            "summary": "Cohorts open for registration (no token; no meeting links)",
            "security": [],
            "responses": {"200": {"description": "`results`: id, program, name, mode, venue, dates, places_free"}},
        }
    },
    "/api/v1/public/cohorts/{id}/registrations": {
        "post": {
            "summary": "Register one person, or a couple (no token; the same fields and rules as /kelas/)",
            "security": [],
            "parameters": _ID,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["full_name", "contact_method", "consent"],
                            "properties": {
                                "full_name": {"type": "string", "maxLength": 150},
                                "sex": {"type": "string", "enum": ["L", "P", ""]},
                                "partner_name": {"type": "string", "description": "couples' programs only"},
                                "partner_sex": {"type": "string", "enum": ["L", "P", ""]},
                                "contact_method": {"type": "string", "enum": ["none", "phone", "whatsapp", "email"]},
                                "contact_value": {"type": "string"},
                                "safe_hours": {"type": "string", "enum": ["any", "morning", "afternoon", "evening"]},
                                "may_identify": {"type": "boolean"},
                                "consent": {"type": "boolean", "const": True},
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": {"description": "`status` (enrolled or waiting) and each participant's code, shown only once"},
                "400": {"description": "`errors`: messages per field"},
                "404": {"description": "no such cohort, or it is not open"},
                "429": {"description": "too many registrations from this address"},
            },
        }
    },
    "/api/v1/public/certificates/{code}": {
        "get": {
            "summary": "Verify a certificate: valid or revoked, program, date, masked holder (no token)",
            "security": [],
            "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "`code`, `valid`, `program`, `issued_on`, `holder` (masked)"},
                "404": {"description": "no such certificate"},
                "429": {"description": "too many checks from this address"},
            },
        }
    },
    "/api/v1/cohorts": {
        "get": {
            "summary": "The cohorts the token's user runs",
            "responses": {"200": {"description": "`results`"}, **_ERRORS},
        }
    },
    "/api/v1/sessions/{id}/attendance": {
        "get": {
            "summary": "Who has a place in the session's cohort, and who was present",
            "parameters": _ID,
            "responses": {"200": {"description": "`participants`: id, full_name, present"}, **_ERRORS},
        },
        "post": {
            "summary": 'Mark one participant: {"participant": id, "present": true|false}',
            "parameters": _ID,
            "responses": {"200": {"description": "the mark"}, "400": {"description": "malformed body"}, **_ERRORS},
        },
    },
}
