from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.lib.fields import EncryptedTextField
from sigap.privacy.choices import RequestKind, RequestOutcome

# UU PDP: access, restriction and correction within 3×24 hours; breach notices too.
PDP_CLOCK = timedelta(hours=72)


class DataSubjectRequest(models.Model):
    """A request under UU PDP 27/2022 Pasal 5–13 (access, correction, restriction,
    deletion, withdrawal of consent), with its 3×24-hour clock and its outcome."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=RequestKind.choices)
    person = models.ForeignKey("people.Person", models.PROTECT, null=True, blank=True, related_name="+")
    requester = EncryptedTextField(_("who asked, and how to answer them"))
    details = EncryptedTextField(_("what is asked"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_at = models.DateTimeField(_("answer due"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=8, choices=RequestOutcome.choices, blank=True)
    outcome_reason = models.TextField(_("reason"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("privacy:request_detail", args=[self.pk])

    def is_overdue(self) -> bool:
        return self.closed_at is None and self.due_at < timezone.now()


class Breach(models.Model):
    """A personal-data breach (UU PDP Pasal 46): what, when, how, who is affected,
    and the 3×24-hour clock to tell the data subjects and the authority."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("when it was discovered"), default=timezone.now)
    what = models.TextField(_("what data was exposed"))
    how = models.TextField(_("how it happened"))
    affected = models.TextField(_("who is affected"))
    affected_count = models.PositiveIntegerField(_("number of people affected"), default=0)
    measures = models.TextField(_("what has been done, and what people can do"), blank=True)
    notify_due_at = models.DateTimeField(_("notices due"))
    subjects_notified_at = models.DateTimeField(_("data subjects told"), null=True, blank=True)
    authority_notified_at = models.DateTimeField(_("authority told"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("data breach")
        verbose_name_plural = _("data breaches")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("privacy:breach_detail", args=[self.pk])

    def notices_overdue(self) -> bool:
        pending = self.subjects_notified_at is None or self.authority_notified_at is None
        return pending and self.notify_due_at < timezone.now()
