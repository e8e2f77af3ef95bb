"""The SIMFONI-PPA export: one row per victim, in the ministry's categories, as CSV or
XLSX, streamed so memory stays flat however many cases there are."""

import csv
import tempfile
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
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
from sigap.cases.models import Case, CodeListEntry, Victim, VictimPerpetrator, simfoni_age_band

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
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def victims_for_export(user, *, start: date, end: date, unit_code: str = ""):
    """Victims of the cases the head may export (optionally of one of their units),
    with everything a row needs, fetched in a fixed number of queries per chunk."""
    if not has_role(user, [Role.HEAD]):
        raise PermissionDenied
    units = units_for_roles(user, [Role.HEAD])
    if unit_code:
        units = units.filter(code=unit_code)
    cases = Case.objects.filter(
        unit__in=units,
        restricted=False,
        opened_at__date__gte=start,
        opened_at__date__lte=end,
    )
    service_counts = {
        f"n_{service.value}": Count("services", filter=Q(services__service_type=service.value), distinct=True)
        for service in ServiceType
    }
    return (
        Victim.objects.filter(case__in=cases)
        .select_related("case__village__parent", "person")
        .annotate(n_referrals=Count("referrals", distinct=True), **service_counts)
        .prefetch_related(Prefetch("relations", queryset=VictimPerpetrator.objects.all()))
        .order_by("case__opened_at", "id")
    )


def export_rows(victims):
    labels = dict(CodeListEntry.objects.values_list("code", "simfoni_label"))
    yield COLUMNS
    for victim in victims.iterator(chunk_size=1000):
        case, person = victim.case, victim.person
        village = case.village
        yield [
            case.number,
            timezone.localtime(case.opened_at).date().isoformat(),
            case.incident_date.isoformat() if case.incident_date else "",
            SIMFONI_PLACES.get(case.place_category, ""),
            village.parent.name if village else "",
            village.name if village else "",
            YES if case.is_kdrt else NO,
            person.full_name,
            {"L": "Laki-laki", "P": "Perempuan"}.get(person.sex, ""),
            simfoni_age_band(person.birth_date, case.incident_date or timezone.localdate()),
            labels.get(victim.education, ""),
            labels.get(victim.occupation, ""),
            SIMFONI_MARITAL.get(victim.marital_status, ""),
            YES if victim.disability else NO,
            *[YES if form.value in victim.violence_forms else NO for form in ViolenceForm],
            SIMFONI_TRAFFICKING.get(victim.trafficking_type, ""),
            "; ".join(SIMFONI_RELATIONSHIPS[relation.relationship] for relation in victim.relations.all()),
            victim.n_referrals,
            SIMFONI_CASE_STATUS[case.status],
            *[getattr(victim, f"n_{service.value}") for service in ServiceType],
        ]


class _Echo:
    def write(self, value):
        return value


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("from") or f"{today.year}-01-01")
        end = date.fromisoformat(request.GET.get("to") or today.isoformat())
    except ValueError:
        raise Http404 from None
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
        writer = csv.writer(_Echo())
        rows = (writer.writerow([neutralise(cell) for cell in row]) for row in export_rows(victims))
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
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
    for row in export_rows(victims):
        sheet.append([neutralise(cell) if isinstance(cell, str) else cell for cell in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle
