"""Reads for case handling. The gates:

- the head sees the unit's cases (and the units' below), except restricted ones;
- a case manager sees the cases assigned to them, and the unit's unrestricted cases
  when the unit is configured so (OrgUnit.case_managers_see_unit_cases);
- a restricted case is seen only by the people named on it (and its case manager);
- nobody else: Puspaga staff, intake officers, analysts, administrators, other cities.

Missing and forbidden answer alike (404). Only the assigned case manager, the head and
the people named on a restricted case may change a case; others who can see it get 403.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sigap.accounts.choices import ROLES_HANDLING_CASES, Role
from sigap.accounts.models import User
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import record
from sigap.cases.choices import (
    CaseStatus,
    ClosureDecision,
    LegalEventKind,
    LegalStage,
    NoteConfidentiality,
    ReferralStatus,
    ServiceType,
)
from sigap.cases.models import Case, CaseNote, CaseSearchTerm, LegalEvent, Referral, Victim, VictimPerpetrator
from sigap.cases.search import query_terms
from sigap.intake.choices import Risk


def _named(user: User):
    return Exists(Case.restricted_to.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk))


def _visible(user: User) -> QuerySet[Case]:
    heads = units_for_roles(user, [Role.HEAD])
    managers = units_for_roles(user, [Role.CASE_MANAGER])
    case_units = units_for_roles(user, ROLES_HANDLING_CASES)
    visible = Q(unit__in=heads, restricted=False)
    visible |= Q(unit__in=managers, assigned_to=user)
    visible |= Q(unit__in=managers.filter(case_managers_see_unit_cases=True), restricted=False)
    visible |= Q(_named(user), unit__in=case_units, restricted=True)
    return Case.objects.filter(visible)


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    risk: str = ""
    overdue: bool = False
    assigned_to: int | None = None
    violence_form: str = ""
    village: str = ""
    opened_from: date | None = None
    opened_until: date | None = None
    search: str = ""


def _visible_listing(user: User, *, status: str = "") -> QuerySet[Case]:
    """The cases `_visible` allows, written for long lists: the units and the restricted
    cases naming `user` are read first (two small queries), so each branch of the rule
    carries its own indexed conditions (and the status filter) and a branch the user
    has no part in drops out. With `_visible`'s subqueries PostgreSQL read every case of
    a status to filter it: 120 ms for a case manager's list at 1,000,000 reports."""
    units = list(units_for_roles(user, ROLES_HANDLING_CASES).values_list("pk", "path", "case_managers_see_unit_cases"))

    def unit_ids(roles, *, seeing_unit_cases: bool = False) -> list[int]:
        paths = [path for role, path in user.role_paths() if role in roles]
        return [
            pk for pk, path, sees in units if any(path.startswith(p) for p in paths) and (sees or not seeing_unit_cases)
        ]

    managed_units = unit_ids([Role.CASE_MANAGER])
    # Only the names the other branches do not already cover: a restricted case names its
    # own manager too, and a list of thousands of ids costs more to send than to search.
    named = list(
        Case.restricted_to.through.objects.filter(
            user_id=user.pk, case__restricted=True, **({"case__status": status} if status else {})
        )
        .exclude(case__assigned_to=user, case__unit__in=managed_units)
        .values_list("case_id", flat=True)
    )
    branches = [
        Q(unit__in=unit_ids([Role.HEAD]), restricted=False),
        Q(unit__in=managed_units, assigned_to=user),
        Q(unit__in=unit_ids([Role.CASE_MANAGER], seeing_unit_cases=True), restricted=False),
        Q(pk__in=named, unit__in=unit_ids(ROLES_HANDLING_CASES), restricted=True),
    ]
    visible = Q()
    for branch in branches:
        visible |= branch & Q(status=status) if status else branch
    return Case.objects.filter(visible)


# Words beyond this many are left out of a search (each word is one probe per case).
SEARCH_MAX_WORDS = 10


