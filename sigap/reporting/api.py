"""Reporting's REST endpoint: the public statistics as JSON (no token; the same
numbers, with the same suppression, as /statistik/)."""

from django.http import JsonResponse

from sigap.api.auth import api_endpoint, api_error
from sigap.reporting.forms import PublicYearForm
from sigap.reporting.public import public_statistics, public_statistics_json, public_years


@api_endpoint(public=True)
def public_statistics_view(request):
    years = public_years()
    form = PublicYearForm(request.GET, years=years)
    if not form.is_valid():
        return api_error(404, "no statistics for that year")
    statistics = public_statistics(form.cleaned_data["tahun"])
    return JsonResponse(public_statistics_json(statistics, years))


_CELL = {
    "oneOf": [
        {"type": "integer", "minimum": 5},
        {"type": "string", "enum": ["<5", "hidden", "withheld"]},
    ],
    "description": "a count, or why it is not shown (see `suppression.marks`)",
}
_TABLE = {
    "type": ["object", "null"],
    "properties": {
        "columns": {
            "type": "array",
            "items": {"type": "object", "properties": {"key": {"type": "string"}, "label": {"type": "string"}}},
        },
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "category": {"type": "string"},
                    "label": {"type": "string"},
                    "cells": {"type": "array", "items": _CELL},
                },
            },
        },
    },
}
OPENAPI_PATHS = {
    "/api/v1/public/statistics": {
        "get": {
            "summary": "Reports by category and month, and by category and kecamatan, with small counts "
            "suppressed (no token; the same numbers as /statistik/). Only months that have ended; the "
            "kecamatan table once the year is over; no totals.",
            "security": [],
            "parameters": [
                {"name": "year", "in": "query", "schema": {"type": "integer"}, "description": "default: this year"}
            ],
            "responses": {
                "200": {
                    "description": "the year's statistics",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "year": {"type": "integer"},
                                    "years": {"type": "array", "items": {"type": "integer"}},
                                    "complete": {"type": "boolean"},
                                    "suppression": {"type": "object"},
                                    "by_category_and_month": _TABLE,
                                    "by_category_and_kecamatan": _TABLE,
                                },
                            }
                        }
                    },
                },
                "404": {"description": "no statistics for that year"},
            },
        }
    }
}
