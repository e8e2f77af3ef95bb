"""Reads for reporting: the gate (which units' figures a user reads) and the figures.

Every figure is computed by the database: one aggregate query per table (COUNT with
FILTER, GROUP BY, TruncMonth), never a loop over rows; the loops below run over the
few rows an aggregate returns. Each table function takes a Scope (units and period)
and returns a Table; the dashboard, the exports, the monthly PDF and the management
command all call the same functions. Nothing here returns a person, a name, free
text or a record's id.

Counting rules (docs/reporting.md):
- reports count by the time they were received; a report may name several
  categories, so the category table adds up to more than the number of reports;
- escalations are routing decisions that moved a report to the other queue;
- a report is answered when staff first routed it (a report that staff record
  themselves is answered as it is recorded), when a case or a consultation was opened
  from it, or when intake closed it, whichever came first; intake keeps that moment on
  the report (answered_at) with the risk it arrived with (arrival_risk). It is answered
  in time when that happened within its arrival risk's clock counted from its receipt
  (high risk: within HIGH_RISK_MEASURED_WITHIN);
- the UU TPKS clock is the police report due 72 hours after a sexual-violence report;
- cases count by their unit, restricted cases included (counts only);
- class completion follows each program's rule (attendance share, post-test), for
  cohorts whose last session ended in the period; the IKM is computed from the sums
  of each element's scores (one aggregate), graded by counseling/ikm.py.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.accounts.choices import UnitKind
from sigap.accounts.models import OrgUnit, User
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.cadres.choices import CadreStatus
from sigap.cadres.models import Cadre, OutreachActivity
from sigap.cases.choices import CaseStatus, ClosureDecision, ReferralStatus, ServiceType, ViolenceForm
from sigap.cases.models import Case as CaseRecord
from sigap.cases.models import ClosureRequest, Referral, ServiceDelivery, StatusChange, Victim
from sigap.classes.choices import ProgramKind, QuizKind, RegistrationStatus
from sigap.classes.models import Attendance, ClassSession, Cohort, Participant, QuizAttempt, Registration
from sigap.counseling import ikm
from sigap.counseling.choices import ClosureReason, ConsultationKind, ConsultationStatus, DocumentStatus, DocumentType
from sigap.counseling.models import Consultation, DocumentHelp, SurveyResponse
from sigap.intake import triage
from sigap.intake.choices import VIOLENCE_CATEGORIES, AgeBand, Category, Channel, Queue, ReportStatus, Risk
from sigap.intake.models import Report, RoutingDecision
from sigap.lib.crypto import fernet
from sigap.people.choices import Sex
from sigap.reporting.choices import HIGH_RISK_MEASURED_WITHIN, ROLES_EXPORTING_FIGURES, ROLES_READING_FIGURES

Number = int | float | None


# --- The gate and the scope ------------------------------------------------------


def figure_units_for_user(user: User, roles=ROLES_READING_FIGURES) -> QuerySet[OrgUnit]:
    """The units whose figures `user` reads (403 for a role that reads none)."""
    if not has_role(user, roles):
        raise PermissionDenied
    return units_for_roles(user, roles).order_by("path")


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in the local time zone."""

    start: date
    end: date

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self) -> datetime:
        """The first moment after the period (periods are half-open in queries)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def months(self) -> list[date]:
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        first = date(year, month, 1)
        return cls(first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))


@dataclass(frozen=True)
class Scope:
    """Whose figures (units, and the intake queues those units receive) and when."""

    unit_ids: tuple[int, ...]
    kinds: frozenset[str]
    queues: frozenset[str]
    period: Period
    # Looked up at each call: bound once at import, it would keep whatever clock was then in place.
    now: datetime = field(default_factory=lambda: timezone.now())
    # The grouped passes that several tables read (reports_pass, kelurahan_pass), kept
    # for this scope object only (dataclasses.replace makes a new, empty one): the
    # dashboard runs each pass once, whatever the number of tables reading it.
    memo: dict = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)

    @property
    def handles_cases(self) -> bool:
        return UnitKind.HANDLING in self.kinds

    @property
    def does_prevention(self) -> bool:
        return UnitKind.PREVENTION in self.kinds


def scope_for(units: QuerySet[OrgUnit], period: Period, *, unit: OrgUnit | None = None) -> Scope:
    """The scope of `units` (a gate's answer), narrowed to `unit` and the units below
    it when one is chosen (the caller has checked it is among `units`)."""
    if unit is not None:
        units = OrgUnit.objects.filter(path__startswith=unit.path)
    return scope_of_rows(units.values_list("id", "code", "kind"), period)


def scope_of_rows(rows: Iterable[tuple[int, str, str]], period: Period) -> Scope:
    """The scope of the units given as (id, code, kind) rows, for a caller that has
    read them already."""
    rows = list(rows)
    codes = {code for _id, code, _kind in rows}
    queues = frozenset(queue for queue, code in settings.SIGAP_INTAKE_UNITS.items() if code in codes)
    return Scope(
        unit_ids=tuple(sorted(pk for pk, _code, _kind in rows)),
        kinds=frozenset(kind for _id, _code, kind in rows),
        queues=queues,
        period=period,
    )


def scope_for_unit(unit: OrgUnit, period: Period) -> Scope:
    """The scope of one unit and the units below it (for the scheduled report)."""
    return scope_for(OrgUnit.objects.filter(path__startswith=unit.path), period)


# --- Tables ---------------------------------------------------------------------


@dataclass
class Table:
    """One figure: a heading per column (the first heads the row labels) and rows of
    a label followed by numbers. `chart` says how to draw column `chart_column`."""

    key: str
    title: str | Promise
    headers: list
    rows: list[list]
    chart: str = "hbar"
    chart_column: int = 1
    note: str | Promise = ""

    def column(self, index: int) -> list[Number]:
        return [row[index] for row in self.rows]


TABLES: dict[str, Callable[[Scope], Table]] = {}


def table(key: str):
    def register(function: Callable[[Scope], Table]) -> Callable[[Scope], Table]:
        TABLES[key] = function
        return function

    return register


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _reports(scope: Scope) -> QuerySet[Report]:
    period = scope.period
    return Report.objects.filter(
        unit_id__in=scope.unit_ids, received_at__gte=period.start_at, received_at__lt=period.end_at
    )


def has_category(code: str) -> Q:
    # Categories are a JSON list of codes; matching the quoted code in the list's text
    # works alike on SQLite and PostgreSQL (no code is part of another in quotes).
    return Q(categories__icontains=f'"{code}"')


def _counts(queryset: QuerySet, field_name: str) -> dict:
    return dict(queryset.values_list(field_name).annotate(n=Count("pk")).order_by())


REPORTS = _("Reports")


def _memo(scope: Scope, key: str, compute: Callable[[], list]) -> list:
    if key not in scope.memo:
        scope.memo[key] = compute()
    return scope.memo[key]


def _codes(categories) -> frozenset[str]:
    """The category codes of a report's list (what has_category matches in SQL)."""
    return (
        frozenset(code for code in categories if isinstance(code, str)) if isinstance(categories, list) else frozenset()
    )


def _month_of(value) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def reports_pass(scope: Scope) -> list[dict]:
    """The scope's reports in one grouped pass: per month, queue, high risk or not and
    list of categories (a few hundred groups a year whatever the number of reports).
    Categories are counted in Python from the groups: the database reads each row's
    list once instead of matching its text once per category."""

    def compute():
        rows = (
            _reports(scope)
            .annotate(month=TruncMonth("received_at"))
            .values("month", "queue", "categories")
            .annotate(n=Count("pk"), high=Count("pk", filter=Q(risk=Risk.HIGH)))
            .order_by()
        )
        return [{**row, "month": _month_of(row["month"]), "codes": _codes(row["categories"])} for row in rows]

    return _memo(scope, "reports", compute)


# The response clock of a report, from the risk it arrived with and when staff first
# answered it (both kept on the report by intake): each figure as a condition on a
# report whose risk on arrival gives it `clock`, as of `now`.
CLOCK_FIGURES: dict[str, Callable[[timedelta, datetime], Q]] = {
    "n": lambda clock, now: Q(),
    "in_time": lambda clock, now: Q(answered_at__lte=F("received_at") + clock),
    "late": lambda clock, now: Q(answered_at__gt=F("received_at") + clock),
    "waiting_overdue": lambda clock, now: Q(answered_at__isnull=True, received_at__lt=now - clock),
    "waiting": lambda clock, now: Q(answered_at__isnull=True, received_at__gte=now - clock),
}


def kelurahan_pass(scope: Scope) -> list[dict]:
    """The scope's reports in one grouped pass per kelurahan (and outside or not given),
    with the channel, sex, age band, UU TPKS clock and response clock counts beside them."""

    def compute():
        done, due = "tpks_police_done_at", "tpks_police_due_at"
        tpks = Q(**{f"{due}__isnull": False})
        counts = {
            **{f"channel:{c.value}": Count("pk", filter=Q(channel=c.value)) for c in Channel},
            **{f"sex:{s.value}": Count("pk", filter=Q(subject_sex=s.value)) for s in Sex},
            **{f"age:{a.value}": Count("pk", filter=Q(subject_age_band=a.value)) for a in AgeBand},
            "tpks:started": Count("pk", filter=tpks),
            "tpks:in_time": Count("pk", filter=tpks & Q(**{f"{done}__lte": F(due)})),
            "tpks:late": Count("pk", filter=tpks & Q(**{f"{done}__gt": F(due)})),
            "tpks:overdue": Count("pk", filter=tpks & Q(**{f"{done}__isnull": True, f"{due}__lt": scope.now})),
            "tpks:running": Count("pk", filter=tpks & Q(**{f"{done}__isnull": True, f"{due}__gte": scope.now})),
            **{
                f"clock:{risk}:{name}": Count("pk", filter=Q(arrival_risk=risk) & condition(clock, scope.now))
                for risk, clock in response_clocks().items()
                for name, condition in CLOCK_FIGURES.items()
            },
        }
        # Aliases for the counts: the keys above are not valid SQL names.
        names = {f"k{i}": key for i, key in enumerate(counts)}
        rows = (
            _reports(scope)
            .values("village__name", "village__parent__name", "outside_city")
            .annotate(n=Count("pk"), **{alias: counts[key] for alias, key in names.items()})
            .order_by("village__parent__name", "village__name")
        )
        return [{**{names.get(k, k): v for k, v in row.items()}} for row in rows]

    return _memo(scope, "kelurahan", compute)


def _total(rows: list[dict], key: str) -> int:
    return sum(row[key] for row in rows)


@table("reports_by_category")
def reports_by_category(scope: Scope) -> Table:
    groups = reports_pass(scope)
    rows = [[c.label, sum(g["n"] for g in groups if c.value in g["codes"])] for c in Category]
    return Table(
        "reports_by_category",
        _("Reports by category"),
        [_("Category"), REPORTS],
        rows,
        note=_("A report may name more than one category, so the rows add up to more than the reports received."),
    )


@table("reports_by_channel")
def reports_by_channel(scope: Scope) -> Table:
    groups = kelurahan_pass(scope)
    rows = [[channel.label, _total(groups, f"channel:{channel.value}")] for channel in Channel]
    return Table("reports_by_channel", _("Reports by channel"), [_("Channel"), REPORTS], rows)


@table("reports_by_month")
def reports_by_month(scope: Scope) -> Table:
    per_month: dict[date, list[int]] = {}
    for group in reports_pass(scope):
        found = per_month.setdefault(group["month"], [0, 0, 0])
        found[0] += group["n"]
        found[1] += group["n"] if group["queue"] == Queue.LPPAR else 0
        found[2] += group["n"] if group["queue"] == Queue.PUSPAGA else 0
    rows = [[formats.date_format(month, "M Y"), *per_month.get(month, [0, 0, 0])] for month in scope.period.months()]
    return Table(
        "reports_by_month",
        _("Reports by month"),
        [_("Month"), REPORTS, _("LP-PAR queue"), _("Puspaga queue")],
        rows,
        chart="bar",
        note=_("The queue is where the report is now."),
    )


@table("reports_by_kelurahan")
def reports_by_kelurahan(scope: Scope) -> Table:
    named, outside, unknown = {}, 0, 0
    for row in kelurahan_pass(scope):
        if row["village__name"]:
            label = f"{row['village__name']} ({row['village__parent__name']})"
            named[label] = named.get(label, 0) + row["n"]
        elif row["outside_city"]:
            outside += row["n"]
        else:
            unknown += row["n"]
    rows = [[label, n] for label, n in named.items()]
    rows += [[_("Outside the city"), outside], [_("Not given"), unknown]]
    return Table("reports_by_kelurahan", _("Reports by kelurahan"), [_("Kelurahan (kecamatan)"), REPORTS], rows)


@table("reports_by_sex")
def reports_by_sex(scope: Scope) -> Table:
    groups = kelurahan_pass(scope)
    rows = [[sex.label, _total(groups, f"sex:{sex.value}")] for sex in (Sex.FEMALE, Sex.MALE, Sex.UNKNOWN)]
    return Table("reports_by_sex", _("Reports by sex of the person concerned"), [_("Sex"), REPORTS], rows)


@table("reports_by_age")
def reports_by_age(scope: Scope) -> Table:
    groups = kelurahan_pass(scope)
    rows = [[band.label, _total(groups, f"age:{band.value}")] for band in AgeBand]
    return Table(
        "reports_by_age",
        _("Reports by age of the person concerned (SIMFONI-PPA bands)"),
        [_("Age"), REPORTS],
        rows,
    )


@table("queue_split")
def queue_split(scope: Scope) -> Table:
    groups = reports_pass(scope)
    rows = []
    for queue in Queue:
        mine = [g for g in groups if g["queue"] == queue.value]
        violence = sum(g["n"] for g in mine if g["codes"] & VIOLENCE_CODES)
        rows.append([queue.label, _total(mine, "n"), violence, _total(mine, "high")])
    return Table(
        "queue_split",
        _("Reports by queue (LP-PAR or Puspaga)"),
        [_("Queue"), REPORTS, _("Naming violence"), _("High risk")],
        rows,
        note=_("The queue is where the report is now, after any hand-over."),
    )


VIOLENCE_CODES = frozenset(str(code.value) for code in VIOLENCE_CATEGORIES)


@table("escalations")
def escalations(scope: Scope) -> Table:
    period = scope.period
    moves = dict(
        ((row["from_queue"], row["to_queue"]), row["n"])
        for row in RoutingDecision.objects.filter(at__gte=period.start_at, at__lt=period.end_at)
        .exclude(from_queue="")
        .exclude(from_queue=F("to_queue"))
        .filter(Q(from_queue__in=scope.queues) | Q(to_queue__in=scope.queues))
        .values("from_queue", "to_queue")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        [_("Puspaga → LP-PAR (escalated)"), moves.get((Queue.PUSPAGA.value, Queue.LPPAR.value), 0)],
        [_("LP-PAR → Puspaga (handed over)"), moves.get((Queue.LPPAR.value, Queue.PUSPAGA.value), 0)],
    ]
    return Table(
        "escalations",
        _("Reports moved between LP-PAR and Puspaga"),
        [_("Direction"), _("Moves")],
        rows,
        note=_("Every move counts, in the period in which staff made it."),
    )


def response_clocks() -> dict[str, timedelta]:
    """How long staff have to answer a report of each risk, as measured here."""
    start = timezone.now()
    clocks = {risk: triage.response_due(risk=risk, start=start) - start for risk in Risk.values}
    clocks[Risk.HIGH] = max(clocks[Risk.HIGH], HIGH_RISK_MEASURED_WITHIN)
    return clocks


def _clock_label(clock: timedelta) -> str:
    hours = int(clock.total_seconds() // 3600)
    if hours % 24 == 0 and hours >= 24:
        return str(_("%(days)s days") % {"days": hours // 24})
    return str(_("%(hours)s hours") % {"hours": hours}) if hours != 1 else str(_("1 hour"))


@table("response_time")
def response_time(scope: Scope) -> Table:
    """Grouped by the risk the report arrived with: the clock staff were under when
    they first acted (a later change of risk does not move it)."""
    clocks = response_clocks()
    groups = kelurahan_pass(scope)
    by_risk = {risk: {name: _total(groups, f"clock:{risk}:{name}") for name in CLOCK_FIGURES} for risk in Risk.values}
    rows = []
    for risk in Risk:
        found = by_risk.get(risk.value, {})
        in_time, late, overdue = found.get("in_time", 0), found.get("late", 0), found.get("waiting_overdue", 0)
        rows.append(
            [
                f"{risk.label} ({_clock_label(clocks[risk.value])})",
                found.get("n", 0),
                in_time,
                late,
                overdue,
                found.get("waiting", 0),
                _percent(in_time, in_time + late + overdue),
            ]
        )
    return Table(
        "response_time",
        _("Response time by risk level"),
        [
            _("Risk on arrival (clock)"),
            REPORTS,
            _("Answered in time"),
            _("Answered late"),
            _("Not answered, overdue"),
            _("Not answered, clock running"),
            _("% in time"),
        ],
        rows,
        chart_column=6,
        note=_(
            "Answered: first routed by staff (or recorded by staff), a case or a consultation opened from it, or "
            "closed by intake, whichever came first. The clock is that of the risk the report arrived with and "
            "runs from its receipt; a high-risk report is due immediately and counts as in time within the first hour. The percentage leaves out "
            "reports whose clock is still running."
        ),
    )


@table("tpks_clock")
def tpks_clock(scope: Scope) -> Table:
    groups = kelurahan_pass(scope)
    counts = {name: _total(groups, f"tpks:{name}") for name in ("started", "in_time", "late", "overdue", "running")}
    rows = [
        [_("Police report made within 72 hours"), counts["in_time"]],
        [_("Police report made late"), counts["late"]],
        [_("Not made, overdue"), counts["overdue"]],
        [_("Not made, clock running"), counts["running"]],
    ]
    decided = counts["in_time"] + counts["late"] + counts["overdue"]
    return Table(
        "tpks_clock",
        _("UU TPKS clock: police report within 3×24 hours (Pasal 41)"),
        [_("Outcome"), REPORTS],
        rows,
        note=_("%(started)s sexual-violence reports started the clock; %(percent)s%% of those due were in time.")
        % {"started": counts["started"], "percent": _percent(counts["in_time"], decided) if decided else "–"},
    )


@table("open_work")
def open_work(scope: Scope) -> Table:
    """Work open now (not tied to the period): what is waiting, and what is late."""
    now, today = scope.now, timezone.localdate()
    reports = (
        Report.objects.filter(unit_id__in=scope.unit_ids)
        .exclude(status=ReportStatus.CLOSED)
        .aggregate(
            waiting=Count("pk", filter=Q(answered_at__isnull=True)),
            waiting_overdue=Count("pk", filter=Q(answered_at__isnull=True, response_due_at__lt=now)),
            handled=Count("pk", filter=Q(answered_at__isnull=False)),
            tpks=Count("pk", filter=Q(tpks_police_due_at__isnull=False, tpks_police_done_at__isnull=True)),
            tpks_overdue=Count("pk", filter=Q(tpks_police_due_at__lt=now, tpks_police_done_at__isnull=True)),
        )
    )
    rows = [
        [_("Reports not yet answered"), reports["waiting"], reports["waiting_overdue"]],
        [_("Reports answered, not closed"), reports["handled"], None],
        [_("Police reports due (UU TPKS)"), reports["tpks"], reports["tpks_overdue"]],
    ]
    if scope.handles_cases:
        cases = (
            CaseRecord.objects.filter(unit_id__in=scope.unit_ids)
            .exclude(status=CaseStatus.CLOSED)
            .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(next_due_at__lt=now)))
        )
        referrals = Referral.objects.filter(
            case__unit_id__in=scope.unit_ids, status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED]
        ).aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
        closures = ClosureRequest.objects.filter(
            case__unit_id__in=scope.unit_ids, decision=ClosureDecision.PENDING
        ).count()
        rows += [
            [_("Open cases"), cases["open"], cases["overdue"]],
            [_("Referrals waiting for an outcome"), referrals["open"], referrals["overdue"]],
            [_("Closure requests waiting for the head"), closures, None],
        ]
    return Table(
        "open_work",
        _("Open and overdue work (now)"),
        [_("Work"), _("Open"), _("Overdue")],
        rows,
        note=_("These figures are as of now, whatever the period chosen."),
    )


def _cases(scope: Scope) -> QuerySet[CaseRecord]:
    period = scope.period
    return CaseRecord.objects.filter(
        unit_id__in=scope.unit_ids, opened_at__gte=period.start_at, opened_at__lt=period.end_at
    )


@table("case_flow")
def case_flow(scope: Scope) -> Table:
    period = scope.period
    in_period = {"gte": period.start_at, "lt": period.end_at}
    duration = ExpressionWrapper(F("closed_at") - F("opened_at"), output_field=DurationField())
    closed_in_period = Q(closed_at__gte=in_period["gte"], closed_at__lt=in_period["lt"])
    counts = CaseRecord.objects.filter(unit_id__in=scope.unit_ids).aggregate(
        opened=Count("pk", filter=Q(opened_at__gte=in_period["gte"], opened_at__lt=in_period["lt"])),
        closed=Count("pk", filter=closed_in_period),
        days_open=Avg(duration, filter=closed_in_period),
    )
    reopened = StatusChange.objects.filter(
        case__unit_id__in=scope.unit_ids,
        from_status=CaseStatus.CLOSED,
        at__gte=in_period["gte"],
        at__lt=in_period["lt"],
    ).count()
    days = counts["days_open"]
    rows = [
        [_("Cases opened"), counts["opened"]],
        [_("Cases closed"), counts["closed"]],
        [_("Cases reopened"), reopened],
    ]
    return Table(
        "case_flow",
        _("Cases opened, closed and reopened"),
        [_("Event"), _("Cases")],
        rows,
        note=_("Cases closed in the period were open for %(days)s days on average.")
        % {"days": round(days.total_seconds() / 86400, 1) if days is not None else "–"},
    )


@table("cases_by_status")
def cases_by_status(scope: Scope) -> Table:
    counts = _counts(_cases(scope), "status")
    rows = [[status.label, counts.get(status.value, 0)] for status in CaseStatus]
    return Table(
        "cases_by_status",
        _("Cases opened in the period, by status now"),
        [_("Status"), _("Cases")],
        rows,
    )


@table("victims_by_violence")
def victims_by_violence(scope: Scope) -> Table:
    period = scope.period
    victims = Victim.objects.filter(
        case__unit_id__in=scope.unit_ids, case__opened_at__gte=period.start_at, case__opened_at__lt=period.end_at
    )
    # Grouped by the list of forms and counted here, as the report categories are: the
    # database reads each list once instead of matching its text once per form.
    groups = [
        (_codes(row["violence_forms"]), row["n"])
        for row in victims.values("violence_forms").annotate(n=Count("pk")).order_by()
    ]
    rows = [[form.label, sum(n for codes, n in groups if form.value in codes)] for form in ViolenceForm]
    return Table(
        "victims_by_violence",
        _("Victims by form of violence (SIMFONI-PPA)"),
        [_("Form of violence"), _("Victims")],
        rows,
        note=_("Victims on cases opened in the period. A victim may have suffered more than one form."),
    )


@table("services_by_type")
def services_by_type(scope: Scope) -> Table:
    period = scope.period
    grouped = {
        row["service_type"]: row
        for row in ServiceDelivery.objects.filter(
            case__unit_id__in=scope.unit_ids, delivered_on__gte=period.start, delivered_on__lte=period.end
        )
        .values("service_type")
        .annotate(n=Count("pk"), victims=Count("victim", distinct=True))
        .order_by()
    }
    rows = []
    for service in ServiceType:
        found = grouped.get(service.value, {})
        rows.append([service.label, found.get("n", 0), found.get("victims", 0)])
    return Table(
        "services_by_type",
        _("Services delivered, by SIMFONI-PPA type"),
        [_("Service"), _("Services"), _("Victims served")],
        rows,
    )


@table("referrals_by_status")
def referrals_by_status(scope: Scope) -> Table:
    period = scope.period
    counts = _counts(
        Referral.objects.filter(
            case__unit_id__in=scope.unit_ids, sent_at__gte=period.start_at, sent_at__lt=period.end_at
        ),
        "status",
    )
    rows = [[status.label, counts.get(status.value, 0)] for status in ReferralStatus]
    return Table(
        "referrals_by_status",
        _("Referrals sent in the period, by outcome so far"),
        [_("Outcome"), _("Referrals")],
        rows,
    )


# --- Puspaga: counselling, classes and cadres -------------------------------------


@table("consultations_by_kind")
def consultations_by_kind(scope: Scope) -> Table:
    period = scope.period
    grouped = {
        row["kind"]: row
        for row in Consultation.objects.filter(
            unit_id__in=scope.unit_ids, opened_at__gte=period.start_at, opened_at__lt=period.end_at
        )
        .values("kind")
        .annotate(n=Count("pk"), closed=Count("pk", filter=Q(status=ConsultationStatus.CLOSED)))
        .order_by()
    }
    rows = []
    for kind in ConsultationKind:
        found = grouped.get(kind.value, {})
        rows.append([kind.label, found.get("n", 0), found.get("closed", 0)])
    return Table(
        "consultations_by_kind",
        _("Consultations opened, by kind"),
        [_("Kind"), _("Opened"), _("Closed since")],
        rows,
    )


@table("consultations_by_outcome")
def consultations_by_outcome(scope: Scope) -> Table:
    period = scope.period
    counts = _counts(
        Consultation.objects.filter(
            unit_id__in=scope.unit_ids, closed_at__gte=period.start_at, closed_at__lt=period.end_at
        ),
        "closure_reason",
    )
    rows = [[reason.label, counts.get(reason.value, 0)] for reason in ClosureReason]
    return Table(
        "consultations_by_outcome",
        _("Consultations closed, by outcome"),
        [_("Outcome"), _("Consultations")],
        rows,
    )


@table("document_help")
def document_help(scope: Scope) -> Table:
    period = scope.period
    in_hand_in_period = Q(status=DocumentStatus.IN_HAND, updated_at__gte=period.start_at, updated_at__lt=period.end_at)
    still_open = [DocumentStatus.NEEDED, DocumentStatus.IN_PROGRESS, DocumentStatus.SUBMITTED]
    grouped = {
        row["document"]: row
        for row in DocumentHelp.objects.filter(consultation__unit_id__in=scope.unit_ids)
        .values("document")
        .annotate(done=Count("pk", filter=in_hand_in_period), open=Count("pk", filter=Q(status__in=still_open)))
        .order_by()
    }
    rows = []
    for document in DocumentType:
        found = grouped.get(document.value, {})
        rows.append([document.label, found.get("done", 0), found.get("open", 0)])
    return Table(
        "document_help",
        _("Help with documents"),
        [_("Document"), _("In hand in the period"), _("Still being arranged (now)")],
        rows,
    )


def _ended_cohorts(scope: Scope):
    """Cohorts of the scope whose last session ended in the period."""
    period = scope.period
    last_end = (
        ClassSession.objects.filter(cohort=OuterRef("pk")).values("cohort").annotate(last=Max("ends_at")).values("last")
    )
    return (
        Cohort.objects.filter(unit_id__in=scope.unit_ids)
        .alias(last_end=Subquery(last_end[:1]))
        .filter(last_end__gte=period.start_at, last_end__lt=period.end_at)
    )


@table("class_registrations")
def class_registrations(scope: Scope) -> Table:
    period = scope.period
    grouped = {
        row["cohort__program__kind"]: row
        for row in Registration.objects.filter(
            unit_id__in=scope.unit_ids, registered_at__gte=period.start_at, registered_at__lt=period.end_at
        )
        .values("cohort__program__kind")
        .annotate(
            n=Count("pk", distinct=True),
            people=Count("participants", distinct=True),
            enrolled=Count("pk", distinct=True, filter=Q(status=RegistrationStatus.ENROLLED)),
            waiting=Count("pk", distinct=True, filter=Q(status=RegistrationStatus.WAITING)),
            cancelled=Count("pk", distinct=True, filter=Q(status=RegistrationStatus.CANCELLED)),
        )
        .order_by()
    }
    rows = []
    for kind in ProgramKind:
        found = grouped.get(kind.value, {})
        rows.append([kind.label, *(found.get(name, 0) for name in ("n", "people", "enrolled", "waiting", "cancelled"))])
    return Table(
        "class_registrations",
        _("Class registrations, by program"),
        [_("Program"), _("Registrations"), _("People"), _("With a place"), _("Waiting list"), _("Cancelled")],
        rows,
        note=_("A couple registers once, as two people."),
    )


@table("class_completion")
def class_completion(scope: Scope) -> Table:
    """Participants with a place in cohorts that ended in the period: how many completed
    (the program's attendance share, and the post-test when it asks for one), and their
    average pre- and post-test scores (of those who took both)."""
    cohorts = _ended_cohorts(scope)
    attended = (
        Attendance.objects.filter(participant=OuterRef("pk")).values("participant").annotate(n=Count("pk")).values("n")
    )
    sessions = (
        ClassSession.objects.filter(cohort=OuterRef("registration__cohort"))
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    program = "registration__cohort__program__"
    completion = {
        row[f"{program}kind"]: row
        for row in Participant.objects.filter(
            registration__cohort__in=cohorts, registration__status=RegistrationStatus.ENROLLED
        )
        .alias(
            attended_x100=Coalesce(Subquery(attended[:1]), 0) * 100,
            needed=Coalesce(Subquery(sessions[:1]), 0) * F(f"{program}min_attendance_percent"),
            has_post=Exists(QuizAttempt.objects.filter(participant=OuterRef("pk"), kind=QuizKind.POST)),
        )
        .values(f"{program}kind")
        .annotate(
            n=Count("pk"),
            done=Count(
                "pk",
                filter=Q(needed__gt=0, attended_x100__gte=F("needed"))
                & (Q(**{f"{program}requires_post_test": False}) | Q(has_post=True)),
            ),
        )
        .order_by()
    }
    took_both = Participant.objects.filter(attempts__kind=QuizKind.PRE).filter(attempts__kind=QuizKind.POST)
    learning = {
        row["participant__registration__cohort__program__kind"]: row
        for row in QuizAttempt.objects.filter(
            participant__in=took_both.values("pk"), participant__registration__cohort__in=cohorts
        )
        .values("participant__registration__cohort__program__kind")
        .annotate(
            pre=Avg("percent", filter=Q(kind=QuizKind.PRE)),
            post=Avg("percent", filter=Q(kind=QuizKind.POST)),
        )
        .order_by()
    }
    rows = []
    for kind in ProgramKind:
        done = completion.get(kind.value, {})
        scores = learning.get(kind.value, {})
        pre, post = scores.get("pre"), scores.get("post")
        rows.append(
            [
                kind.label,
                done.get("n", 0),
                done.get("done", 0),
                _percent(done.get("done", 0), done.get("n", 0)),
                round(float(pre), 1) if pre is not None else None,
                round(float(post), 1) if post is not None else None,
                round(float(post) - float(pre), 1) if pre is not None and post is not None else None,
            ]
        )
    return Table(
        "class_completion",
        _("Class completion and learning gain, by program"),
        [
            _("Program"),
            _("Participants"),
            _("Completed"),
            _("% completed"),
            _("Pre-test (%)"),
            _("Post-test (%)"),
            _("Gain (points)"),
        ],
        rows,
        chart_column=3,
        note=_(
            "Cohorts whose last session ended in the period; participants with a place. Test scores are the "
            "averages of the participants who took both tests."
        ),
    )


@table("cadre_outreach")
def cadre_outreach(scope: Scope) -> Table:
    period = scope.period
    sessions = (
        OutreachActivity.objects.filter(unit_id__in=scope.unit_ids, held_on__gte=period.start, held_on__lte=period.end)
        .values("village__name", "village__parent__name")
        .annotate(
            sessions=Count("pk", distinct=True),
            people=Coalesce(Sum("headcounts__count"), 0),
            cadres=Count("cadre", distinct=True),
        )
        .order_by()
    )
    active = (
        Cadre.objects.filter(unit_id__in=scope.unit_ids, status=CadreStatus.ACTIVE)
        .values("village__name", "village__parent__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_village: dict[tuple, list] = {}
    for row in active:
        by_village.setdefault((row["village__parent__name"], row["village__name"]), [0, 0, 0])[0] = row["n"]
    for row in sessions:
        figures = by_village.setdefault((row["village__parent__name"], row["village__name"]), [0, 0, 0])
        figures[1], figures[2] = row["sessions"], row["people"]
    rows = [[f"{village} ({district})", *figures] for (district, village), figures in sorted(by_village.items())]
    return Table(
        "cadre_outreach",
        _("Cadre outreach by kelurahan"),
        [_("Kelurahan (kecamatan)"), _("Active cadres (now)"), _("Outreach sessions"), _("People reached")],
        rows,
        chart_column=3,
        note=_("Kelurahan with an active cadre or an outreach session in the period."),
    )


@dataclass(frozen=True)
class IkmFigures:
    respondents: int
    nrr: dict[str, Fraction]
    value: Decimal | None
    grade: str
    performance: str


def ikm_figures(scope: Scope) -> IkmFigures:
    """The IKM (PermenPANRB 14/2017) from one aggregate: NRR per element = Σ scores ÷
    answers, IKM = mean NRR × 25, rounded and graded as in counseling/ikm.py."""
    period = scope.period
    codes = [code.lower() for code in ikm.CODES]
    sums = SurveyResponse.objects.filter(
        unit_id__in=scope.unit_ids, period__gte=period.start.replace(day=1), period__lte=period.end
    ).aggregate(n=Count("pk"), **{code: Sum(code) for code in codes})
    respondents = sums["n"]
    if not respondents:
        return IkmFigures(0, {}, None, "", "")
    nrr = {code: Fraction(sums[code], respondents) for code in codes}
    value = ikm.round_half_up(sum((nrr[code] * ikm.WEIGHT for code in codes), Fraction(0)) * ikm.MULTIPLIER)
    grade, performance = ikm.grade_for(value)
    return IkmFigures(respondents, nrr, value, grade, performance)


@table("ikm")
def ikm_table(scope: Scope) -> Table:
    figures = ikm_figures(scope)
    rows = [
        [
            f"{element.code}. {element.name}",
            float(ikm.round_half_up(figures.nrr[element.code.lower()], 2)) if figures.respondents else None,
        ]
        for element in ikm.ELEMENTS
    ]
    if figures.respondents:
        note = _("IKM %(value)s, grade %(grade)s (%(performance)s), from %(n)s respondents.") % {
            "value": figures.value,
            "grade": figures.grade,
            "performance": figures.performance,
            "n": figures.respondents,
        }
    else:
        note = _("No survey answers in this period.")
    return Table(
        "ikm",
        _("Satisfaction survey (IKM): mean score per element"),
        [_("Element"), _("NRR (1 to 4)")],
        rows,
        note=note,
    )


# --- The dashboard's sections ------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    tables: tuple[str, ...]
    shown: Callable[[Scope], bool] = lambda scope: True


SECTIONS = [
    Section(
        "reports",
        _("Reports received"),
        (
            "reports_by_category",
            "reports_by_month",
            "reports_by_channel",
            "reports_by_kelurahan",
            "reports_by_sex",
            "reports_by_age",
        ),
    ),
    Section("queues", _("LP-PAR and Puspaga"), ("queue_split", "escalations")),
    Section("clocks", _("Clocks"), ("response_time", "tpks_clock")),
    Section("work", _("Open work"), ("open_work",)),
    Section(
        "cases",
        _("Cases (LP-PAR)"),
        ("case_flow", "cases_by_status", "victims_by_violence", "services_by_type", "referrals_by_status"),
        lambda scope: scope.handles_cases,
    ),
    Section(
        "counselling",
        _("Counselling (Puspaga)"),
        ("consultations_by_kind", "consultations_by_outcome", "document_help", "ikm"),
        lambda scope: scope.does_prevention,
    ),
    Section(
        "classes",
        _("Classes and cadres (Puspaga)"),
        ("class_registrations", "class_completion", "cadre_outreach"),
        lambda scope: scope.does_prevention,
    ),
]


def sections_for(scope: Scope) -> list[Section]:
    return [section for section in SECTIONS if section.shown(scope)]


def table_keys_for(scope: Scope) -> list[str]:
    return [key for section in sections_for(scope) for key in section.tables]


def dashboard_tables(scope: Scope) -> list[tuple[Section, list[Table]]]:
    return [(section, [TABLES[key](scope) for key in section.tables]) for section in sections_for(scope)]


# The scheduled monthly reports, stored encrypted (services.monthly_report_store).
MONTHLY_REPORT_FOLDER = "reporting/monthly"
# Only what monthly_report_name writes: a month 01–12 of a year from 2000, as MonthForm takes.
_STORED_MONTH = re.compile(r"(2[0-9]{3})-(0[1-9]|1[0-2])\.pdf\.enc")


def month_key(year: int, month: int) -> str:
    """YYYY-MM: a monthly report's name in the storage, its URL and the access log."""
    return f"{year:04d}-{month:02d}"


def monthly_report_name(unit: OrgUnit, year: int, month: int) -> str:
    return f"{MONTHLY_REPORT_FOLDER}/{unit.code}/{month_key(year, month)}.pdf.enc"


def monthly_report_read(unit: OrgUnit, year: int, month: int) -> bytes | None:
    """The stored report, decrypted, or None when none was made."""
    name = monthly_report_name(unit, year, month)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return fernet().decrypt(handle.read())


@dataclass(frozen=True)
class StoredMonthlyReport:
    unit: OrgUnit
    year: int
    month: int

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def period(self) -> str:
        """YYYY-MM, as the download's URL has it."""
        return month_key(self.year, self.month)


def stored_monthly_reports_for_user(user: User) -> list[StoredMonthlyReport]:
    """The stored monthly reports of the units whose figures `user` exports (403 for
    other roles), unit by unit, the newest month first. The units are read once; then
    the storage is listed once per unit (one request each on an object store). Other
    files in the folders are left out."""
    stored = []
    for unit in figure_units_for_user(user, ROLES_EXPORTING_FIGURES):
        try:
            _folders, files = default_storage.listdir(f"{MONTHLY_REPORT_FOLDER}/{unit.code}")
        except FileNotFoundError:
            continue  # nothing stored for the unit yet
        months = sorted(
            ((int(match[1]), int(match[2])) for name in files if (match := _STORED_MONTH.fullmatch(name))), reverse=True
        )
        stored.extend(StoredMonthlyReport(unit=unit, year=year, month=month) for year, month in months)
    return stored


def stored_monthly_report_get_for_user(user: User, unit_code: str, year: int, month: int) -> tuple[OrgUnit, bytes]:
    """A stored report of one of the units whose figures `user` exports (403 for other
    roles). A unit outside theirs and a month with no stored report are both 404."""
    unit = figure_units_for_user(user, ROLES_EXPORTING_FIGURES).filter(code=unit_code).first()
    content = monthly_report_read(unit, year, month) if unit is not None else None
    if content is None:
        raise Http404
    return unit, content
