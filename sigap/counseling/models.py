from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.counseling.choices import (
    AppointmentStatus,
    Attendance,
    ClosureReason,
    ConsultationKind,
    ConsultationSource,
    ConsultationStatus,
    ContactMethod,
    CounsellorTitle,
    DocumentStatus,
    DocumentType,
    ExceptionKind,
    Mode,
    SurveySource,
)
from sigap.lib.fields import EncryptedTextField


class CounsellorProfile(models.Model):
    """A staff member who gives consultations: their title, the kinds of consultation
    they take, where they meet people (the office, a video call, or both) and how long
    one appointment lasts. Their weekly availability hangs off it.

    Nothing personal about clients here: counsellors edit their own profile; every
    counsellor and head of the unit may see it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="counsellor_profile")
    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=10, choices=CounsellorTitle.choices)
    kinds = models.JSONField(_("kinds of consultation taken"), default=list)
    in_person = models.BooleanField(_("meets people at the office"), default=True)
    online = models.BooleanField(_("meets people online"), default=False)
    video_link = models.URLField(_("video-call link"), blank=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("length of one appointment (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
    )
    is_active = models.BooleanField(_("takes bookings"), default=True)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("counsellor profile")
        verbose_name_plural = _("counsellor profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_title_display()})"

    def modes(self) -> list[str]:
        return [mode for mode, offered in ((Mode.IN_PERSON, self.in_person), (Mode.ONLINE, self.online)) if offered]

    def offers(self, mode: str) -> bool:
        """Whether the counsellor meets people this way: what both the public booking
        (`selectors.free_slots`) and a reassignment ask."""
        return mode in self.modes()

    def takes(self, kind: str) -> bool:
        """Whether the counsellor takes this kind of consultation: what both the public
        booking (`selectors.free_slots`) and a reassignment ask."""
        return kind in self.kinds


class WeeklyAvailability(models.Model):
    """A block of a counsellor's week when people may book, e.g. Monday 08:00–12:00
    (local time). Bookable slots are cut from these blocks by the profile's slot length."""

    profile = models.ForeignKey(CounsellorProfile, models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="availability_end_after_start"
            )
        ]
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class AvailabilityException(models.Model):
    """Days when nobody can be booked: one counsellor's leave (with `profile`), or a
    public holiday for the whole unit (without). Inclusive of both dates."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    profile = models.ForeignKey(
        CounsellorProfile,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="exceptions",
        verbose_name=_("counsellor"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ExceptionKind.choices)
    date_from = models.DateField(_("from"))
    date_until = models.DateField(_("until"))
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        ordering = ["date_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_until__gte=models.F("date_from")), name="exception_until_not_before_from"
            )
        ]
        verbose_name = _("availability exception")
        verbose_name_plural = _("availability exceptions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date_from}–{self.date_until}"

    def covers(self, day) -> bool:
        return self.date_from <= day <= self.date_until


class Consultation(models.Model):
    """A Puspaga consultation: one person, or a couple for premarital counselling,
    with the counsellor assigned to it, from a report, an online booking or staff.

    Who may see it (selectors.py): the head of the unit, and the counsellor assigned.
    Colleagues see nothing of each other's consultations. The person's safe-contact
    choices live here: every message about the consultation obeys them."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=16, choices=ConsultationKind.choices)
    source = models.CharField(_("source"), max_length=8, choices=ConsultationSource.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=ConsultationStatus.choices, default=ConsultationStatus.OPEN, db_index=True
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("counsellor")
    )
    person = models.ForeignKey("people.Person", models.PROTECT, related_name="+", verbose_name=_("person"))
    partner = models.ForeignKey(
        "people.Person", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("partner")
    )
    report = models.ForeignKey(
        "intake.Report", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("from report")
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)

    contact_method = models.CharField(_("how we may contact"), max_length=10, choices=ContactMethod.choices)
    contact_value = EncryptedTextField(_("phone or e-mail"), blank=True)
    safe_from = models.TimeField(_("safe to contact from"), null=True, blank=True)
    safe_until = models.TimeField(_("safe to contact until"), null=True, blank=True)
    may_identify = models.BooleanField(_("messages may say who we are"), default=False)
    language = models.CharField(_("language of messages"), max_length=8, default="id")

    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closure_reason = models.CharField(_("reason for closing"), max_length=12, choices=ClosureReason.choices, blank=True)
    escalated_report = models.ForeignKey(
        "intake.Report",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over to LP-PAR as report"),
    )
    escalated_at = models.DateTimeField(_("handed over to LP-PAR"), null=True, blank=True)
    # Set when the retention rules removed everything personal (kind and outcome stay).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["unit", "counsellor", "status"], name="consultation_scope_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(safe_from__isnull=True, safe_until__isnull=True)
                | Q(safe_from__isnull=False, safe_until__isnull=False),
                name="consultation_safe_hours_both_or_neither",
            )
        ]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"K-{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("counseling:detail", args=[self.pk])

    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN


