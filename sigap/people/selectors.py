"""Reads of the person index. The two gates below are the only way in.

A person is visible to a user who
- holds a unit-wide reading role (head, intake officer) in the person's unit or a
  unit above it; or
- holds an own-files role (case manager, counsellor, facilitator, cadre) there and
  is the person's responsible staff member.
Administrators and analysts see no one. Missing and forbidden answer alike (404).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sigap.accounts.choices import ROLES_READING_ALL_UNIT_FILES, ROLES_READING_FILES, ROLES_READING_OWN_FILES
from sigap.accounts.models import User
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import record
from sigap.lib import crypto
from sigap.lib.identity import normalise_nik, normalise_phone_for_lookup
from sigap.people.models import Person

READING_ROLES = ROLES_READING_FILES


def _visible(user: User) -> QuerySet[Person]:
    unit_wide = Q(unit__in=units_for_roles(user, ROLES_READING_ALL_UNIT_FILES))
    own_files = Q(unit__in=units_for_roles(user, ROLES_READING_OWN_FILES), responsible=user)
    return Person.objects.filter(unit_wide | own_files)


def person_list_for_user(user: User, *, query: str = "") -> QuerySet[Person]:
    """The people `user` may see, optionally matching a name or an exact NIK.

    Raises PermissionDenied (403) for roles that never see people."""
    if not has_role(user, READING_ROLES):
        raise PermissionDenied
    people = _visible(user).select_related("village", "unit")
    query = query.strip()
    if query:
        nik = normalise_nik(query)
        if nik.isdigit() and len(nik) == 16:
            people = people.filter(nik_lookup__in=crypto.lookup_hashes(nik))
        else:
            people = people.filter(full_name__icontains=query)
    return people


def person_get_for_user(user: User, pk: int, *, ip: str | None = None, reason: str = "") -> Person:
    """One person, if `user` may see them; the read is logged. Otherwise 404."""
    if not has_role(user, READING_ROLES):
        raise Http404
    person = _visible(user).select_related("village", "unit", "responsible").filter(pk=pk).first()
    if person is None:
        raise Http404
    record(actor=user, action="view", target=person, unit=person.unit, ip=ip, reason=reason)
    return person


def person_possible_duplicates_for_user(
    user: User, *, nik: str = "", phone: str = "", full_name: str = "", birth_date=None
) -> QuerySet[Person]:
    """People `user` may see who may be the same person: the same NIK, the same phone
    (both by keyed hash), or the same name and birth date."""
    matches = Q(pk__in=[])
    if nik:
        matches |= Q(nik_lookup__in=crypto.lookup_hashes(normalise_nik(nik)))
    if phone:
        matches |= Q(phone_lookup__in=crypto.lookup_hashes(normalise_phone_for_lookup(phone)))
    if full_name and birth_date:
        matches |= Q(full_name__iexact=full_name.strip(), birth_date=birth_date)
    return _visible(user).filter(matches).select_related("village")
