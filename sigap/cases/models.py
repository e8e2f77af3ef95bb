from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases.choices import (
    AGE_BANDS,
    CaseStatus,
    ClosureDecision,
    CodeListName,
    LegalEventKind,
    LegalStage,
    MaritalStatus,
    NoteConfidentiality,
    PartnerKind,
    PlaceCategory,
    ReferralStatus,
    Relationship,
    ServiceType,
    TraffickingType,
)
from sigap.intake.choices import Risk
from sigap.lib.fields import EncryptedTextField


def simfoni_age_band(birth_date: date | None, on: date) -> str:
    """The SIMFONI-PPA age band on a given date (the incident's, or today)."""
    if birth_date is None:
        return ""
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "60+" if age >= 60 else ""


class CodeListEntry(models.Model):
    """An entry of a configurable code list (education, occupation), with the SIMFONI
    label it maps to on export. Entries are retired, never deleted, so old cases keep
    their meaning; `version` says which list an entry came with."""

    list_name = models.CharField(max_length=20, choices=CodeListName.choices)
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=100)
    simfoni_label = models.CharField(max_length=100)
    version = models.CharField(max_length=10)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["list_name", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["list_name", "code"], name="codelist_unique_code")]
        verbose_name = _("code list entry")
        verbose_name_plural = _("code list entries")

    def __str__(self) -> str:
        return self.label


class Partner(models.Model):
    """A partner agency cases are referred to (Unit PPA Polres, RSUD, LBH, Dukcapil …)."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("partner agency")
        verbose_name_plural = _("partner agencies")

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """An LP-PAR case: one matter of violence, with its victims and perpetrators.

    Opened from a triaged report (or directly, for outreach and transfers). It moves
    baru → asesmen → rencana layanan → layanan → pemantauan → ditutup; closing needs
    the head's approval. A restricted case is seen only by the people named on it.
    """

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    number = models.CharField(_("register number"), max_length=30, unique=True)
    report = models.OneToOneField("intake.Report", models.PROTECT, null=True, blank=True, related_name="case")
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.NEW, db_index=True
    )
    risk = models.CharField(_("risk"), max_length=6, choices=Risk.choices, default=Risk.MEDIUM)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case manager"),
    )
    restricted = models.BooleanField(_("restricted"), default=False)
    restricted_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    summary = EncryptedTextField(_("description"), blank=True)
    incident_date = models.DateField(_("incident date"), null=True, blank=True)
    place_category = models.CharField(_("place"), max_length=30, choices=PlaceCategory.choices, blank=True)
    incident_address = EncryptedTextField(_("address of the incident"), blank=True)
    village = models.ForeignKey("regions.Region", models.PROTECT, null=True, blank=True, related_name="+")
    is_kdrt = models.BooleanField(_("domestic violence (KDRT)"), default=False)
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True, db_index=True)
    tpks_police_due_at = models.DateTimeField(_("police report due (UU TPKS Pasal 41)"), null=True, blank=True)
    tpks_police_done_at = models.DateTimeField(_("police report made"), null=True, blank=True)
    # Set when the retention rules removed everything personal (SIMFONI categories stay).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "next_due_at"], name="case_unit_status_idx"),
            # A case manager's list by status (case_list_for_user's "assigned to me" branch).
            models.Index(fields=["assigned_to", "status"], name="case_assignee_status_idx"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    def is_overdue(self) -> bool:
        return self.status != CaseStatus.CLOSED and self.next_due_at is not None and self.next_due_at < timezone.now()

    def tpks_overdue(self) -> bool:
        return bool(
            self.tpks_police_due_at and not self.tpks_police_done_at and self.tpks_police_due_at < timezone.now()
        )


class Victim(models.Model):
    """A victim/client on a case, with the SIMFONI-PPA data recorded for them."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="victims")
    person = models.ForeignKey("people.Person", models.PROTECT, related_name="+")
    violence_forms = models.JSONField(_("forms of violence"), default=list)
    trafficking_type = models.CharField(
        _("trafficking type"), max_length=20, choices=TraffickingType.choices, blank=True
    )
    disability = models.BooleanField(_("with a disability"), default=False)
    education = models.CharField(_("education"), max_length=40, blank=True)
    occupation = models.CharField(_("occupation"), max_length=40, blank=True)
    marital_status = models.CharField(_("marital status"), max_length=15, choices=MaritalStatus.choices, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="victim_once_per_case")]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")

    def __str__(self) -> str:
        return f"{self.case} · {self.person}"

    def age_band(self) -> str:
        return simfoni_age_band(self.person.birth_date, self.case.incident_date or timezone.localdate())