class Appointment(models.Model):
    """A booked time with a counsellor, for one consultation.

    No double booking: the database refuses a second active (not cancelled)
    appointment for the same counsellor and start, so two people pressing "book" at
    the same moment cannot both get the slot. A public booking carries the keyed hash
    of its private manage link; the link itself exists only with the person."""

    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="appointments")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("counsellor")
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    mode = models.CharField(_("where"), max_length=8, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    manage_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["counsellor", "start"],
                condition=~Q(status="cancelled"),
                name="appointment_no_double_booking",
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="appointment_end_after_start"),
        ]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} · {self.counsellor}"

    def is_active(self) -> bool:
        return self.status != AppointmentStatus.CANCELLED

    def is_upcoming(self) -> bool:
        return self.status == AppointmentStatus.BOOKED and self.start > timezone.now()


# Appointments that hold their slot: everything but a cancellation.
ACTIVE_APPOINTMENT = ~Q(status=AppointmentStatus.CANCELLED)


class Session(models.Model):
    """What happened at one meeting: who came, the counsellor's notes, the outcome
    and the next step, and the follow-up appointment if one was made.

    Notes, outcome and next step are encrypted, and only the assigned counsellor and
    the head of the unit reach them (through the consultation's gate)."""

    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="sessions")
    appointment = models.OneToOneField(
        Appointment, models.SET_NULL, null=True, blank=True, related_name="session", verbose_name=_("appointment")
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("counsellor")
    )
    held_at = models.DateTimeField(_("held"), default=timezone.now)
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices)
    notes = EncryptedTextField(_("notes"), blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    next_step = EncryptedTextField(_("next step"), blank=True)
    follow_up = models.OneToOneField(
        Appointment,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_of",
        verbose_name=_("follow-up appointment"),
    )

    class Meta:
        ordering = ["held_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.held_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("counseling:session", args=[self.consultation_id, self.pk])


class DocumentHelp(models.Model):
    """One document the person needs help with (a birth certificate, a family card,
    custody papers…), tracked until it is in hand."""

    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="documents")
    document = models.CharField(_("document"), max_length=20, choices=DocumentType.choices)
    status = models.CharField(_("status"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.NEEDED)
    note = EncryptedTextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("document help")
        verbose_name_plural = _("document help")

    def __str__(self) -> str:
        return f"{self.get_document_display()} · {self.get_status_display()}"


class Referral(models.Model):
    """A referral to a partner (a court, Dukcapil, a hospital, a legal-aid office…):
    to whom, when, why, by when an answer is expected, and what came of it."""

    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="referrals")
    partner = models.CharField(_("partner"), max_length=150)
    referred_on = models.DateField(_("referred on"), default=timezone.localdate)
    purpose = EncryptedTextField(_("purpose"))
    due_on = models.DateField(_("answer expected by"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    outcome_on = models.DateField(_("outcome recorded on"), null=True, blank=True)

    class Meta:
        ordering = ["referred_on", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.partner} ({self.referred_on})"

    def is_overdue(self) -> bool:
        return self.outcome_on is None and self.due_on is not None and self.due_on < timezone.localdate()


class SurveyInvitation(models.Model):
    """A single-use code for the IKM survey. Deliberately holds no link to the
    consultation, no person and no time: only the unit and the month, so nobody can
    tell whose answers are whose. The key is the code's keyed hash (random, so not
    even the order of issue is kept); the row is deleted when the code is used."""

    code_hash = models.CharField(max_length=64, primary_key=True)
    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+")
    period = models.DateField(_("month"))

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period:%Y-%m}"


class SurveyResponse(models.Model):
    """One respondent's answers to the nine IKM elements (PermenPANRB 14/2017), each
    1–4, and an optional comment. Only the unit and the month are kept beside them."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    period = models.DateField(_("month"), db_index=True)
    source = models.CharField(_("source"), max_length=8, choices=SurveySource.choices)
    u1 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    u2 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    u3 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    u4 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    u5 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    u6 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    u7 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    u8 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    u9 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    comment = EncryptedTextField(_("comment"), blank=True)

    class Meta:
        ordering = ["period", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    *[Q(**{f"u{n}__gte": 1, f"u{n}__lte": 4}) for n in range(1, 10)],
                ),
                name="survey_scores_1_to_4",
            )
        ]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period:%Y-%m} #{self.pk}"

    def scores(self) -> list[int]:
        return [getattr(self, f"u{n}") for n in range(1, 10)]
