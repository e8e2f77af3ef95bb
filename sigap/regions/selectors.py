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
# case filter lists them: each process keeps the list for a few minutes instead of
# reading 27 rows per request. A change made in this process clears it at once
# (signals in apps.py); other processes see it within the TTL.
VILLAGE_CHOICES_TTL = 300
_village_choices: dict[str, tuple[float, list[tuple[str, str, str]]]] = {}


def village_choices(*, city_code: str) -> list[tuple[str, str, str]]:
    """(code, kelurahan name, kecamatan name) of a city's kelurahan, in register order."""
    cached = _village_choices.get(city_code)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    rows = [(v.code, v.name, v.parent.name) for v in village_list(city_code=city_code)]
    if rows:  # a city not loaded yet is looked up again next time
        _village_choices[city_code] = (time.monotonic() + VILLAGE_CHOICES_TTL, rows)
    return rows


def village_choices_clear(**_kwargs) -> None:
    _village_choices.clear()