class Perpetrator(models.Model):
    """A perpetrator on a case; the person may be known only by a description."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="perpetrators")
    person = models.ForeignKey("people.Person", models.PROTECT, null=True, blank=True, related_name="+")
    description = EncryptedTextField(_("description"), blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")

    def __str__(self) -> str:
        return f"{self.case} · {self.person or '?'}"


class VictimPerpetrator(models.Model):
    """How a perpetrator is related to a victim (SIMFONI "Hubungan pelaku dengan korban")."""

    victim = models.ForeignKey(Victim, models.CASCADE, related_name="relations")
    perpetrator = models.ForeignKey(Perpetrator, models.CASCADE, related_name="relations")
    relationship = models.CharField(_("relationship"), max_length=15, choices=Relationship.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["victim", "perpetrator"], name="relation_once")]
        verbose_name = _("victim–perpetrator relationship")
        verbose_name_plural = _("victim–perpetrator relationships")

    def __str__(self) -> str:
        return self.get_relationship_display()


class Assessment(models.Model):
    """A biopsychosocial assessment with its risk level and the victim's safety plan."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="assessments")
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    findings = EncryptedTextField(_("biopsychosocial findings"))
    risk = models.CharField(_("risk"), max_length=6, choices=Risk.choices)
    safety_plan = EncryptedTextField(_("safety plan"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.case} · {self.at:%Y-%m-%d}"


class PlanGoal(models.Model):
    """A goal of the intervention plan agreed with the client."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="goals")
    goal = EncryptedTextField(_("goal"))
    due_date = models.DateField(_("due"))
    agreed_with_client = models.BooleanField(_("agreed with the client"), default=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")

    def __str__(self) -> str:
        return f"{self.case} · {self.due_date}"


class ServiceDelivery(models.Model):
    """A service given to a victim, of one of the eight SIMFONI types."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="services")
    victim = models.ForeignKey(Victim, models.CASCADE, related_name="services")
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    delivered_on = models.DateField(_("date"))
    provider = models.CharField(_("provider"), max_length=150)
    description = EncryptedTextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["delivered_on", "id"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")

    def __str__(self) -> str:
        return self.get_service_type_display()


class ConsentRecord(models.Model):
    """The client's consent to share information for one purpose (e.g. a referral to
    the police). A referral shares only what a current consent covers."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=150)
    items = models.JSONField(_("what may be shared"), default=list)
    given = models.BooleanField(default=True)
    at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return self.purpose


class Referral(models.Model):
    """A referral of a victim to a partner, tracked to its outcome:
    sent → accepted / declined → done, with a due date."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="referrals")
    victim = models.ForeignKey(Victim, models.CASCADE, related_name="referrals")
    partner = models.ForeignKey(Partner, models.PROTECT, related_name="referrals")
    consent = models.ForeignKey(ConsentRecord, models.PROTECT, related_name="referrals")
    purpose = models.CharField(_("purpose"), max_length=200)
    shared_items = models.JSONField(_("information shared"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    sent_at = models.DateTimeField(default=timezone.now)
    due_date = models.DateField(_("outcome due"))
    outcome = EncryptedTextField(_("outcome"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_status_display()})"

    def is_overdue(self) -> bool:
        open_statuses = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
        return self.status in open_statuses and self.due_date < timezone.localdate()


class LegalStep(models.Model):
    """A stage of the legal process for one perpetrator (Pemeriksaan … Peninjauan Kembali)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="legal_steps")
    perpetrator = models.ForeignKey(Perpetrator, models.CASCADE, related_name="legal_steps")
    stage = models.CharField(_("stage"), max_length=20, choices=LegalStage.choices)
    institution = models.CharField(_("institution"), max_length=150)
    on = models.DateField(_("date"))

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("legal step")
        verbose_name_plural = _("legal steps")

    def __str__(self) -> str:
        return self.get_stage_display()


class LegalEvent(models.Model):
    """A dated appointment of the legal process (visum, BAP, hearing), shown on the
    case manager's calendar."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="legal_events")
    kind = models.CharField(_("kind"), max_length=10, choices=LegalEventKind.choices)
    at = models.DateTimeField(_("when"), db_index=True)
    place = models.CharField(_("place"), max_length=150, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("legal appointment")
        verbose_name_plural = _("legal appointments")

    def __str__(self) -> str:
        return self.get_kind_display()


class CaseNote(models.Model):
    """A note on a case, readable according to its confidentiality level."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    confidentiality = models.CharField(_("who may read it"), max_length=10, choices=NoteConfidentiality.choices)
    body = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case} · {self.at:%Y-%m-%d %H:%M}"


class CaseSearchTerm(models.Model):
    """The search index of a case: keyed hashes of the words in its notes and
    description. Notes are encrypted, so a plain full-text index would be a second,
    readable copy of them; hashed words let search find a case without one."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="+")
    term = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "case"], name="case_search_term_unique")]
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.term


class StatusChange(models.Model):
    """Every move of a case's status: who, when, why."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="status_changes")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=12, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class ClosureRequest(models.Model):
    """A case manager's request to close a case; the head approves or sends it back."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="closure_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason for closing"))
    decision = models.CharField(max_length=10, choices=ClosureDecision.choices, default=ClosureDecision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("closure request")
        verbose_name_plural = _("closure requests")

    def __str__(self) -> str:
        return f"{self.case} · {self.get_decision_display()}"


class CaseAttachment(models.Model):
    """A file on a case (a visum result, a letter, a photo). As with reporters' files,
    the content is encrypted before it reaches the storage backend and is only ever
    downloaded through the case's gate, never shown inline and never public."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    stored_name = models.CharField(max_length=200, unique=True, editable=False)
    original_name = EncryptedTextField(_("file name"))
    description = models.CharField(_("what it is"), max_length=200, blank=True)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.content_type}, {self.size} B)"
