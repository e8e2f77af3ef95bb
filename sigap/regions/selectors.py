"""Reads for regions. Regions are public reference data: no gate is needed."""

from django.db.models import QuerySet

from sigap.regions.choices import RegionLevel
from sigap.regions.models import Region


def village_list(*, city_code: str | None = None) -> QuerySet[Region]:
    """Kelurahan/desa, optionally of one city, with their kecamatan joined in."""
    villages = Region.objects.filter(level=RegionLevel.VILLAGE).select_related("parent")
    if city_code:
        villages = villages.filter(parent__parent_id=city_code)
    return villages
