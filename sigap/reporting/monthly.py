"""The monthly report for the head of the Dinas: the dashboard's key figures for one
month, beside the previous month and the same month a year earlier, as a PDF."""

from dataclasses import replace
from datetime import date

from django.conf import settings
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import OrgUnit
from sigap.lib.pdf import render_pdf
from sigap.reporting.charts import chart_svg
from sigap.reporting.selectors import (
    Period,
    Scope,
    Table,
    cadre_outreach,
    case_flow,
    class_registrations,
    consultations_by_kind,
    document_help,
    escalations,
    ikm_figures,
    queue_split,
    reports_by_category,
    reports_by_month,
    response_time,
    scope_for_unit,
    services_by_type,
    tpks_clock,
)


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def _sum(table: Table, column: int = 1) -> int:
    return sum(value or 0 for value in table.column(column))


def key_figures(scope: Scope) -> list[tuple[str, int | float | None]]:
    """The month's headline numbers, from the same tables as the dashboard."""
    queues = queue_split(scope)
    moves = escalations(scope)
    response = response_time(scope)
    tpks = tpks_clock(scope)
    answered = _sum(response, 2) + _sum(response, 3) + _sum(response, 4)
    tpks_due = sum(tpks.rows[i][1] for i in range(3))
    figures = [
        (_("Reports received"), _sum(queues)),
        (_("… in the LP-PAR queue"), queues.rows[0][1]),
        (_("… in the Puspaga queue"), queues.rows[1][1]),
        (_("… high risk"), _sum(queues, 3)),
        (_("Escalated from Puspaga to LP-PAR"), moves.rows[0][1]),
        (_("Handed from LP-PAR to Puspaga"), moves.rows[1][1]),
        (_("% answered in time"), round(100 * _sum(response, 2) / answered, 1) if answered else None),
        (_("UU TPKS clocks started"), _sum(tpks)),
        (_("% police reports within 72 hours"), round(100 * tpks.rows[0][1] / tpks_due, 1) if tpks_due else None),
    ]
    if scope.handles_cases:
        flow = case_flow(scope)
        figures += [
            (_("Cases opened"), flow.rows[0][1]),
            (_("Cases closed"), flow.rows[1][1]),
            (_("Services delivered"), _sum(services_by_type(scope))),
        ]
    if scope.does_prevention:
        outreach = cadre_outreach(scope)
        satisfaction = ikm_figures(scope)
        figures += [
            (_("Consultations opened"), _sum(consultations_by_kind(scope))),
            (_("Documents in hand"), _sum(document_help(scope))),
            (_("Class registrations"), _sum(class_registrations(scope))),
            (_("Outreach sessions by cadres"), _sum(outreach, 2)),
            (_("People reached by cadres"), _sum(outreach, 3)),
            (_("IKM (satisfaction index)"), float(satisfaction.value) if satisfaction.value is not None else None),
        ]
    return figures


def _change(now, before) -> str:
    if now is None or before is None:
        return "–"
    difference = round(now - before, 1)
    return f"+{difference}" if difference > 0 else str(difference).replace("-", "−")


def _compare(rows_by_period: list[list[tuple]]) -> list[list]:
    """[label, this, previous, change, last year, change] for rows given per period."""
    this, previous, last_year = rows_by_period
    return [
        [label, now, before, _change(now, before), year_ago, _change(now, year_ago)]
        for (label, now), (_label, before), (_label2, year_ago) in zip(this, previous, last_year, strict=True)
    ]


def monthly_report_context(unit: OrgUnit, year: int, month: int) -> dict:
    period = Period.month(year, month)
    base = scope_for_unit(unit, period)
    scopes = [
        base,
        replace(base, period=Period.month(*_previous(year, month))),
        replace(base, period=Period.month(year - 1, month)),
    ]
    categories = [reports_by_category(scope) for scope in scopes]
    services = [services_by_type(scope) for scope in scopes] if base.handles_cases else []
    trend_start = date(year - 1, month, 1)
    trend = reports_by_month(replace(base, period=Period(trend_start, period.end)))
    return {
        "unit": unit,
        "month": date(year, month, 1),
        "month_label": formats.date_format(date(year, month, 1), "F Y"),
        "previous_label": formats.date_format(scopes[1].period.start, "F Y"),
        "last_year_label": formats.date_format(scopes[2].period.start, "F Y"),
        "key_figures": _compare([key_figures(scope) for scope in scopes]),
        "categories": _compare([[(row[0], row[1]) for row in table.rows] for table in categories]),
        "services": _compare([[(row[0], row[1]) for row in table.rows] for table in services]) if services else [],
        "response": response_time(base),
        "trend": trend,
        # Markup from pygal, with every label escaped by its XML writer.
        "trend_svg": mark_safe(chart_svg(trend)),
        "generated_at": timezone.localtime(),
        "service_name": settings.SIGAP_SERVICE_NAME,
    }


def monthly_report_pdf(unit: OrgUnit, year: int, month: int) -> bytes:
    return render_pdf("reporting/monthly_pdf.html", monthly_report_context(unit, year, month))
