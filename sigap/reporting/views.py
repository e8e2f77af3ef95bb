import hashlib
import zlib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sigap.accounts.choices import Role
from sigap.accounts.scoping import has_role, role_unit_paths
from sigap.audit.services import client_ip
from sigap.reporting.charts import chart_data_uri
from sigap.reporting.choices import MARK_SYMBOLS, ROLES_EXPORTING_FIGURES, ROLES_READING_FIGURES, ExportFormat
from sigap.reporting.exports import csv_response, table_rows, xlsx_response
from sigap.reporting.forms import MonthForm, PeriodForm, PublicYearForm, last_month
from sigap.reporting.monthly import monthly_report_pdf
from sigap.reporting.public import public_statistics, public_years
from sigap.reporting.selectors import (
    TABLES,
    Period,
    dashboard_tables,
    figure_units_for_user,
    scope_for,
    scope_of_rows,
    table_keys_for,
)
from sigap.reporting.services import table_export_record


def _scope(form: PeriodForm, units):
    data = form.cleaned_data
    return scope_for(units, Period(data["start"], data["end"]), unit=data["unit"])


# How long the dashboard's figures and charts are kept (seconds): a period that
# reaches today is still filling up, so a minute; one wholly in the past changes
# only when staff act late on its reports, so ten minutes.
DASHBOARD_CACHE_CURRENT = 60
DASHBOARD_CACHE_PAST = 600


def dashboard_body_html(form: PeriodForm, *, user) -> str:
    """Everything below the dashboard's title (the filters, the tables with their
    charts, the export links and the monthly report's form) as HTML, rendered once per
    scope, language and export rights and kept briefly in the cache: one entry, one
    read. Rendering the tables, charts and forms costs most of the page's time, so the
    HTML is kept rather than the figures. The key holds everything the HTML shows: the
    period and unit asked for, the units offered in both forms (with their names), the
    export rights and the month the monthly report offers. The user's units are read
    once, for the scope and the key; `form` was checked against the same units."""
    units = figure_units_for_user(user)
    data = form.cleaned_data
    period = Period(data["start"], data["end"])
    offered = list(units.values_list("id", "code", "kind", "name"))
    if data["unit"] is None:
        scope = scope_of_rows([(pk, code, kind) for pk, code, kind, _name in offered], period)
    else:
        scope = scope_for(units, period, unit=data["unit"])
    can_export = has_role(user, ROLES_EXPORTING_FIGURES)
    can_export_simfoni = has_role(user, [Role.HEAD])
    export_units = figure_units_for_user(user, ROLES_EXPORTING_FIGURES) if can_export else None
    if not can_export:
        export_offered = None
    elif role_unit_paths(user, ROLES_EXPORTING_FIGURES) == role_unit_paths(user, ROLES_READING_FIGURES):
        export_offered = offered  # the same paths reach the same units (a head): not read again
    else:
        export_offered = list(export_units.values_list("id", "code", "kind", "name"))
    query = urlencode({"start": data["start"], "end": data["end"], "unit": data["unit"].code if data["unit"] else ""})
    identity = repr(
        (
            scope.unit_ids,
            sorted(scope.kinds),
            sorted(scope.queues),
            period.start,
            period.end,
            get_language(),
            query,
            # The filters show what was typed (a date in another format reads the same):
            # what one person typed is never shown to another.
            tuple(form.data.get(name, "") for name in form.fields),
            can_export,
            can_export_simfoni,
            offered,
            export_offered,
            last_month(),
        )
    )
    key = "reporting:dashboard:6:" + hashlib.sha256(identity.encode()).hexdigest()
    # Kept compressed: the charts make the HTML about 250 KB, and the database cache
    # would carry all of it (as base64) on every read.
    stored = cache.get(key)
    if stored is not None:
        try:
            # Our own render read back (the cache is ours, like the database it lives in).
            return mark_safe(zlib.decompress(stored).decode())
        except (zlib.error, UnicodeDecodeError, TypeError):
            pass  # a damaged entry is rendered again and replaced
    sections = [
        (section, [(table, chart_data_uri(table)) for table in tables]) for section, tables in dashboard_tables(scope)
    ]
    html = render_to_string(
        "reporting/dashboard.html#body",
        {
            "form": form,
            "sections": sections,
            "can_export": can_export,
            "query": query,
            "can_export_simfoni": can_export_simfoni,
            "simfoni_query": urlencode({"from": data["start"], "to": data["end"]}),
            "month_form": MonthForm({}, units=export_units) if can_export else None,
        },
    )
    current = period.end >= timezone.localdate()
    cache.set(key, zlib.compress(html.encode(), 6), DASHBOARD_CACHE_CURRENT if current else DASHBOARD_CACHE_PAST)
    return html


@login_required
@require_safe
def dashboard(request):
    """Figures of the user's units: tables, each with its chart; no person, no record."""
    units = figure_units_for_user(request.user)
    form = PeriodForm(request.GET, units=units)
    if not form.is_valid():
        return render(request, "reporting/dashboard.html", {"form": form}, status=400)
    body_html = dashboard_body_html(form, user=request.user)
    return render(request, "reporting/dashboard.html", {"body_html": body_html})


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
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sigap-{unit.code}-{year:04d}-{month:02d}.pdf"'
    return response


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
