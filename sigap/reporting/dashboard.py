"""The dashboard's body (filters, tables, charts, export links), rendered once per scope,
language and export rights and kept in the cache; served stale while the background
worker renders it again.

At a million reports the figures of a year take seconds of SQL. A head who opens the
dashboard a few times a day would wait for them on nearly every visit if an entry were
only kept for its minute. So an entry is *fresh* for a minute (a period reaching today)
or ten (a period in the past), and is then still *served* for half an hour, marked with
the time its figures were counted, while `dashboard_refresh_task` counts them again;
the next visit shows the new figures. Only a missing entry, or one older than that, is
counted while the person waits. `manage.py refresh_dashboards`, from cron every quarter
of an hour, keeps each reader's default page (this year, all their units) from ever
being missing."""

import enum
import hashlib
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from sigap.accounts.choices import Role
from sigap.accounts.models import User
from sigap.accounts.scoping import has_role, role_unit_paths
from sigap.reporting.charts import chart_data_uri
from sigap.reporting.choices import ROLES_EXPORTING_FIGURES, ROLES_READING_FIGURES
from sigap.reporting.forms import MonthForm, PeriodForm, last_month
from sigap.reporting.selectors import Period, dashboard_tables, figure_units_for_user, scope_for, scope_of_rows

# How long an entry's figures count as current (seconds): a period that reaches today
# is still filling up, so a minute; one wholly in the past changes only when staff act
# late on its reports, so ten minutes.
DASHBOARD_FRESH_CURRENT = 60
DASHBOARD_FRESH_PAST = 600
# How long an entry is still shown, with the time of its figures, while it is counted
# again in the background. Longer than the cron job's quarter of an hour.
DASHBOARD_SERVED_STALE = 30 * 60
# One background refresh per entry at a time; a refresh that died (no worker) is tried
# again after this long.
DASHBOARD_REFRESH_LOCK = 5 * 60


@dataclass(frozen=True)
class DashboardBody:
    """The rendered body, when its figures were counted, and whether they are past
    their freshness and being counted again."""

    html: SafeString
    counted_at: datetime
    refreshing: bool = False


class Purpose(enum.Enum):
    """Why the body is asked for, which decides what a stale or missing entry gets."""

    # A page view: a stale entry is served and a refresh queued; a missing one is counted.
    VIEW = "view"
    # The cron job: a stale or missing entry is counted now.
    AHEAD = "ahead"
    # The queued refresh: a stale entry is counted now; a fresh one (counted since) or a
    # missing one (no longer read: expired, or yesterday's key) is left alone.
    REFRESH = "refresh"


