"""Demo people for Kota Pekalongan: fictitious, generated with Faker (id_ID)."""

from datetime import date

from django.db import transaction
from faker import Faker

from sigap.accounts.models import OrgUnit, User
from sigap.people.models import Person
from sigap.people.services import person_create
from sigap.regions.selectors import village_list

DEMO_PEOPLE = 24


@transaction.atomic
def build_demo_people(units: dict[str, OrgUnit], users: dict[str, User]) -> int:
    """Create demo people until there are DEMO_PEOPLE; returns how many were new."""
    existing = Person.objects.count()
    if existing >= DEMO_PEOPLE:
        return 0
    fake = Faker("id_ID")
    fake.seed_instance(3375)
    villages = list(village_list(city_code="33.75"))
    owners = [
        (units["lppar-pekalongan"], users["manajer"]),
        (units["lppar-pekalongan"], users["manajer2"]),
        (units["puspaga-pekalongan"], users["konselor"]),
        (units["puspaga-pekalongan"], users["konselor2"]),
    ]
    for n in range(existing, DEMO_PEOPLE):
        unit, owner = owners[n % len(owners)]
        female = n % 3 != 0
        birth = fake.date_between(date(1960, 1, 1), date(2022, 12, 31))
        village = villages[n % len(villages)]
        day = birth.day + (40 if female else 0)
        nik = f"{village.code[:2]}{village.code[3:5]}{village.code[6:8]}{day:02d}{birth:%m%y}{n + 1:04d}"
        person_create(
            actor=None,
            unit=unit,
            responsible=owner,
            full_name=fake.name_female() if female else fake.name_male(),
            nik=nik,
            phone=f"0812{fake.numerify('########')}",
            address=fake.street_address(),
            village=village,
            birth_date=birth,
            sex="P" if female else "L",
        )
    return DEMO_PEOPLE - existing
