"""Writes for accounts: units, memberships, logins and API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import ApiToken, Membership, OrgUnit, User
from sigap.audit import services as audit
from sigap.audit.choices import AuditAction
from sigap.lib.crypto import lookup_hash


@transaction.atomic
def unit_ensure(
    *, code: str, name: str, kind: str, parent: OrgUnit | None = None, region_id: str | None = None
) -> OrgUnit:
    """Create the unit with this code, or bring an existing one up to date."""
    unit = OrgUnit.objects.filter(code=code).first() or OrgUnit(code=code)
    unit.name, unit.kind, unit.parent, unit.region_id = name, kind, parent, region_id
    unit.full_clean(exclude=["path"])
    unit.save()
    return unit


@transaction.atomic
def user_ensure(
    *, username: str, display_name: str, password: str, email: str = "", is_demo: bool = False
) -> tuple[User, bool]:
    """Create a staff account, or return the existing one unchanged. Returns (user, created)."""
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing, False
    user = User(username=username, display_name=display_name, email=email, is_demo=is_demo)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record(actor=None, action=AuditAction.CREATE, target=user, changes={"fields": ["username", "display_name"]})
    return user, True


@transaction.atomic
def membership_grant(*, actor: User | None, user: User, unit: OrgUnit, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        audit.record(actor=actor, action=AuditAction.GRANT_ROLE, target=user, unit=unit, changes={"role": role})
    return membership


@transaction.atomic
def membership_revoke(
    *, actor: User | None, user: User, role: str, unit: OrgUnit, close_if_last: bool = False, reason: str = ""
) -> tuple[bool, bool]:
    """Take `role` in `unit` from `user`. With `close_if_last`, an account left with no
    role is closed too: it can no longer log in, its sessions end at their next request
    (the auth backend refuses inactive users) and its API tokens are revoked, so they do
    not come back with a reopened account. Returns (revoked, closed).

    The user's row is locked first and every row is changed before the first
    access-log entry (house rule 4); the lock lets the access log's inserts that name
    the user as actor through (FOR NO KEY UPDATE)."""
    user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    revoked = Membership.objects.filter(user=user, unit=unit, role=role).delete()[0] > 0
    closed = close_if_last and user.is_active and not Membership.objects.filter(user=user).exists()
    tokens = 0
    if closed:
        user.is_active = False
        user.save(update_fields=["is_active"])
        tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        audit.record(
            actor=actor, action=AuditAction.REVOKE_ROLE, target=user, unit=unit, changes={"role": role}, reason=reason
        )
    if closed:
        audit.record(
            actor=actor,
            action=AuditAction.CHANGE,
            target=user,
            changes={"fields": ["is_active"], "tokens_revoked": tokens},
            reason=reason,
        )
    return revoked, closed


@transaction.atomic
def user_activate(*, actor: User | None, user: User, reason: str = "") -> bool:
    """Open a closed staff account again (an administrator's `add_staff` on it). False
    when it was open. Its password and second factor are as they were."""
    if user.is_active:
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(actor=actor, action=AuditAction.CHANGE, target=user, changes={"fields": ["is_active"]}, reason=reason)
    return True


@transaction.atomic
def user_anonymise(*, user: User, reason: str = "retention") -> None:
    """A closed account's name, e-mail, username, password, last login and second
    factors (authenticator apps, and backup codes, which are stored as they are) go; the row
    stays, so the access log still points at the same, now nameless, account (its
    entries keep the username they were written with: the log is hash-chained). Every
    row is changed before the entry; a caller locks the user's row before any entry of
    its own (house rule 4)."""
    user.username = f"former-{user.pk}"
    user.display_name = user.first_name = user.last_name = user.email = ""
    user.set_unusable_password()
    user.last_login = None
    user.save(update_fields=["username", "display_name", "first_name", "last_name", "email", "password", "last_login"])
    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    audit.record(
        actor=None, action=AuditAction.ANONYMISE, target=user, reason=reason, changes={"second_factor_rows": removed}
    )


@transaction.atomic
def login_failure_record(*, username: str, ip: str | None) -> User | None:
    """Count a failed password or second-factor attempt; lock after too many.

    Unknown usernames are logged too (without an actor), so guessing shows up in the
    access log.
    """
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        # What was typed may be a password typed in the wrong box: keep only a keyed
        # hash, enough to see the same name being tried again and again.
        audit.record(
            actor=None, action=AuditAction.LOGIN_FAILED, ip=ip, changes={"username_hash": lookup_hash(username)[:16]}
        )
        return None
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    user.refresh_from_db(fields=["failed_login_count"])
    audit.record(actor=user, action=AuditAction.LOGIN_FAILED, target=user, ip=ip)
    if user.failed_login_count >= settings.SIGAP_LOGIN_MAX_FAILURES:
        user.locked_until = timezone.now() + timedelta(minutes=settings.SIGAP_LOGIN_LOCK_MINUTES)
        user.failed_login_count = 0
        user.save(update_fields=["locked_until", "failed_login_count"])
        audit.record(actor=user, action=AuditAction.ACCOUNT_LOCKED, target=user, ip=ip)
    return user


@transaction.atomic
def login_success_record(*, user: User, ip: str | None, second_factor: bool) -> None:
    # The failure count starts again only once the whole login succeeded: a password
    # alone must not wipe the count of wrong second-factor codes.
    if second_factor or not user.requires_two_factor():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    action = AuditAction.LOGIN_VERIFIED if second_factor else AuditAction.LOGIN
    audit.record(actor=user, action=action, target=user, ip=ip)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, actor: User | None, user: User, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the stored record and the token itself,
    which exists nowhere else afterwards."""
    prefix = secrets.token_hex(4)
    token = f"sgp_{prefix}_{secrets.token_urlsafe(32)}"
    lifetime = timedelta(days=days if days is not None else settings.SIGAP_API_TOKEN_DAYS)
    record = ApiToken.objects.create(
        user=user, prefix=prefix, digest=_token_digest(token), expires_at=timezone.now() + lifetime
    )
    audit.record(actor=actor, action=AuditAction.API_TOKEN_ISSUED, target=record, changes={"user_id": user.pk})
    return record, token


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action=AuditAction.API_TOKEN_REVOKED, target=token)


def api_token_authenticate(*, token: str) -> User | None:
    """The active user behind a bearer token, or None."""
    record = ApiToken.objects.select_related("user").filter(digest=_token_digest(token)).first()
    if record is None or not record.is_active() or not record.user.is_active:
        return None
    now = timezone.now()
    # Recording use at most once a minute keeps API reads from writing on every call.
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


@transaction.atomic
def demo_accounts_remove() -> int:
    """Deactivate and rename every demo account (so production may start)."""
    count = 0
    for user in User.objects.select_for_update().filter(is_demo=True):
        user.is_active, user.is_demo, user.username = False, False, f"removed-demo-{user.pk}"
        user.set_unusable_password()
        user.save(update_fields=["is_active", "is_demo", "username", "password"])
        audit.record(actor=None, action=AuditAction.CHANGE, target=user, changes={"fields": ["is_active", "username"]})
        count += 1
    return count
