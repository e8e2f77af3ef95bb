"""Writes for regions: loading a Kemendagri code file."""

import csv
from pathlib import Path

from django.db import transaction

from sigap.regions.choices import RegionLevel
from sigap.regions.models import Region

DATA_DIR = Path(__file__).parent / "data"
KOTA_PEKALONGAN_FILE = DATA_DIR / "33.75-kota-pekalongan.csv"


@transaction.atomic
def regions_load(*, path: Path = KOTA_PEKALONGAN_FILE) -> int:
    """Create or update the regions in a CSV file (parents before children).

    Columns: code, name, level, parent, bps_code, postal_code. Loading the same file
    twice changes nothing. Returns the number of rows read.
    """
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    valid_levels = set(RegionLevel.values)
    for row in rows:
        if row["level"] not in valid_levels:
            raise ValueError(f"{path.name}: region {row['code']} has unknown level {row['level']!r}")
        region = Region(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            parent_id=row["parent"] or None,
            bps_code=row.get("bps_code", ""),
            postal_code=row.get("postal_code", ""),
        )
        region.full_clean(validate_unique=False)
        region.save()
    return len(rows)
