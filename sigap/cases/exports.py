"""The SIMFONI-PPA export: one row per victim, in the ministry's categories, as CSV or
XLSX, streamed so memory stays flat however many cases there are."""

import csv
import io
import tempfile
from datetime import date, datetime, time, timedelta
from itertools import batched
from json import loads

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Func, OuterRef, Q, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from sigap.accounts.choices import Role
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import client_ip, record
from sigap.cases.choices import (
    SIMFONI_CASE_STATUS,
    SIMFONI_CODE_LIST_VERSION,
    SIMFONI_MARITAL,
    SIMFONI_PLACES,
    SIMFONI_RELATIONSHIPS,
    SIMFONI_SERVICES,
    SIMFONI_TRAFFICKING,
    SIMFONI_VIOLENCE,
    ServiceType,
    ViolenceForm,
)
from sigap.cases.models import (
    CodeListEntry,
    Referral,
    ServiceDelivery,
    Victim,
    simfoni_age_band,
)

YES, NO = "Ya", "Tidak"
BASE_COLUMNS = [
    "No Register",
    "Tanggal Pelaporan",
    "Tanggal Kejadian",
    "Kategori Lokasi",
    "Kecamatan",
    "Kelurahan",
    "KDRT",
    "Nama Korban",
    "Jenis Kelamin Korban",
    "Usia Korban",
    "Pendidikan",
    "Pekerjaan",
    "Status Perkawinan",
    "Difabel",
]
VIOLENCE_COLUMNS = [f"Kekerasan {SIMFONI_VIOLENCE[form]}" for form in ViolenceForm]
TAIL_COLUMNS = ["Kategori Trafficking", "Hubungan Pelaku", "Jumlah Rujukan", "Status Kasus"]
SERVICE_COLUMNS = [f"Layanan {SIMFONI_SERVICES[service]}" for service in ServiceType]
COLUMNS = BASE_COLUMNS + VIOLENCE_COLUMNS + TAIL_COLUMNS + SERVICE_COLUMNS


def neutralise(value) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula: make it text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


_FORMULA_STARTS = frozenset(("=", "+", "-", "@", "\t", "\r"))
SEXES = {"L": "Laki-laki", "P": "Perempuan"}
# Rows fetched from the server-side cursor at a time, and written out as one chunk.
BATCH_SIZE = 2000
# What the one statement fetches for each victim: plain columns (no model instances,
# nothing decrypted), then its number of referrals, the types of its services, and one
# of its relationships to the perpetrators (a victim has a row for each, in order).
ROW_FIELDS = (
    "id",
    "case__number",
    "case__opened_at",
    "case__incident_date",
    "case__place_category",
    "case__village__parent__name",
    "case__village__name",
    "case__is_kdrt",
    "case__status",
    "person__full_name",
    "person__sex",
    "person__birth_date",
    "education",
    "occupation",
    "marital_status",
    "disability",
    "violence_forms_json",
    "trafficking_type",
    "n_referrals",
    "service_types",
    "relations__relationship",
)


def victims_for_export(user, *, start: date, end: date, unit_code: str = ""):
    """Victims of the cases the head may export (optionally of one of their units),
    as tuples of ROW_FIELDS in the export's order, all in one statement."""
    if not has_role(user, [Role.HEAD]):
        raise PermissionDenied
    units = units_for_roles(user, [Role.HEAD])
    if unit_code:
        units = units.filter(code=unit_code)
    # Opened on a day of the period (local time), as a range the opened_at index serves.
    zone = timezone.get_current_timezone()
    cases = Q(
        case__unit__in=units,
        case__restricted=False,
        case__opened_at__gte=datetime.combine(start, time.min, zone),
        case__opened_at__lt=datetime.combine(end + timedelta(days=1), time.min, zone),
    )
    referrals = Referral.objects.filter(victim=OuterRef("pk")).order_by().values(n=Func("pk", function="COUNT"))
    services = (
        ServiceDelivery.objects.filter(victim=OuterRef("pk"))
        .order_by()
        .values("victim")
        .annotate(types=StringAgg("service_type", Value(",")))
        .values("types")
    )
    return (
        Victim.objects.filter(cases)
        .annotate(
            # As JSON text: json.loads here is cheaper than the field's own converter.
            violence_forms_json=Cast("violence_forms", TextField()),
            n_referrals=Subquery(referrals),
            service_types=Subquery(services),
        )
        .order_by("case__opened_at", "id", "relations__id")
        .values_list(*ROW_FIELDS)
    )


def _safe(labels: dict) -> dict:
    return {key: neutralise(label) for key, label in labels.items()}