def case_list_for_user(user: User, filters: CaseFilters = CaseFilters()) -> QuerySet[Case]:
    if not has_role(user, ROLES_HANDLING_CASES):
        raise PermissionDenied
    cases = _visible_listing(user, status=filters.status).select_related("assigned_to", "village", "unit")
    if filters.risk:
        cases = cases.filter(risk=filters.risk)
    if filters.overdue:
        cases = cases.exclude(status=CaseStatus.CLOSED).filter(next_due_at__lt=timezone.now())
    if filters.assigned_to:
        cases = cases.filter(assigned_to_id=filters.assigned_to)
    if filters.violence_form:
        # A quoted code matches one element of the JSON list, on SQLite and PostgreSQL alike.
        cases = cases.filter(
            Exists(
                Victim.objects.filter(case_id=OuterRef("pk"), violence_forms__icontains=f'"{filters.violence_form}"')
            )
        )
    if filters.village:
        cases = cases.filter(village_id=filters.village)
    if filters.opened_from:
        cases = cases.filter(opened_at__date__gte=filters.opened_from)
    if filters.opened_until:
        cases = cases.filter(opened_at__date__lte=filters.opened_until)
    if filters.search:
        cases = _matching(cases, query_terms(filters.search, max_words=SEARCH_MAX_WORDS))
    return cases.defer("summary", "incident_address")


def _matching(cases: QuerySet[Case], words: list[list[str]]) -> QuerySet[Case]:
    """The cases holding every term (the words of a search, the first SEARCH_MAX_WORDS
    only): one `EXISTS` per term, probed on the cases the user may see as the list walks
    them. The statement never starts from the term index: the index holds the words of
    every case, also of other units and of restricted cases, and a statement that read
    it first (counting a word's cases, or answering at once when a word has none) would
    take more or less time depending on words the user may not read. The price: a word
    no visible case holds makes the database walk every visible case (0.6 s for a head
    at 1,000,000 reports). PostgreSQL's planner may still turn an EXISTS into a join
    driven from the index (it does for the benchmark's two-word search at 100,000
    reports): docs/architecture.md, "Search", gives what was measured and tried."""
    for terms in words:  # a word's hashes under the current and old lookup keys
        cases = cases.filter(Exists(CaseSearchTerm.objects.filter(case_id=OuterRef("pk"), term__in=terms)))
    return cases


def case_get_for_user(user: User, pk: int, *, write: bool = False, ip: str | None = None, log: bool = True) -> Case:
    """One case, if `user` may see it (404 otherwise); with write=True, 403 for those
    who may see it but not change it. Each read is logged."""
    if not has_role(user, ROLES_HANDLING_CASES):
        raise Http404
    case = _visible(user).select_related("unit", "assigned_to", "village__parent", "report").filter(pk=pk).first()
    if case is None:
        raise Http404
    if write and not can_change(user, case):
        raise PermissionDenied
    if log:
        record(actor=user, action="view", target=case, unit=case.unit, ip=ip)
    return case


def can_change(user: User, case: Case) -> bool:
    if case.assigned_to_id == user.pk:
        return True
    if case.restricted:
        return case.restricted_to.filter(pk=user.pk).exists()
    return units_for_roles(user, [Role.HEAD]).filter(pk=case.unit_id).exists()


def is_head_of(user: User, case: Case) -> bool:
    return units_for_roles(user, [Role.HEAD]).filter(pk=case.unit_id).exists()


def notes_for_user(user: User, case: Case, *, is_head: bool | None = None) -> QuerySet[CaseNote]:
    """The notes of a case this user may read: team notes; notes for the assigned staff
    if they are assigned (or named); head-only notes if they head the unit. Authors
    always read their own. `is_head` saves a query when the caller already knows it."""
    readable = Q(confidentiality=NoteConfidentiality.TEAM) | Q(author=user)
    if case.assigned_to_id == user.pk or (case.restricted and case.restricted_to.filter(pk=user.pk).exists()):
        readable |= Q(confidentiality=NoteConfidentiality.ASSIGNED)
    if is_head_of(user, case) if is_head is None else is_head:
        readable |= Q(confidentiality=NoteConfidentiality.HEAD)
    return case.notes.filter(readable).select_related("author")


@dataclass(frozen=True)
class CaseSections:
    """What the case page shows, each kind of thing read once (one query each)."""

    victims: list
    perpetrators: list
    assessments: list
    goals: list
    services: list
    consents: list
    referrals: list
    legal_events: list
    notes: list
    attachments: list
    closure_requests: list
    status_changes: list

    @property
    def legal_steps(self) -> list:
        return sorted((s for p in self.perpetrators for s in p.legal_steps.all()), key=lambda s: (s.on, s.pk))


