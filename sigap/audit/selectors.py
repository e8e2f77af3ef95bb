"""Reads of the access log: browsing for supervisors, and verifying the chain."""

from dataclasses import dataclass
from datetime import date, datetime

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


@dataclass(frozen=True)
class Anchor:
    """Where the chain stood: its latest entry's id and hash. Kept somewhere the
    database's users cannot write (mailed, pasted into another system), it lets
    `audit_verify --anchor` tell that entries up to it were removed or the log was
    rewritten, which the chain alone cannot (its last entries can go unnoticed)."""

    event_id: int
    entry_hash: str
    at: datetime

    def __str__(self) -> str:
        return f"{self.event_id}:{self.entry_hash}"


def audit_anchor() -> Anchor | None:
    """The anchor of the log as it stands (None while it is empty)."""
    latest = AuditEvent.objects.order_by("-id").values_list("id", "entry_hash", "at").first()
    return Anchor(*latest) if latest else None


def parse_anchor(text: str) -> tuple[int, str]:
    """ "<id>:<hash>" (as `audit_anchor` prints it) to its parts; ValueError otherwise."""
    event_id, _, entry_hash = text.strip().partition(":")
    if not event_id.isdigit() or len(entry_hash) != 64 or entry_hash.strip("0123456789abcdef"):
        raise ValueError(f"not an anchor (<id>:<64 hex digits>): {text!r}")
    return int(event_id), entry_hash


def audit_anchor_problem(event_id: int, entry_hash: str) -> str | None:
    """What is wrong with the log against an anchor kept outside it, or None."""
    found = AuditEvent.objects.filter(pk=event_id).values_list("entry_hash", flat=True).first()
    if found is None:
        return f"entry {event_id} of the anchor is gone: entries were removed"
    if found != entry_hash:
        return f"entry {event_id} no longer has the anchor's hash: the log was rewritten"
    return None