def _one_per_victim(rows):
    """(row, [relationship, …]) for each victim, from its consecutive rows."""
    row, relations = None, []
    for next_row in rows:
        if row is not None and next_row[0] == row[0]:
            relations.append(next_row[-1])
            continue
        if row is not None:
            yield row, relations
        row, relations = next_row, [] if next_row[-1] is None else [next_row[-1]]
    if row is not None:
        yield row, relations


def export_batches(victims):
    """The export's rows, the header first, then a list of rows per batch of victims.
    Every text cell is already neutralised (see `neutralise`); counts stay numbers."""
    labels = _safe(dict(CodeListEntry.objects.values_list("code", "simfoni_label")))
    places, marital = _safe(SIMFONI_PLACES), _safe(SIMFONI_MARITAL)
    trafficking, relationships = _safe(SIMFONI_TRAFFICKING), _safe(SIMFONI_RELATIONSHIPS)
    statuses, sexes = _safe(SIMFONI_CASE_STATUS), _safe(SEXES)
    forms = [form.value for form in ViolenceForm]
    service_types = [service.value for service in ServiceType]
    no_services = [0] * len(service_types)
    zone, today, age_band = timezone.get_current_timezone(), timezone.localdate(), simfoni_age_band
    formula_starts = _FORMULA_STARTS

    def safe(text):
        return "" if text is None else "'" + text if text[:1] in formula_starts else text

    yield [COLUMNS]
    victim_rows = _one_per_victim(victims.iterator(chunk_size=BATCH_SIZE))
    for batch in batched(victim_rows, BATCH_SIZE):
        rows = []
        for (
            (
                _id,
                number,
                opened_at,
                incident_date,
                place_category,
                district,
                village,
                is_kdrt,
                status,
                full_name,
                sex,
                birth_date,
                education,
                occupation,
                marital_status,
                disability,
                violence_forms,
                trafficking_type,
                n_referrals,
                types,
                _relationship,
            ),
            relations,
        ) in batch:
            violence_forms = loads(violence_forms) if violence_forms else ()
            if types:
                types = types.split(",")
                services = [types.count(service) for service in service_types]
            else:
                services = no_services
            rows.append(
                [
                    safe(number),
                    opened_at.astimezone(zone).date().isoformat(),
                    incident_date.isoformat() if incident_date else "",
                    places.get(place_category, ""),
                    safe(district) if village is not None else "",
                    safe(village),
                    YES if is_kdrt else NO,
                    safe(full_name),
                    sexes.get(sex, ""),
                    age_band(birth_date, incident_date or today),
                    labels.get(education, ""),
                    labels.get(occupation, ""),
                    marital.get(marital_status, ""),
                    YES if disability else NO,
                    *[YES if form in violence_forms else NO for form in forms],
                    trafficking.get(trafficking_type, ""),
                    "; ".join([relationships[relationship] for relationship in relations]),
                    n_referrals,
                    statuses[status],
                    *services,
                ]
            )
        yield rows


def _csv_chunks(victims):
    """The CSV text, one chunk per batch of victims."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for rows in export_batches(victims):
        writer.writerows(rows)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


EARLIEST_YEAR = 2000


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("from") or f"{today.year}-01-01")
        end = date.fromisoformat(request.GET.get("to") or today.isoformat())
    except ValueError:
        raise Http404 from None
    # A period far outside the records' years would overflow the date arithmetic.
    if start.year < EARLIEST_YEAR or end > today + timedelta(days=366):
        raise Http404
    return start, end


@login_required
@require_safe
def simfoni_export(request, fmt: str):
    return simfoni_response(request, fmt)


def simfoni_response(request, fmt: str):
    """The export as a download (the page view and the API both answer with it)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    start, end = _period(request)
    unit_code = request.GET.get("unit", "")
    victims = victims_for_export(request.user, start=start, end=end, unit_code=unit_code)
    record(
        actor=request.user,
        action="export",
        target_type="cases.victim",
        ip=client_ip(request),
        changes={
            "unit": unit_code,
            "export": "simfoni",
            "format": fmt,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "version": SIMFONI_CODE_LIST_VERSION,
        },
    )
    filename = f"simfoni-{start}-{end}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_chunks(victims), content_type="text/csv; charset=utf-8")
    else:
        response = FileResponse(
            _xlsx_file(victims), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_file(victims):
    """A write-only workbook (rows go to disk as they come), handed over as a file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("SIMFONI-PPA")
    for rows in export_batches(victims):
        for row in rows:
            sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle
