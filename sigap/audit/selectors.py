"""Reads of the access log: browsing for supervisors, and verifying the chain."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from sigap.accounts.choices import ROLES_READING_AUDIT_LOG
from sigap.accounts.models import Membership, User
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.models import AuditEvent
from sigap.audit.services import GENESIS_HASH, entry_digest


def audit_event_list_for_user(
    user: User,
    *,
    actor_username: str = "",
    action: str = "",
    target_type: str = "",
    target_id: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The log, filtered. Only heads and administrators may browse it, and only for
    their own units: entries about records of those units, and entries without a unit
    (logins, tokens) by people who belong to them."""
    if not has_role(user, ROLES_READING_AUDIT_LOG):
        raise PermissionDenied
    units = units_for_roles(user, ROLES_READING_AUDIT_LOG)
    members = Membership.objects.filter(unit__in=units).values("user_id")
    events = AuditEvent.objects.filter(Q(unit__in=units) | Q(unit__isnull=True, actor_id__in=members)).select_related(
        "unit"
    )
    if actor_username:
        events = events.filter(actor_username=actor_username)
    if action:
        events = events.filter(action=action)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    problem: str


def audit_chain_first_break(*, batch_size: int = 2000) -> ChainBreak | None:
    """Walk the whole chain in order; return the first entry that does not fit."""
    expected_previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.previous_hash != expected_previous:
            return ChainBreak(
                event.id, "previous_hash does not match the entry before it (an entry was removed or changed)"
            )
        if entry_digest(event) != event.entry_hash:
            return ChainBreak(event.id, "content does not match its hash (the entry was edited)")
        expected_previous = event.entry_hash
    return None
