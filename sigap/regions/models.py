from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.regions.choices import RegionLevel


class Region(models.Model):
    """An administrative region with its Kemendagri code, e.g. 33.75.01.1003 Podosugih.

    The code is the key: NIK and Dukcapil use the Kemendagri numbering (not BPS's,
    which orders Pekalongan Utara and Selatan the other way round). The BPS code is
    kept for statistics exports.
    """

    code = models.CharField(_("Kemendagri code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    bps_code = models.CharField(_("BPS code"), max_length=10, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name
