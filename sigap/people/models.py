from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.lib.fields import EncryptedTextField, LookupHashField
from sigap.lib.identity import normalise_nik, normalise_phone_for_lookup
from sigap.people.choices import Sex


class Person(models.Model):
    """A person in Sigap's one person index: a victim, client, reporter, participant…

    Every app refers to people here, so one person is one record however many
    services they use. What each unit may see of a person is walled by the gates in
    selectors.py: a person belongs to a unit, and a case manager or counsellor sees
    only the people they are responsible for.

    NIK, phone and address are encrypted; NIK and phone have keyed hashes beside them
    so duplicates are found without decrypting.
    """

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible staff member"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_lookup = LookupHashField(source="nik", normalise=normalise_nik)
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_lookup = LookupHashField(source="phone", normalise=normalise_phone_for_lookup)
    address = EncryptedTextField(_("address"), blank=True)
    village = models.ForeignKey(
        "regions.Region", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kelurahan")
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when name, identity numbers and contacts were removed (retention or deletion).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])
