from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sigap.audit.services import client_ip
from sigap.reporting.choices import MARK_SYMBOLS, ROLES_EXPORTING_FIGURES, ExportFormat
from sigap.reporting.dashboard import dashboard_body
from sigap.reporting.exports import csv_response, table_rows, xlsx_response
from sigap.reporting.forms import MonthForm, PeriodForm, PublicYearForm, parse_month
from sigap.reporting.monthly import monthly_report_pdf
from sigap.reporting.public import public_statistics, public_years
from sigap.reporting.selectors import (
    TABLES,
    Period,
    figure_units_for_user,
    month_key,
    scope_for,
    stored_monthly_report_get_for_user,
    stored_monthly_reports_for_user,
    table_keys_for,
)
from sigap.reporting.services import monthly_report_copy_export, table_export_record


def _scope(form: PeriodForm, units):
    data = form.cleaned_data
    return scope_for(units, Period(data["start"], data["end"]), unit=data["unit"])


@login_required
@require_safe
def dashboard(request):
    """Figures of the user's units: tables, each with its chart; no person, no record."""
    units = figure_units_for_user(request.user)
    form = PeriodForm(request.GET, units=units)
    if not form.is_valid():
        return render(request, "reporting/dashboard.html", {"form": form}, status=400)
    body = dashboard_body(form, user=request.user)
    return render(request, "reporting/dashboard.html", {"body": body})


@login_required
@require_safe
def table_export(request, key: str, fmt: str):
    """One dashboard table as CSV or XLSX, for the head and the analyst; logged."""
    if fmt not in ExportFormat.values or key not in TABLES:
        raise Http404
    units = figure_units_for_user(request.user, ROLES_EXPORTING_FIGURES)
    form = PeriodForm(request.GET, units=units)
    if not form.is_valid():
        return render(request, "reporting/dashboard.html", {"form": form, "units": units}, status=400)
    scope = _scope(form, units)
    if key not in table_keys_for(scope):
        raise Http404
    table = TABLES[key](scope)
    data = form.cleaned_data
    table_export_record(
        actor=request.user,
        key=key,
        fmt=fmt,
        start=data["start"],
        end=data["end"],
        unit=data["unit"],
        ip=client_ip(request),
    )
    unit_label = data["unit"].name if data["unit"] else _("All my units")
    rows = table_rows(table, scope, unit_label)
    filename = f"sigap-{key}-{data['start']}-{data['end']}.{fmt}"
    if fmt == ExportFormat.CSV:
        return csv_response(rows, filename)
    return xlsx_response(rows, filename, key)


@login_required
@require_safe
def monthly_report(request):
    """The monthly PDF for one of the user's units, made now (and logged)."""
    units = figure_units_for_user(request.user, ROLES_EXPORTING_FIGURES)
    form = MonthForm(request.GET, units=units)
    if not form.is_valid():
        return render(request, "reporting/monthly_form.html", {"form": form}, status=400)
    (year, month), unit = form.cleaned_data["month"], form.cleaned_data["unit"]
    pdf = monthly_report_pdf(unit, year, month)
    table_export_record(
        actor=request.user,
        key="monthly_report",
        fmt="pdf",
        start=Period.month(year, month).start,
        end=Period.month(year, month).end,
        unit=unit,
        ip=client_ip(request),
    )
    return _monthly_pdf_response(pdf, unit=unit, year=year, month=month)


@login_required
@require_safe
def monthly_archive(request):
    """The monthly reports stored by the schedule, for the units whose figures the user exports."""
    return render(request, "reporting/monthly_archive.html", {"stored": stored_monthly_reports_for_user(request.user)})


@login_required
@require_safe
def monthly_stored(request, unit: str, month: str):
    """One stored monthly report, as it was made at the time (logged). `month` is YYYY-MM."""
    try:
        year, month = parse_month(month)
    except ValidationError:
        raise Http404 from None
    unit, pdf = stored_monthly_report_get_for_user(request.user, unit, year, month)
    monthly_report_copy_export(actor=request.user, unit=unit, year=year, month=month, ip=client_ip(request))
    return _monthly_pdf_response(pdf, unit=unit, year=year, month=month)


@require_safe
def public_page(request):
    """Open statistics for everyone: counts with small numbers suppressed."""
    years = public_years()
    form = PublicYearForm(request.GET, years=years)
    if not form.is_valid():
        raise Http404
    statistics = public_statistics(form.cleaned_data["tahun"])
    marks = [(symbol, mark.label) for mark, symbol in MARK_SYMBOLS.items()]
    return render(request, "reporting/public.html", {"form": form, "statistics": statistics, "marks": marks})


def _monthly_pdf_response(pdf: bytes, *, unit, year: int, month: int) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sigap-{unit.code}-{month_key(year, month)}.pdf"'
    return response
