"""Reads for cadres, and their gates.

- The registry (cadres, their training and areas) is the head's: heads of the
  cadre's unit or a unit above it. A cadre may open their own record. Others: 403
  for the list, 404 for one.
- Outreach reports and referrals: the head sees the unit's; a cadre sees only their
  own. A referral shows its status and nothing of the report behind it.
- Coverage (aggregates only, no names): the head and the analyst.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.utils import timezone

from sigap.accounts.choices import (
    ROLES_DOING_OUTREACH,
    ROLES_MANAGING_CADRES,
    ROLES_READING_CADRE_COVERAGE,
)
from sigap.accounts.models import OrgUnit, User
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import record
from sigap.cadres.choices import CadreStatus
from sigap.cadres.models import Cadre, OutreachActivity, OutreachTopic, Referral
from sigap.classes.choices import ProgramKind
from sigap.classes.models import Certificate, Participant
from sigap.regions.choices import RegionLevel
from sigap.regions.selectors import village_list

READING_ROLES = ROLES_MANAGING_CADRES | ROLES_DOING_OUTREACH


def cadre_for_user(user: User) -> Cadre | None:
    """The cadre record behind a cadre's login, if any."""
    if not has_role(user, ROLES_DOING_OUTREACH):
        return None
    return Cadre.objects.filter(user=user, unit__in=units_for_roles(user, ROLES_DOING_OUTREACH)).first()


def _own_or_unit(user: User) -> Q:
    """Rows of the head's units, or the user's own as a cadre."""
    unit_wide = Q(unit__in=units_for_roles(user, ROLES_MANAGING_CADRES))
    own = Q(unit__in=units_for_roles(user, ROLES_DOING_OUTREACH), cadre__user=user)
    return unit_wide | own


def cadre_list_for_user(user: User) -> QuerySet[Cadre]:
    if not has_role(user, ROLES_MANAGING_CADRES):
        raise PermissionDenied
    return (
        Cadre.objects.filter(unit__in=units_for_roles(user, ROLES_MANAGING_CADRES))
        .select_related("person", "village__parent", "user")
        .annotate(outreach_count=Count("outreach", distinct=True), referral_count=Count("referrals", distinct=True))
        .order_by("person__full_name", "pk")
    )


def cadre_get_for_user(user: User, pk: int, *, manage: bool = False, ip: str | None = None) -> Cadre:
    if not has_role(user, READING_ROLES):
        raise Http404
    unit_wide = Q(unit__in=units_for_roles(user, ROLES_MANAGING_CADRES))
    own = Q(unit__in=units_for_roles(user, ROLES_DOING_OUTREACH), user=user)
    cadre = Cadre.objects.filter(unit_wide | own, pk=pk).select_related("person", "village", "user", "unit").first()
    if cadre is None:
        raise Http404
    if manage and not units_for_roles(user, ROLES_MANAGING_CADRES).filter(pk=cadre.unit_id).exists():
        raise PermissionDenied
    record(actor=user, action="view", target=cadre, unit=cadre.unit, ip=ip)
    return cadre


def training_history(cadre: Cadre) -> QuerySet[Participant]:
    """The classes the cadre's person record took part in, with certificates."""
    return (
        Participant.objects.filter(person=cadre.person_id)
        .select_related("registration__cohort__program", "certificate")
        .annotate(attended=Count("attendances"))
        .order_by("-registration__registered_at")
    )


def eligible_certificates_for_user(user: User) -> QuerySet[Certificate]:
    """Valid Kelas Kader certificates, in the head's units, of people not yet cadres."""
    if not has_role(user, ROLES_MANAGING_CADRES):
        raise PermissionDenied
    return (
        Certificate.objects.filter(
            revoked_at__isnull=True,
            participant__registration__cohort__program__kind=ProgramKind.CADRE,
            participant__registration__unit__in=units_for_roles(user, ROLES_MANAGING_CADRES),
        )
        .exclude(participant__person__in=Cadre.objects.values("person"))
        .select_related("participant__person", "participant__registration__cohort__program")
        .order_by("participant__person__full_name")
    )


