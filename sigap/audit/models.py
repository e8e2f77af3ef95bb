from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.audit.choices import AuditAction


class AuditEvent(models.Model):
    """One entry of the append-only access log (UU PDP Pasal 31: all processing is logged).

    Who did what to which record, when, from where and why. Entries hold references
    (type and id) and the names of changed fields, never the personal data itself, so
    the log can be shown to supervisors without becoming a second copy of the files.

    Tamper-evident: `entry_hash` is SHA-256 over this entry's content and the previous
    entry's hash. Editing or deleting any entry breaks the chain from there on, and
    `manage.py audit_verify` names the first broken link.
    """

    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=AuditAction.choices)
    target_type = models.CharField(_("record type"), max_length=60, blank=True)
    target_id = models.CharField(_("record"), max_length=40, blank=True)
    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, null=True, blank=True, related_name="+")
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-id"]
        # Every request that shows personal data appends an entry, so each index here is
        # paid on nearly every page. Declared here rather than with db_index/unique on the
        # fields, because on PostgreSQL those add a second, pattern-matching (LIKE) index
        # on each text column that no query uses; and the record type alone is the
        # leading column of audit_target_idx.
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["action"], name="audit_action_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["entry_hash"], name="audit_entry_hash_unique")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_username or '-'} {self.action} {self.target_type}#{self.target_id}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The access log is append-only: an entry cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The access log is append-only: an entry cannot be deleted")
