from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.intake.choices import (
    WAITING_STATUSES,
    AgeBand,
    Category,
    Channel,
    ContactMethod,
    MessageDirection,
    Queue,
    ReporterRelation,
    ReportStatus,
    Risk,
)
from sigap.lib.fields import EncryptedTextField
from sigap.people.choices import Sex


class Report(models.Model):
    """A report (pengaduan) as it arrived, from the public form or through staff.

    The reporter (pelapor) and the person concerned (korban/klien) may differ. The
    report is anonymous unless the reporter gave a name or contact. The receipt code
    is kept only as a keyed hash. Triage puts it in a queue (LP-PAR for violence,
    Puspaga for the rest) with a risk level and the clocks that follow from it.
    """

    # No index of its own: report_figures_idx starts with the unit.
    unit = models.ForeignKey(
        "accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"), db_index=False
    )
    receipt_hash = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)

    reporter_relation = models.CharField(_("who is reporting"), max_length=16, choices=ReporterRelation.choices)
    reporter_name = EncryptedTextField(_("reporter's name"), blank=True)
    categories = models.JSONField(_("what happened"), default=list)
    account = EncryptedTextField(_("account in the reporter's words"))
    incident_date = models.DateField(_("when it happened"), null=True, blank=True)
    village = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kelurahan"),
        db_index=False,  # report_village_idx, without the LIKE index a text key gets
    )
    outside_city = models.BooleanField(_("outside the city"), default=False)
    subject_age_band = models.CharField(
        _("age of the person concerned"), max_length=5, choices=AgeBand.choices, blank=True
    )
    subject_sex = models.CharField(_("sex of the person concerned"), max_length=1, choices=Sex.choices, blank=True)
    in_danger = models.BooleanField(_("someone is in danger now"), default=False)

    contact_method = models.CharField(_("how we may contact"), max_length=10, choices=ContactMethod.choices)
    contact_value = EncryptedTextField(_("phone or e-mail"), blank=True)
    safe_hours = models.CharField(_("safe hours"), max_length=100, blank=True)
    may_identify = models.BooleanField(_("messages may say who we are"), default=False)
    consent_at = models.DateTimeField(_("consent given"))
    lawful_basis = models.CharField(_("lawful basis"), max_length=40)

    queue = models.CharField(_("queue"), max_length=8, choices=Queue.choices)  # report_queue_idx starts with it
    risk = models.CharField(_("risk"), max_length=6, choices=Risk.choices)
    status = models.CharField(_("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.NEW)
    response_due_at = models.DateTimeField(_("response due"), db_index=True)
    # Kept for the figures (reporting), written once by intake's services: the risk the
    # rules gave at arrival (a later re-route does not change it), and when staff first
    # acted on the report (routed it, recorded it themselves, handed it over to a case
    # or a consultation, or closed it); empty while it waits.
    arrival_risk = models.CharField(max_length=6, choices=Risk.choices, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    tpks_police_due_at = models.DateTimeField(_("police report due (UU TPKS Pasal 41)"), null=True, blank=True)
    tpks_police_done_at = models.DateTimeField(_("police report made"), null=True, blank=True)
    person = models.ForeignKey("people.Person", models.PROTECT, null=True, blank=True, related_name="+")
    # Set when the retention rules removed everything personal (categories stay).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["response_due_at", "id"]
        # A public report is the busiest write: every index below is paid on each one.
        # The receipt hash, village and queue have no db_index/unique on their fields,
        # which on PostgreSQL would add a pattern-matching (LIKE) index no query uses.
        constraints = [models.UniqueConstraint(fields=["receipt_hash"], name="report_receipt_hash_unique")]
        indexes = [
            models.Index(fields=["queue", "status", "response_due_at"], name="report_queue_idx"),
            models.Index(fields=["village"], name="report_village_idx"),
            # The triage queue: only the reports still waiting, so it stays small however
            # many reports the years bring; a unit's queue reads its first page in order and
            # counts itself from this index alone.
            models.Index(
                fields=["unit", "queue", "response_due_at", "id"],
                name="report_queue_waiting_idx",
                condition=models.Q(status__in=WAITING_STATUSES),
            ),
            # The figures (reporting) read the reports of a period from this index alone
            # (an index-only scan), not from the table and its encrypted texts. All key
            # columns: SQLite has no INCLUDE (and its system check would warn).
            models.Index(
                fields=[
                    "unit",
                    "received_at",
                    "id",
                    "queue",
                    "categories",
                    "risk",
                    "arrival_risk",
                    "answered_at",
                    "channel",
                    "village",
                    "outside_city",
                    "subject_sex",
                    "subject_age_band",
                    "tpks_police_due_at",
                    "tpks_police_done_at",
                ],
                name="report_figures_idx",
            ),
            # The open work (reporting): the reports not closed, with what their counts read.
            models.Index(
                fields=["unit", "id", "answered_at", "response_due_at", "tpks_police_due_at", "tpks_police_done_at"],
                name="report_open_idx",
                condition=~models.Q(status=ReportStatus.CLOSED),
            ),
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("intake:detail", args=[self.pk])

    @property
    def public_status(self) -> str:
        """The status as the holder of the receipt code sees it. That may be the person
        who hurt the reporter, reading the reporter's phone: a hand-over to a case worker
        looks the same as "being handled"."""
        return ReportStatus.TRIAGED if self.status == ReportStatus.HANDED_OVER else self.status

    def public_status_display(self) -> str:
        return str(ReportStatus(self.public_status).label)

    def category_labels(self) -> list[str]:
        return [str(Category(code).label) if code in Category.values else code for code in self.categories]

    def is_overdue(self) -> bool:
        return self.status == ReportStatus.NEW and self.response_due_at < timezone.now()

    def tpks_overdue(self) -> bool:
        return bool(
            self.tpks_police_due_at and not self.tpks_police_done_at and self.tpks_police_due_at < timezone.now()
        )


class RoutingDecision(models.Model):
    """Every routing of a report: the rule's first choice and each re-route or
    escalation, with who, when and why. The report's clocks restart at a hand-over."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="routings")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    from_queue = models.CharField(max_length=8, choices=Queue.choices, blank=True)
    to_queue = models.CharField(max_length=8, choices=Queue.choices)
    risk = models.CharField(max_length=6, choices=Risk.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            # The moves between queues (escalations and hand-overs), a few among millions
            # of first routings: the dashboard counts them per period without reading the rest.
            models.Index(
                fields=["at"],
                name="routing_move_at_idx",
                condition=~Q(from_queue="") & ~Q(from_queue=F("to_queue")),
            ),
        ]
        verbose_name = _("routing decision")
        verbose_name_plural = _("routing decisions")

    def __str__(self) -> str:
        return f"{self.from_queue or '-'} → {self.to_queue}"


class ReportMessage(models.Model):
    """A message on a report: staff to reporter (read at /cek/ with the receipt code),
    reporter to staff, or an internal note that the reporter never sees."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="messages")
    at = models.DateTimeField(default=timezone.now)
    direction = models.CharField(max_length=14, choices=MessageDirection.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    body = EncryptedTextField(_("message"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("report message")
        verbose_name_plural = _("report messages")

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.at:%Y-%m-%d %H:%M}"


class ReportAttachment(models.Model):
    """A file the reporter added (a photo, a letter). The content is encrypted before
    it reaches the storage backend, so neither the disk nor an S3 bucket holds it in
    clear; only the gate's download view decrypts it."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="attachments")
    message = models.ForeignKey(ReportMessage, models.CASCADE, null=True, blank=True, related_name="attachments")
    stored_name = models.CharField(max_length=200, unique=True, editable=False)
    original_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.content_type}, {self.size} B)"
