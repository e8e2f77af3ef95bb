"""Writes for reporting: the scheduled monthly report, kept in storage.

The PDF holds figures only, but it is an internal document: it is encrypted with the
field key before it reaches the storage backend (like reporters' files), so neither
the disk nor a bucket holds it in clear."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sigap.accounts.choices import Role
from sigap.accounts.models import OrgUnit, User
from sigap.accounts.scoping import users_over
from sigap.audit.services import record
from sigap.lib.crypto import fernet
from sigap.notifications.services import staff_notify
from sigap.reporting.monthly import monthly_report_pdf
from sigap.reporting.selectors import month_key, monthly_report_name


def monthly_report_store(*, unit: OrgUnit, year: int, month: int, actor: User | None = None) -> str:
    """Render the month's report, store it (replacing an earlier one for the same month)
    and tell the unit's heads in the app. Returns the storage name.

    The PDF is rendered before the transaction opens: rendering takes a moment, and on
    SQLite an open transaction holds the write lock."""
    pdf = monthly_report_pdf(unit, year, month)
    name = monthly_report_name(unit, year, month)
    # The notice opens the stored copy of the month (a later run for the month replaces it).
    url = reverse("reporting:monthly_stored", args=[unit.code, month_key(year, month)])
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The monthly report for %(month)02d/%(year)s is ready.") % {"month": month, "year": year}
    with transaction.atomic():
        if default_storage.exists(name):
            default_storage.delete(name)
        stored = default_storage.save(name, ContentFile(fernet().encrypt(pdf)))
        _monthly_report_record(actor=actor, unit=unit, year=year, month=month, stored=True)
        staff_notify(users=users_over(unit, [Role.HEAD]), text=text, url=url)
    return stored


def table_export_record(
    *, actor: User, key: str, fmt: str, start, end, unit: OrgUnit | None, ip: str | None = None
) -> None:
    """The access-log entry of a dashboard table's export (figures only, no ids)."""
    record(
        actor=actor,
        action="export",
        target_type="reporting.table",
        target_id=key,
        unit=unit,
        ip=ip,
        changes={
            "table": key,
            "format": fmt,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "unit": unit.code if unit else "",
        },
    )


def monthly_report_copy_export(*, actor: User, unit: OrgUnit, year: int, month: int, ip: str | None = None) -> None:
    """The access-log entry of a stored monthly report downloaded by a member of staff."""
    _monthly_report_record(actor=actor, unit=unit, year=year, month=month, ip=ip, copy="stored")


def _monthly_report_record(
    *, actor: User | None, unit: OrgUnit, year: int, month: int, ip: str | None = None, **how
) -> None:
    """The `export` entry of a monthly report; `how` says which (stored now, or a stored copy read)."""
    key = month_key(year, month)
    record(
        actor=actor,
        action="export",
        target_type="reporting.monthly_report",
        target_id=key,
        unit=unit,
        ip=ip,
        changes={"export": "monthly_report", "month": key, **how},
    )
