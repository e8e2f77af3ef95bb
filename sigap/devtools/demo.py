"""Demo data for Kota Pekalongan, built through the same services as real data.

`build_organisation()` and `build_staff()` also give the test suite its named people,
so tests and demo share one picture of the organisation. Everything here is
idempotent: running it twice creates nothing new.
"""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.choices import Role, UnitKind
from sigap.accounts.models import OrgUnit, User
from sigap.accounts.services import membership_grant, unit_ensure, user_ensure
from sigap.accounts.two_factor import backup_codes_replace
from sigap.regions.services import regions_load

DEMO_PASSWORD = "sigap-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    unit_code: str


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Admin Sistem", Role.ADMIN, "kota-pekalongan"),
    DemoAccount("kepala", "Kepala UPTD PPA", Role.HEAD, "dpmppa-pekalongan"),
    DemoAccount("petugas", "Petugas Pengaduan", Role.INTAKE, "lppar-pekalongan"),
    DemoAccount("manajer", "Manajer Kasus", Role.CASE_MANAGER, "lppar-pekalongan"),
    DemoAccount("manajer2", "Manajer Kasus Dua", Role.CASE_MANAGER, "lppar-pekalongan"),
    DemoAccount("konselor", "Psikolog Puspaga", Role.COUNSELLOR, "puspaga-pekalongan"),
    DemoAccount("konselor2", "Konselor Puspaga Dua", Role.COUNSELLOR, "puspaga-pekalongan"),
    DemoAccount("fasilitator", "Fasilitator Kelas", Role.FACILITATOR, "puspaga-pekalongan"),
    DemoAccount("kader", "Kader Ketahanan Keluarga", Role.CADRE, "puspaga-pekalongan"),
    DemoAccount("analis", "Analis Data", Role.ANALYST, "dpmppa-pekalongan"),
]


@transaction.atomic
def build_organisation() -> dict[str, OrgUnit]:
    """Kota Pekalongan → DPMPPA → LP-PAR (handling) and Puspaga (prevention)."""
    regions_load()
    city = unit_ensure(
        code="kota-pekalongan", name="Pemerintah Kota Pekalongan", kind=UnitKind.REGION, region_id="33.75"
    )
    agency = unit_ensure(code="dpmppa-pekalongan", name="DPMPPA Kota Pekalongan", kind=UnitKind.AGENCY, parent=city)
    handling = unit_ensure(
        code="lppar-pekalongan", name="LP-PAR / UPTD PPA Kota Pekalongan", kind=UnitKind.HANDLING, parent=agency
    )
    prevention = unit_ensure(
        code="puspaga-pekalongan", name="Puspaga LP-PAR Kota Pekalongan", kind=UnitKind.PREVENTION, parent=agency
    )
    return {unit.code: unit for unit in (city, agency, handling, prevention)}


def demo_totp_key(username: str) -> str:
    """A fixed TOTP key per demo account, so the printed secret stays valid across runs."""
    return hashlib.sha1(f"sigap-demo-totp-{username}".encode()).hexdigest()


def demo_backup_codes(username: str) -> list[str]:
    return [hashlib.sha1(f"sigap-demo-backup-{username}-{n}".encode()).hexdigest()[:8] for n in range(10)]


@transaction.atomic
def build_staff(units: dict[str, OrgUnit], *, is_demo: bool = True) -> dict[str, User]:
    """One account per demo role, pre-enrolled in TOTP with a fixed key."""
    users = {}
    for account in DEMO_ACCOUNTS:
        user, _created = user_ensure(
            username=account.username,
            display_name=account.display_name,
            password=DEMO_PASSWORD,
            email=f"{account.username}@demo.sigap.invalid",
            is_demo=is_demo,
        )
        membership_grant(actor=None, user=user, unit=units[account.unit_code], role=account.role)
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="Demo", key=demo_totp_key(user.username), confirmed=True)
            backup_codes_replace(user=user, codes=demo_backup_codes(user.username))
        users[account.username] = user
    return users
