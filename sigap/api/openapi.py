"""The OpenAPI 3.1 document of /api/v1/. The paths below are the foundation's,
intake's and cases'; any app may add its own as `OPENAPI_PATHS` in its `api.py`
(a test checks that every API route is documented)."""

import importlib

from django.apps import apps

PERSON_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "full_name": {"type": "string"},
        "sex": {"type": "string", "enum": ["L", "P", ""]},
        "birth_date": {"type": ["string", "null"], "format": "date"},
        "village": {"type": ["string", "null"], "description": "Kemendagri code of the kelurahan"},
        "unit": {"type": "string", "description": "code of the owning unit"},
    },
    "required": ["id", "full_name", "sex", "birth_date", "village", "unit"],
}

ERRORS = {
    "401": {"description": "no valid bearer token"},
    "403": {"description": "the token's user may not use this endpoint"},
    "404": {"description": "not found, or not visible to this user (the two answer alike)"},
}


def app_paths() -> dict:
    paths = {}
    for config in apps.get_app_configs():
        if config.name.startswith("sigap."):
            try:
                module = importlib.import_module(f"{config.name}.api")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.api":
                    raise
                continue
            paths.update(getattr(module, "OPENAPI_PATHS", {}))
    return paths


def document(server_url: str) -> dict:
    doc = {
        "openapi": "3.1.0",
        "info": {
            "title": "Sigap API",
            "version": "1",
            "description": "Bearer tokens come from `manage.py issue_api_token USERNAME`. "
            "Every read of personal data is written to the access log.",
        },
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Person": PERSON_SCHEMA},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/me": {
                "get": {
                    "summary": "The token's user and roles",
                    "responses": {"200": {"description": "the user"}, "401": ERRORS["401"]},
                }
            },
            "/api/v1/people": {
                "get": {
                    "summary": "People visible to the token's user (50 per page)",
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    ],
                    "responses": {
                        "200": {
                            "description": "a page of people",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Person"},
                                            },
                                            "next_page": {"type": ["integer", "null"]},
                                        },
                                    }
                                }
                            },
                        },
                        "401": ERRORS["401"],
                        "403": ERRORS["403"],
                    },
                }
            },
            "/api/v1/public/reports": {
                "post": {
                    "summary": "File a report (no token needed; the same fields and rules as /lapor/)",
                    "security": [],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": [
                                        "reporter_relation",
                                        "categories",
                                        "account",
                                        "contact_method",
                                        "consent",
                                    ],
                                    "properties": {
                                        "reporter_relation": {
                                            "type": "string",
                                            "enum": [
                                                "self",
                                                "family",
                                                "neighbour",
                                                "teacher",
                                                "health_worker",
                                                "cadre",
                                                "other",
                                            ],
                                        },
                                        "reporter_name": {"type": "string"},
                                        "categories": {"type": "array", "items": {"type": "string"}},
                                        "account": {"type": "string", "maxLength": 5000},
                                        "incident_date": {"type": "string", "format": "date"},
                                        "place": {
                                            "type": "string",
                                            "description": "Kemendagri kelurahan code, or 'outside'",
                                        },
                                        "subject_age_band": {"type": "string"},
                                        "subject_sex": {"type": "string", "enum": ["L", "P", ""]},
                                        "in_danger": {"type": "boolean"},
                                        "contact_method": {
                                            "type": "string",
                                            "enum": ["none", "phone", "whatsapp", "email"],
                                        },
                                        "contact_value": {"type": "string"},
                                        "safe_hours": {"type": "string"},
                                        "may_identify": {"type": "boolean"},
                                        "consent": {"type": "boolean", "const": True},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": {"description": "filed; the body has `receipt_code`, shown only this once"},
                        "400": {"description": "`errors`: messages per field"},
                        "429": {"description": "too many reports from this address"},
                    },
                }
            },
            "/api/v1/public/reports/{receipt_code}": {
                "get": {
                    "summary": "Status and staff messages of a report, by its receipt code",
                    "security": [],
                    "parameters": [
                        {"name": "receipt_code", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {"description": "status and messages"},
                        "404": {"description": "no such code"},
                    },
                }
            },
            "/api/v1/reports": {
                "get": {
                    "summary": "A triage queue: waiting reports most urgent first; handed-over or closed newest first",
                    "parameters": [
                        {"name": "queue", "in": "query", "schema": {"type": "string", "enum": ["lppar", "puspaga"]}},
                        {
                            "name": "state",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["waiting", "handed", "closed"], "default": "waiting"},
                        },
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    ],
                    "responses": {"200": {"description": "a page of reports"}, **ERRORS},
                }
            },
            "/api/v1/reports/{id}": {
                "get": {
                    "summary": "One report",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "the report"}, **ERRORS},
                }
            },
            "/api/v1/reports/{id}/route": {
                "post": {
                    "summary": "Confirm or re-route a report (queue, risk, reason); audited",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["queue", "risk", "reason"],
                                    "properties": {
                                        "queue": {"type": "string", "enum": ["lppar", "puspaga"]},
                                        "risk": {"type": "string", "enum": ["high", "medium", "low"]},
                                        "reason": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {"description": "the report"},
                        "400": {"description": "`errors` per field"},
                        **ERRORS,
                    },
                }
            },
            "/api/v1/reports/{id}/messages": {
                "post": {
                    "summary": "Reply to the reporter (read at /cek/), or add an internal note",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["body"],
                                    "properties": {"body": {"type": "string"}, "internal": {"type": "boolean"}},
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": {"description": "stored"},
                        "400": {"description": "`errors` per field"},
                        **ERRORS,
                    },
                }
            },
            "/api/v1/cases": {
                "get": {
                    "summary": "Cases visible to the token's user (filters: status, q, overdue=1)",
                    "parameters": [
                        {"name": "status", "in": "query", "schema": {"type": "string"}},
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                        {"name": "overdue", "in": "query", "schema": {"type": "string", "enum": ["1"]}},
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    ],
                    "responses": {"200": {"description": "a page of cases"}, **ERRORS},
                }
            },
            "/api/v1/cases/{id}": {
                "get": {
                    "summary": "One case with its victims, services and referrals",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "the case"}, **ERRORS},
                }
            },
            "/api/v1/cases/simfoni": {
                "get": {
                    "summary": "The SIMFONI-PPA export (head only; CSV, or format=xlsx; from/to dates)",
                    "parameters": [
                        {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["csv", "xlsx"]}},
                        {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                        {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                    ],
                    "responses": {"200": {"description": "the export, streamed"}, **ERRORS},
                }
            },
            "/api/v1/people/{id}": {
                "get": {
                    "summary": "One person",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {
                            "description": "the person",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Person"}}},
                        },
                        **ERRORS,
                    },
                }
            },
        },
    }
    doc["paths"].update(app_paths())
    return doc
