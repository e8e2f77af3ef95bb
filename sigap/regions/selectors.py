"""Reads for regions. Regions are public reference data: no gate is needed."""

import time

from django.db.models import QuerySet

from sigap.regions.choices import RegionLevel
from sigap.regions.models import Region


def village_list(*, city_code: str | None = None) -> QuerySet[Region]:
    """Kelurahan/desa, optionally of one city, with their kecamatan joined in."""
    villages = Region.objects.filter(level=RegionLevel.VILLAGE).select_related("parent")
    if city_code:
        villages = villages.filter(parent__parent_id=city_code)
    return villages


# Kelurahan change once in years (a Kemendagri regulation), yet every report form and
# case filter lists them, and every report names one: each process keeps a city's
# kelurahan for a few minutes instead of reading 27 rows per request. A change made in
# this process clears them at once (signals in apps.py); other processes see it within
# the TTL. The kept rows are reference data, shared read-only between requests.
VILLAGE_CHOICES_TTL = 300
_city_villages: dict[str, tuple[float, dict[str, Region]]] = {}


def _villages_of(city_code: str) -> dict[str, Region]:
    cached = _city_villages.get(city_code)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    villages = {v.code: v for v in village_list(city_code=city_code)}
    if villages:  # a city not loaded yet is looked up again next time
        _city_villages[city_code] = (time.monotonic() + VILLAGE_CHOICES_TTL, villages)
    return villages


def village_choices(*, city_code: str) -> list[tuple[str, str, str]]:
    """(code, kelurahan name, kecamatan name) of a city's kelurahan, in register order."""
    return [(v.code, v.name, v.parent.name) for v in _villages_of(city_code).values()]


def village_of_city(*, city_code: str, code: str) -> Region | None:
    """One of the city's kelurahan by its code (None if it is not one of them), from
    the same kept list: a public report names its place without a query."""
    return _villages_of(city_code).get(code)


def village_choices_clear(**_kwargs) -> None:
    _city_villages.clear()
