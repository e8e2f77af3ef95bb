"""The named people every test speaks through, and small helpers.

One person per role, in the demo organisation of Kota Pekalongan
(Kota → DPMPPA → LP-PAR and Puspaga), plus:
- `outsider`: an intake officer of another city (Kota Batang), who must see nothing
  of Pekalongan's;
- `manajer2` and `konselor2`: colleagues of `manajer` and `konselor`, for the walls
  between colleagues;
- anonymous: `self.client` without logging in.
"""

import time

from django.test import Client, TestCase, TransactionTestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.choices import Role, UnitKind
from sigap.accounts.middleware import SESSION_SEEN_KEY
from sigap.accounts.models import OrgUnit, User
from sigap.accounts.services import membership_grant, unit_ensure, user_ensure
from sigap.devtools.demo import DEMO_PASSWORD, build_organisation, build_staff
from sigap.people.models import Person
from sigap.people.services import person_create

PASSWORD = DEMO_PASSWORD


def build_named_people() -> dict:
    units = build_organisation()
    people = build_staff(units, is_demo=False)
    batang = unit_ensure(code="lppar-batang", name="UPTD PPA Kabupaten Batang", kind=UnitKind.HANDLING)
    outsider, _ = user_ensure(username="outsider", display_name="Petugas Batang", password=PASSWORD)
    membership_grant(actor=None, user=outsider, unit=batang, role=Role.INTAKE)
    TOTPDevice.objects.get_or_create(user=outsider, name="Demo", defaults={"confirmed": True})
    people["outsider"] = outsider
    units["lppar-batang"] = batang
    return {"units": units, "people": people}


def login_verified(client: Client, user: User) -> Client:
    """Log `user` in as if they had passed their second factor."""
    client.force_login(user)
    session = client.session
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # As if the login page had just saved it: the next minute of requests costs no
    # session write, so query counts do not depend on which request came first.
    session[SESSION_SEEN_KEY] = int(time.time())
    session.save()
    return client


class NamedPeople:
    """The named people and units as attributes of a test (or its class):
    self.admin, self.kepala, self.petugas, self.manajer, self.manajer2, self.konselor,
    self.konselor2, self.fasilitator, self.kader, self.analis, self.outsider;
    self.city, self.agency, self.lppar, self.puspaga, self.batang."""

    @staticmethod
    def name_people(target) -> dict:
        built = build_named_people()
        for username, user in built["people"].items():
            setattr(target, username, user)
        units = built["units"]
        target.city = units["kota-pekalongan"]
        target.agency = units["dpmppa-pekalongan"]
        target.lppar = units["lppar-pekalongan"]
        target.puspaga = units["puspaga-pekalongan"]
        target.batang = units["lppar-batang"]
        return units

    def login(self, user: User) -> Client:
        return login_verified(self.client, user)

    @classmethod
    def make_person(cls, *, unit: OrgUnit, responsible: User | None = None, **fields) -> Person:
        defaults = {"full_name": "Siti Aminah", "nik": "3375014502100001", "phone": "081234567890", "sex": "P"}
        return person_create(actor=None, unit=unit, responsible=responsible, **{**defaults, **fields})


class BaseTestCase(NamedPeople, TestCase):
    """A TestCase with the named people and units (NamedPeople), built once per class."""

    city: OrgUnit
    agency: OrgUnit
    lppar: OrgUnit
    puspaga: OrgUnit
    batang: OrgUnit

    @classmethod
    def setUpTestData(cls):
        cls.name_people(cls)


class CommittingTestCase(NamedPeople, TransactionTestCase):
    """For tests that need real commits: the background worker (which opens and closes
    its own connections) and anything run after commit. Same named people, built per
    test (slower than BaseTestCase: use it only where commits matter); the units also
    by their codes (self.lppar_pekalongan …)."""

    def setUp(self):
        for code, unit in self.name_people(self).items():
            setattr(self, code.replace("-", "_"), unit)
