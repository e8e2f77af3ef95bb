"""Writing the access log. Services and gates call `record()` explicitly, inside
their own transaction, so an entry exists exactly when the change does."""

import hashlib
import ipaddress
import json
from datetime import UTC

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.utils import timezone

from sigap.accounts.models import OrgUnit
from sigap.audit.models import AuditEvent

GENESIS_HASH = "0" * 64
# Any fixed number: the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK_ID = 72747427


def entry_digest(event: AuditEvent) -> str:
    """The hash of an entry: its content plus the previous entry's hash."""
    content = [
        event.previous_hash,
        event.at.astimezone(UTC).isoformat(),
        str(event.actor_id or ""),
        event.actor_username,
        event.action,
        event.target_type,
        event.target_id,
        str(event.unit_id or ""),
        event.ip or "",
        event.reason,
        json.dumps(event.changes, sort_keys=True, separators=(",", ":"), default=str),
    ]
    return hashlib.sha256("\x1f".join(content).encode()).hexdigest()


def _chain_tip() -> str | None:
    """The last entry's hash, read after taking the lock that serialises appends (held
    until commit). SQLite serialises writers itself (Sigap opens its transactions
    IMMEDIATE); PostgreSQL needs the lock so two transactions never extend the same
    link, and takes it and reads the hash in one round trip (audit migration 0004)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT audit_chain_lock_and_tip(%s)", [_CHAIN_LOCK_ID])
            return cursor.fetchone()[0]
    return _last_hash()


def _last_hash() -> str | None:
    return AuditEvent.objects.order_by("-id").values_list("entry_hash", flat=True).first()


def _unit_id(unit: OrgUnit | int | None) -> int | None:
    if isinstance(unit, OrgUnit):
        return unit.pk
    if unit is None or type(unit) is int:
        return unit
    # Any other record's id would be logged as a unit's, and the log is read by unit.
    raise TypeError(f"record(unit=…) takes a unit or its id, not {unit!r}")


def target_reference(target: models.Model) -> tuple[str, str]:
    return target._meta.label_lower, str(target.pk)


# No savepoint: inside a service's transaction (nearly always) a failed append fails
# the whole change anyway, and the savepoint cost two round trips on every write.
@transaction.atomic(savepoint=False)
def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    unit=None,
    ip: str | None = None,
    reason: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Append one entry. `target` may be a model instance, or give type and id;
    `unit` a unit or its id (a caller holding only the id need not load the unit)."""
    if target is not None:
        target_type, target_id = target_reference(target)
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    # Hash the address as the database will store it (IPv6 is normalised on save).
    ip = AuditEvent._meta.get_field("ip").to_python(ip) if ip else None
    last = _chain_tip()
    event = AuditEvent(
        at=timezone.now(),
        actor=actor,
        actor_username=actor.username if actor else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        unit_id=_unit_id(unit),
        ip=ip,
        reason=reason,
        changes=changes or {},
        previous_hash=last or GENESIS_HASH,
    )
    event.entry_hash = entry_digest(event)
    event.save()
    return event


def record_read(*, actor, objects: list[models.Model], ip: str | None = None, unit=None) -> None:
    """Log that a page or API response showed these records (one entry for the page)."""
    if not objects:
        return
    target_type = objects[0]._meta.label_lower
    if len(objects) == 1:
        record(actor=actor, action="view", target=objects[0], ip=ip, unit=unit)
        return
    record(actor=actor, action="view", target_type=target_type, ip=ip, changes={"ids": [o.pk for o in objects]})


def client_ip(request) -> str | None:
    """The address the request came from.

    Behind SIGAP_TRUSTED_PROXIES reverse proxies, each appends the address it saw to
    X-Forwarded-For; the client is the one the outermost trusted proxy saw. Anything
    further left was written by the client and is not believed."""
    hops = settings.SIGAP_TRUSTED_PROXIES
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            try:
                return str(ipaddress.ip_address(forwarded[-hops]))
            except ValueError:
                pass  # not an address: someone reached Sigap around the proxy
    return request.META.get("REMOTE_ADDR") or None


def audit_anchor_mail(*, anchor, recipients: list[str]) -> None:
    """Send the anchor (`sigap.audit.selectors.audit_anchor`) to people who keep it
    outside the database, with what to do with it."""
    line = f"sigap-audit-anchor {anchor} {anchor.at.isoformat()}"
    body = (
        f"{line}\n\n"
        "Keep this line where the people who run Sigap's database cannot change it. To check the\n"
        "access log against it later:\n\n"
        f"    manage.py audit_verify --anchor {anchor}\n\n"
        "The check fails if this entry was removed, or if the log up to it was rewritten.\n"
    )
    send_mail(
        subject=f"Sigap access log anchor {anchor.event_id}",
        message=body,
        from_email=None,
        recipient_list=recipients,
    )
