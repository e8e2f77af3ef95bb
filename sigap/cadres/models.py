from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cadres.choices import REFERRAL_STATUS_OF_REPORT, CadreStatus, ReferralStatus
from sigap.intake.choices import AgeBand
from sigap.lib.fields import EncryptedTextField


class OutreachTopic(models.Model):
    """A topic cadres may report an outreach session on; staff keep the list."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("outreach topic")
        verbose_name_plural = _("outreach topics")

    def __str__(self) -> str:
        return self.name


class Cadre(models.Model):
    """A family-resilience cadre (kader ketahanan keluarga): a person who completed a
    Kelas Kader (their certificate is `training`) and agreed to serve, assigned to a
    kelurahan. They may have a staff account with the cadre role, to log outreach and
    refer families. The head of the unit keeps the registry; a cadre sees their own."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    person = models.OneToOneField("people.Person", models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cadre",
        verbose_name=_("login account"),
    )
    training = models.ForeignKey(
        "classes.Certificate", models.PROTECT, related_name="+", verbose_name=_("Kelas Kader certificate")
    )
    village = models.ForeignKey("regions.Region", models.PROTECT, related_name="+", verbose_name=_("kelurahan"))
    status = models.CharField(_("status"), max_length=8, choices=CadreStatus.choices, default=CadreStatus.ACTIVE)
    joined_on = models.DateField(_("joined"), default=timezone.localdate)
    consent_at = models.DateTimeField(_("consent given"))
    lawful_basis = models.CharField(_("lawful basis"), max_length=40)
    # The day the cadre left the registry (status "ended"): set by cadre_update, and
    # cleared when they come back. Retention (sigap.privacy.retention) counts from it.
    left_on = models.DateField(null=True, blank=True, editable=False)
    # Set by retention, SIGAP_RETENTION_CADRE_YEARS after the cadre left: the entry no
    # longer keeps its person, whose name, NIK, phone and address then go (once no other
    # live record needs them); unit, kelurahan, status and outreach stay for the figures.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["person__full_name", "id"]
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")

    def __str__(self) -> str:
        return self.person.full_name

    def get_absolute_url(self) -> str:
        return reverse("cadres:detail", args=[self.pk])


class OutreachActivity(models.Model):
    """An outreach session a cadre ran: topic, date, place and kelurahan, how many came
    (by sex and age band, in OutreachHeadcount), notes and an optional photo, both
    encrypted. Seen by the cadre who ran it and by the head of the unit."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    cadre = models.ForeignKey(Cadre, models.PROTECT, related_name="outreach", verbose_name=_("cadre"))
    topic = models.ForeignKey(OutreachTopic, models.PROTECT, related_name="+", verbose_name=_("topic"))
    held_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200)
    village = models.ForeignKey("regions.Region", models.PROTECT, related_name="+", verbose_name=_("kelurahan"))
    notes = EncryptedTextField(_("notes"), blank=True)
    photo_name = models.CharField(max_length=200, blank=True, editable=False)
    photo_type = models.CharField(max_length=20, blank=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # Set by retention (sigap.privacy.retention): the notes and the photo are gone; the
    # topic, date, place, kelurahan and headcounts stay for the figures.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")

    def __str__(self) -> str:
        return f"{self.topic} · {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("cadres:outreach_detail", args=[self.pk])


class OutreachHeadcount(models.Model):
    """How many people of one sex and SIMFONI age band came to an outreach session."""

    activity = models.ForeignKey(OutreachActivity, models.CASCADE, related_name="headcounts")
    sex = models.CharField(max_length=1)
    age_band = models.CharField(max_length=5, choices=AgeBand.choices)
    count = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "sex", "age_band"], name="headcount_unique_group")]
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")

    def __str__(self) -> str:
        return f"{self.sex} {self.age_band}: {self.count}"


class Referral(models.Model):
    """A family at risk that a cadre referred (deteksi dini). The referral became an
    intake report (channel "cadre") and goes through triage like any other; the
    cadre sees only its status, never the report."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    cadre = models.ForeignKey(Cadre, models.PROTECT, related_name="referrals", verbose_name=_("cadre"))
    report = models.OneToOneField("intake.Report", models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(_("referred"), default=timezone.now)

    class Meta:
        ordering = ["-referred_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def status(self) -> ReferralStatus:
        """Where the referral stands (needs the selectors' `report_status` annotation)."""
        return REFERRAL_STATUS_OF_REPORT.get(self.report_status, ReferralStatus.IN_PROGRESS)
