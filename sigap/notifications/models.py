from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.lib.fields import EncryptedTextField
from sigap.notifications.choices import OutboxChannel, OutboxStatus


class Notification(models.Model):
    """A notice to a staff member inside Sigap (the bell on the staff pages).

    The text names a record by type and number only; what it is about is read on the
    record's own page, through that app's gate."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications")
    text = models.CharField(_("text"), max_length=200)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.text


class OutboxMessage(models.Model):
    """One message to send by e-mail, SMS or WhatsApp: written in the same transaction
    as the change that causes it, sent after commit, retried until sent.

    Nothing is lost when a provider is down: the row stays pending with the next
    attempt's time, and `db_worker` (or `manage.py deliver_outbox`) tries again.
    Address and body are encrypted; the subject never says what a matter is about."""

    channel = models.CharField(max_length=10, choices=OutboxChannel.choices)
    to = EncryptedTextField()
    subject = models.CharField(max_length=150, blank=True)
    body = EncryptedTextField()
    status = models.CharField(max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # What caused the message, as "app.model" and id (never its content).
    about_type = models.CharField(max_length=60, blank=True)
    about_id = models.CharField(max_length=40, blank=True)
    # A member of the public's choices, kept so that every try obeys them (retries and
    # the sweep too): the local hours at which a message may reach them, and whether a
    # message may show who sends it (a WhatsApp message always shows the unit's name).
    safe_from = models.TimeField(null=True, blank=True)
    safe_until = models.TimeField(null=True, blank=True)
    may_identify = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} {self.status}"