def dashboard_body(form: PeriodForm, *, user: User, purpose: Purpose = Purpose.VIEW) -> DashboardBody | None:
    """The body for `form` (valid, checked against the user's units) as `user` sees it;
    None only for a refresh that found nothing to count.

    The key holds everything the HTML shows: the period and unit asked for, the units
    offered in both forms (with their names), the export rights, the language and the
    month the monthly report offers. The user's units are read once, for the scope and
    the key."""
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
    # The filters show what was typed (a date in another format reads the same): what
    # one person typed is never shown to another.
    typed = {name: form.data.get(name, "") for name in form.fields}
    identity = repr(
        (
            scope.unit_ids,
            sorted(scope.kinds),
            sorted(scope.queues),
            period.start,
            period.end,
            get_language(),
            query,
            tuple(typed.values()),
            can_export,
            can_export_simfoni,
            offered,
            export_offered,
            last_month(),
        )
    )
    key = "reporting:dashboard:8:" + hashlib.sha256(identity.encode()).hexdigest()
    current = period.end >= timezone.localdate()
    lock = key + ":refreshing"
    kept = _read(key)
    if kept is not None:
        counted, html = kept
        age = time.time() - counted
        if age < (DASHBOARD_FRESH_CURRENT if current else DASHBOARD_FRESH_PAST):
            if purpose is Purpose.REFRESH:
                cache.delete(lock)
                return None
            return DashboardBody(html, _moment(counted))
        if purpose is Purpose.VIEW and age < DASHBOARD_SERVED_STALE:
            # Read first: a failed add() is a failed INSERT, which PostgreSQL logs.
            if cache.get(lock) is None:
                cache.set(lock, True, DASHBOARD_REFRESH_LOCK)
                # Imported here: the task module imports this one.
                from sigap.reporting.tasks import dashboard_refresh_task

                dashboard_refresh_task.enqueue(user.pk, typed, get_language(), time.time())
            return DashboardBody(html, _moment(counted), refreshing=True)
    elif purpose is Purpose.REFRESH:
        cache.delete(lock)
        return None
    counted = time.time()
    sections = [
        (section, [(table, chart_data_uri(table)) for table in tables]) for section, tables in dashboard_tables(scope)
    ]
    html = render_to_string(
        "reporting/dashboard.html#body",
        {
            "form": form,
            "sections": sections,
            "counted_at": _moment(counted),
            "can_export": can_export,
            "query": query,
            "can_export_simfoni": can_export_simfoni,
            "simfoni_query": urlencode({"from": data["start"], "to": data["end"]}),
            "month_form": MonthForm({}, units=export_units) if can_export else None,
        },
    )
    # Kept compressed: the charts make the HTML about 250 KB, and the database cache
    # would carry all of it (as base64) on every read.
    cache.set(key, (counted, zlib.compress(html.encode(), 6)), DASHBOARD_SERVED_STALE)
    if purpose is Purpose.REFRESH:
        cache.delete(lock)  # a page view finding it stale again may queue the next refresh
    return DashboardBody(mark_safe(html), _moment(counted))


def dashboard_refresh(*, user_id: int, typed: dict[str, str], language: str, queued_at: float) -> bool:
    """Count again the entry a page view found stale, as that reader and in that view's
    language (run by the background worker). True when it was counted; False when
    there was nothing to do: the person can no longer read figures, the filters no
    longer hold (a unit taken away), the entry was counted since or is no longer
    read, or the task waited longer than its lock (a later view queues another)."""
    if time.time() - queued_at > DASHBOARD_REFRESH_LOCK:
        return False
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not has_role(user, ROLES_READING_FIGURES):
        return False
    form = PeriodForm(typed, units=figure_units_for_user(user))
    if not form.is_valid():
        return False
    with translation.override(language):
        return dashboard_body(form, user=user, purpose=Purpose.REFRESH) is not None


def dashboard_warm(*, readers_since_days: int = 30) -> tuple[int, int]:
    """Count each recent reader's default page (this year, all their units, in the site's
    language) where its entry is missing or past its freshness, so that no morning visit
    waits for the figures. Readers sharing units and rights share an entry, counted
    once. Returns how many entries were counted and how many were fresh already."""
    since = timezone.now() - timedelta(days=readers_since_days)
    readers = (
        User.objects.filter(is_active=True, last_login__gte=since, memberships__role__in=ROLES_READING_FIGURES)
        .distinct()
        .order_by("pk")
    )
    counted = fresh = 0
    with translation.override(settings.LANGUAGE_CODE):
        for reader in readers:
            started = time.time()
            form = PeriodForm({}, units=figure_units_for_user(reader))
            form.full_clean()  # the defaults: always valid
            body = dashboard_body(form, user=reader, purpose=Purpose.AHEAD)
            if body.counted_at.timestamp() >= started:
                counted += 1
            else:
                fresh += 1
    return counted, fresh


def _read(key: str) -> tuple[float, SafeString] | None:
    """The entry's counting time and HTML; None when missing or damaged (it is then
    rendered again and replaced)."""
    stored = cache.get(key)
    try:
        counted, compressed = stored
        # Our own render read back (the cache is ours, like the database it lives in).
        return float(counted), mark_safe(zlib.decompress(compressed).decode())
    except (zlib.error, UnicodeDecodeError, TypeError, ValueError):
        return None


def _moment(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)