def case_sections(user: User, case: Case, *, is_head: bool | None = None) -> CaseSections:
    """The sections of a case page, for a user who may see the case (the gate has run)."""
    return CaseSections(
        # Each victim's perpetrators in one query (a join), not one per level of the path.
        victims=list(
            case.victims.select_related("person").prefetch_related(
                Prefetch("relations", VictimPerpetrator.objects.select_related("perpetrator__person").order_by("id"))
            )
        ),
        perpetrators=list(case.perpetrators.select_related("person").prefetch_related("legal_steps")),
        assessments=list(case.assessments.select_related("author")),
        goals=list(case.goals.all()),
        services=list(case.services.select_related("victim__person")),
        consents=list(case.consents.all()),
        referrals=list(case.referrals.select_related("partner", "victim__person")),
        legal_events=list(case.legal_events.all()),
        notes=list(notes_for_user(user, case, is_head=is_head)),
        attachments=list(case.attachments.select_related("uploaded_by")),
        closure_requests=list(case.closure_requests.select_related("requested_by", "decided_by")),
        status_changes=list(case.status_changes.all()),
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    text: str


def case_timeline(user: User, case: Case, sections: CaseSections | None = None) -> list[TimelineEntry]:
    """Everything that happened on a case, oldest first, from the case page's sections
    (read here, one query per kind of thing, when the caller has not read them)."""
    if sections is None:
        sections = case_sections(user, case)
    entries: list[TimelineEntry] = []

    def add(items: Iterable, kind: str, when, text) -> None:
        entries.extend(TimelineEntry(at=_as_datetime(when(item)), kind=kind, text=text(item)) for item in items)

    status, risk = _display(CaseStatus.choices), _display(Risk.choices)
    service, referral = _display(ServiceType.choices), _display(ReferralStatus.choices)
    stage, kind = _display(LegalStage.choices), _display(LegalEventKind.choices)
    decision, confidentiality = _display(ClosureDecision.choices), _display(NoteConfidentiality.choices)
    add(
        sections.status_changes,
        "status",
        lambda c: c.at,
        lambda c: f"{status(c.from_status) or '–'} → {status(c.to_status)}",
    )
    add(sections.assessments, "assessment", lambda a: a.at, lambda a: risk(a.risk))
    add(sections.services, "service", lambda s: s.delivered_on, lambda s: f"{service(s.service_type)} · {s.provider}")
    add(sections.referrals, "referral", lambda r: r.sent_at, lambda r: f"{r.partner} · {referral(r.status)}")
    add(sections.legal_steps, "legal", lambda s: s.on, lambda s: f"{stage(s.stage)} · {s.institution}")
    add(sections.legal_events, "appointment", lambda e: e.at, lambda e: kind(e.kind))
    add(sections.closure_requests, "closure", lambda r: r.requested_at, lambda r: decision(r.decision))
    add(sections.notes, "note", lambda n: n.at, lambda n: confidentiality(n.confidentiality))
    return sorted(entries, key=lambda entry: entry.at)


def _display(choices) -> Callable[[str], str]:
    """get_FOO_display for many rows: the labels translated once (the model method
    rebuilds and hashes the whole choice list on every call)."""
    labels = {code: str(label) for code, label in choices}
    return lambda value: labels.get(value, value)


def _as_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, datetime.min.time()))


@dataclass(frozen=True)
class MyWork:
    cases: list
    overdue_cases: list
    overdue_referrals: list
    upcoming_appointments: list
    pending_closures: list
    team_load: list


def my_work_for_user(user: User) -> MyWork:
    """A case manager's (or head's) day: my cases, what is overdue, what is coming."""
    cases = case_list_for_user(user).exclude(status=CaseStatus.CLOSED)
    mine = cases.filter(assigned_to=user)
    now = timezone.now()
    referrals = Referral.objects.filter(
        case__in=mine, status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED], due_date__lt=timezone.localdate()
    ).select_related("case", "partner")
    appointments = LegalEvent.objects.filter(case__in=mine, at__gte=now).select_related("case")[:20]
    heads = units_for_roles(user, [Role.HEAD])
    pending = cases.filter(unit__in=heads, closure_requests__decision="pending").distinct()
    # The head's view of the team: open and overdue cases per case manager (one query).
    team_load = (
        Case.objects.filter(unit__in=heads, restricted=False)
        .exclude(status=CaseStatus.CLOSED)
        .values("assigned_to__username", "assigned_to__display_name")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(next_due_at__lt=now)))
        .order_by("-open", "assigned_to__username")
    )
    return MyWork(
        team_load=list(team_load),
        cases=list(mine[:50]),
        overdue_cases=list(mine.filter(next_due_at__lt=now)[:50]),
        overdue_referrals=list(referrals[:50]),
        upcoming_appointments=list(appointments),
        pending_closures=list(pending[:50]),
    )
