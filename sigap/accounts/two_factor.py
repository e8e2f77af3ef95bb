"""Second factor: TOTP (authenticator app) with backup codes, through django-otp."""

import secrets

import segno
from django.db import transaction
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import User
from sigap.audit.services import record

BACKUP_CODE_COUNT = 10


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device an enrolment is working with (made once, then reused)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=False)


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no external request)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#111", light="#fff")


def base32_secret(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def two_factor_confirm(*, user: User, device: TOTPDevice, token: str, ip: str | None) -> list[str] | None:
    """Confirm a pending device with a code from it. Returns fresh backup codes, or
    None when the code is wrong."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_replace(user=user)
    record(actor=user, action="2fa_enrolled", target=user, ip=ip)
    return codes


@transaction.atomic
def backup_codes_replace(*, user: User, codes: list[str] | None = None) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, name="Kode cadangan", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = codes or [secrets.token_hex(4) for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def is_throttled(user: User) -> bool:
    """django-otp slows down guessing: after a wrong code the TOTP device refuses
    every code, right or wrong, for a growing number of seconds."""
    return any(not device.verify_is_allowed()[0] for device in TOTPDevice.objects.filter(user=user, confirmed=True))


def verify_second_factor(user: User, token: str):
    """The device that accepts `token` (TOTP or a single-use backup code), or None."""
    return match_token(user, token)