def outreach_list_for_user(user: User) -> QuerySet[OutreachActivity]:
    if not has_role(user, READING_ROLES):
        raise PermissionDenied
    return (
        OutreachActivity.objects.filter(_own_or_unit(user))
        .select_related("cadre__person", "topic", "village")
        .annotate(participants=Coalesce(Sum("headcounts__count"), 0))
        .defer("notes")
        .order_by("-held_on", "-pk")
    )


def outreach_get_for_user(user: User, pk: int, *, ip: str | None = None) -> OutreachActivity:
    if not has_role(user, READING_ROLES):
        raise Http404
    activity = (
        OutreachActivity.objects.filter(_own_or_unit(user), pk=pk)
        .select_related("cadre__person", "topic", "village", "unit", "recorded_by")
        .first()
    )
    if activity is None:
        raise Http404
    record(actor=user, action="view", target=activity, unit=activity.unit, ip=ip)
    return activity


def referral_list_for_user(user: User) -> QuerySet[Referral]:
    """Referrals with their status. Only the report's status column is read, so the
    list cannot leak anything of what the report says."""
    if not has_role(user, READING_ROLES):
        raise PermissionDenied
    return (
        Referral.objects.filter(_own_or_unit(user))
        .select_related("cadre__person")
        .annotate(report_status=F("report__status"))
    )


def topic_list(*, active_only: bool = False) -> QuerySet[OutreachTopic]:
    topics = OutreachTopic.objects.all()
    return topics.filter(is_active=True) if active_only else topics


def _cities_of(units: QuerySet[OrgUnit]) -> list[str]:
    """Region codes of the cities the units belong to (the units or their ancestors)."""
    ancestor_ids = {int(part) for path in units.values_list("path", flat=True) for part in path.strip("/").split("/")}
    return list(
        OrgUnit.objects.filter(pk__in=ancestor_ids, region__level=RegionLevel.CITY).values_list("region_id", flat=True)
    )


def month_starts(count: int, *, today: date | None = None) -> list[date]:
    """The first days of the last `count` months, oldest first, this month last."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def coverage_for_user(user: User, *, months: int = 6) -> dict:
    """Per kelurahan of the user's city: active cadres, and outreach sessions and
    participants per month. Aggregated in SQL; no names."""
    if not has_role(user, ROLES_READING_CADRE_COVERAGE):
        raise PermissionDenied
    units = units_for_roles(user, ROLES_READING_CADRE_COVERAGE)
    starts = month_starts(months)
    villages = list(village_list().filter(parent__parent_id__in=_cities_of(units)).order_by("parent__name", "name"))
    active = dict(
        Cadre.objects.filter(unit__in=units, status=CadreStatus.ACTIVE)
        .values("village")
        .annotate(n=Count("pk"))
        .values_list("village", "n")
    )
    outreach = {}
    rows = (
        OutreachActivity.objects.filter(unit__in=units, held_on__gte=starts[0])
        .annotate(month=TruncMonth("held_on"))
        .values("village", "month")
        .annotate(sessions=Count("pk", distinct=True), people=Coalesce(Sum("headcounts__count"), 0))
    )
    for row in rows:
        outreach[(row["village"], row["month"])] = (row["sessions"], row["people"])
    table = []
    for village in villages:
        cells = [outreach.get((village.code, start), (0, 0)) for start in starts]
        table.append(
            {
                "village": village,
                "active_cadres": active.get(village.code, 0),
                "months": cells,
                "sessions": sum(cell[0] for cell in cells),
                "people": sum(cell[1] for cell in cells),
            }
        )
    covered = sum(1 for row in table if row["active_cadres"])
    return {"months": starts, "rows": table, "covered": covered, "uncovered": len(table) - covered}
