"""The public statistics (/statistik/ and /api/v1/public/statistics): counts of reports
by category and month, and by category and kecamatan, with small-count suppression.

Only months that have ended are published, so a published number never changes (a
report's time of receipt, categories and kelurahan are fixed when it is filed). The
table by kecamatan appears once the year is over; before that, comparing it from one
month to the next would give away the new month's small numbers. No totals are
published. suppression.py explains why this is safe, and the tests attack it.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Min
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from sigap.intake.choices import Category
from sigap.intake.models import Report
from sigap.regions.choices import RegionLevel
from sigap.regions.models import Region
from sigap.reporting.choices import SMALL_COUNT, Mark
from sigap.reporting.selectors import Period, has_category
from sigap.reporting.suppression import PublicCell, publish_a, publish_b

UNKNOWN_AREA = "unknown"


@dataclass(frozen=True)
class PublicTable:
    key: str
    title: str
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[tuple[str, str, list[PublicCell]]]  # (category code, label, cells)


@dataclass(frozen=True)
class PublicStatistics:
    year: int
    complete: bool
    by_month: PublicTable
    by_kecamatan: PublicTable | None


def public_years() -> list[int]:
    """The years with reports (at least the current one)."""
    this_year = timezone.localdate().year
    first = Report.objects.aggregate(first=Min("received_at"))["first"]
    first_year = timezone.localtime(first).year if first else this_year
    return list(range(min(first_year, this_year), this_year + 1))


def _ended_months(year: int) -> list[date]:
    today = timezone.localdate()
    last = 12 if year < today.year else today.month - 1
    return [date(year, month, 1) for month in range(1, last + 1)]


def _category_counts():
    return {f"c{i}": Count("pk", filter=has_category(code)) for i, code in enumerate(Category)}


def public_statistics(year: int) -> PublicStatistics:
    months = _ended_months(year)
    complete = len(months) == 12
    a_values = [[0] * len(months) for _category in Category]
    # The ended months of the year (an empty period in January of the current year).
    period = Period(date(year, 1, 1), Period.month(year, months[-1].month).end if months else date(year, 1, 1))
    reports = Report.objects.filter(received_at__gte=period.start_at, received_at__lt=period.end_at)
    if months:
        index = {month: column for column, month in enumerate(months)}
        grouped = reports.annotate(month=TruncMonth("received_at")).values("month").annotate(**_category_counts())
        for row in grouped.order_by():
            month = row["month"]
            month = timezone.localtime(month).date() if isinstance(month, datetime) else month
            for i, _category in enumerate(Category):
                a_values[i][index[month]] = row[f"c{i}"]
    a_cells = publish_a(a_values)
    categories = [(category.value, str(category.label)) for category in Category]
    by_month = PublicTable(
        "by_category_and_month",
        str(_("Reports by category and month")),
        [(f"{month:%Y-%m}", formats.date_format(month, "M Y")) for month in months],
        [(code, label, cells) for (code, label), cells in zip(categories, a_cells, strict=True)],
    )
    by_kecamatan = None
    if complete:
        kecamatan = list(Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", "name"))
        columns = [*kecamatan, (UNKNOWN_AREA, str(_("Not known or outside the city")))]
        column_of = {code: column for column, (code, _name) in enumerate(columns)}
        b_values = [[0] * len(columns) for _category in Category]
        grouped = reports.values("village__parent").annotate(**_category_counts()).order_by()
        for row in grouped:
            column = column_of.get(row["village__parent"], column_of[UNKNOWN_AREA])
            for i, _category in enumerate(Category):
                b_values[i][column] += row[f"c{i}"]
        by_kecamatan = PublicTable(
            "by_category_and_kecamatan",
            str(_("Reports by category and kecamatan")),
            columns,
            [
                (code, label, cells)
                for (code, label), cells in zip(categories, publish_b(a_cells, b_values), strict=True)
            ],
        )
    return PublicStatistics(year=year, complete=complete, by_month=by_month, by_kecamatan=by_kecamatan)


def _json_cell(cell: PublicCell):
    return cell.value if cell.value is not None else str(cell.mark)


def _json_table(table: PublicTable | None):
    if table is None:
        return None
    return {
        "columns": [{"key": key, "label": label} for key, label in table.columns],
        "rows": [
            {"category": code, "label": label, "cells": [_json_cell(cell) for cell in cells]}
            for code, label, cells in table.rows
        ],
    }


def public_statistics_json(statistics: PublicStatistics, years: list[int]) -> dict:
    return {
        "year": statistics.year,
        "years": years,
        "complete": statistics.complete,
        "suppression": {
            "threshold": SMALL_COUNT,
            "marks": {str(mark.value): str(mark.label) for mark in Mark if mark.value},
            "totals": "not published",
        },
        "by_category_and_month": _json_table(statistics.by_month),
        "by_category_and_kecamatan": _json_table(statistics.by_kecamatan),
    }
