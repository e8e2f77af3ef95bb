"""Writes to the person index."""

from datetime import date

from django.db import transaction

from sigap.accounts.models import OrgUnit, User
from sigap.audit.services import record
from sigap.lib.identity import normalise_nik, normalise_phone
from sigap.people.models import Person
from sigap.regions.models import Region

# Fields whose change is logged by name (values never enter the log).
_TRACKED = ["full_name", "nik", "phone", "address", "village", "birth_date", "sex", "responsible", "unit"]


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    unit: OrgUnit,
    full_name: str,
    responsible: User | None = None,
    nik: str = "",
    phone: str = "",
    address: str = "",
    village: Region | None = None,
    birth_date: date | None = None,
    sex: str = "",
    ip: str | None = None,
) -> Person:
    person = Person(
        unit=unit,
        responsible=responsible,
        full_name=full_name.strip(),
        nik=normalise_nik(nik),
        phone=normalise_phone(phone),
        address=address.strip(),
        village=village,
        birth_date=birth_date,
        sex=sex,
    )
    person.full_clean()
    person.save()
    record(actor=actor, action="create", target=person, unit=unit, ip=ip)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, ip: str | None = None, **changes) -> Person:
    unknown = set(changes) - set(_TRACKED)
    if unknown:
        raise TypeError(f"person_update cannot change {sorted(unknown)}")
    if "nik" in changes:
        changes["nik"] = normalise_nik(changes["nik"])
    if "phone" in changes:
        changes["phone"] = normalise_phone(changes["phone"])
    changed = [name for name, value in changes.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, changes[name])
    if changed:
        person.full_clean()
        person.save()
        record(actor=actor, action="change", target=person, unit=person.unit, ip=ip, changes={"fields": changed})
    return person
