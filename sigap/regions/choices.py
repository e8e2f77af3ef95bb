from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City/regency")
    DISTRICT = "district", _("District (kecamatan)")
    VILLAGE = "village", _("Village (kelurahan/desa)")
