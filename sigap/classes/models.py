from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.classes.choices import (
    AttendanceMethod,
    ContactMethod,
    Mode,
    ProgramKind,
    QuizKind,
    RegistrationStatus,
    SafeHours,
)
from sigap.lib.fields import EncryptedTextField


class Program(models.Model):
    """A kind of class Puspaga runs again and again: Kelas Persiapan Pernikahan (the
    eight Bimbingan Perkawinan modules), Kelas Pengasuhan, Kelas Kader, or one staff
    add. A catalogue shared by the installation; it holds no personal data. Each
    program has its modules, its quiz (the same questions before and after, so the
    gain is comparable) and its completion rule."""

    kind = models.CharField(_("kind"), max_length=12, choices=ProgramKind.choices)
    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    for_couples = models.BooleanField(
        _("couples register together"), default=False, help_text=_("One registration may hold two participants.")
    )
    min_attendance_percent = models.PositiveSmallIntegerField(_("sessions to attend for completion (%)"), default=80)
    requires_post_test = models.BooleanField(_("the post-test is needed for completion"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("classes:program_detail", args=[self.pk])


class Module(models.Model):
    """One module of a program, in teaching order (a session covers one module)."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="modules")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["program", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="module_unique_number")]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Question(models.Model):
    """A multiple-choice question of a program's quiz (used as pre- and post-test)."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("question"), max_length=500)
    options = models.JSONField(_("answer options"), default=list)
    correct_option = models.PositiveSmallIntegerField(_("correct option (counted from 0)"))

    class Meta:
        ordering = ["program", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="question_unique_number")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Cohort(models.Model):
    """One run of a program: its sessions, its places and its waiting list.

    A cohort belongs to a unit (Puspaga); its head sees it, and so does the
    facilitator who teaches it (or one of its sessions). Capacity counts people, so
    a couple takes two places."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    program = models.ForeignKey(Program, models.PROTECT, related_name="cohorts", verbose_name=_("program"))
    name = models.CharField(_("name"), max_length=150)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_link = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Shown only to participants with a place.")
    )
    capacity = models.PositiveSmallIntegerField(_("places (people)"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("facilitator")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("classes:cohort_detail", args=[self.pk])


class ClassSession(models.Model):
    """One meeting of a cohort. Online participants check themselves in with
    `checkin_code`, which works only from a little before the start to the end."""

    cohort = models.ForeignKey(Cohort, models.CASCADE, related_name="sessions")
    module = models.ForeignKey(
        Module, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("module")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator (if not the cohort's)"),
    )
    checkin_code = models.CharField(_("check-in code"), max_length=8, editable=False)
    reminder_queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["checkin_code", "starts_at"], name="session_checkin_idx")]
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")

    def __str__(self) -> str:
        return f"{self.cohort} · {self.starts_at:%Y-%m-%d %H:%M}"


class Registration(models.Model):
    """A registration for a cohort: one person, or a couple (two participants).

    It has a place or waits in line (first come, first served); when places free up
    the next in line is promoted and told, through the safe contact chosen here. The
    contact is encrypted and used only for the class's messages."""

    unit = models.ForeignKey("accounts.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    cohort = models.ForeignKey(Cohort, models.PROTECT, related_name="registrations")
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices, db_index=True)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    contact_method = models.CharField(_("how we may contact"), max_length=10, choices=ContactMethod.choices)
    contact_value = EncryptedTextField(_("phone or e-mail"), blank=True)
    safe_hours = models.CharField(_("safe hours"), max_length=10, choices=SafeHours.choices, default=SafeHours.ANY)
    may_identify = models.BooleanField(_("messages may say who we are"), default=False)
    consent_at = models.DateTimeField(_("consent given"))
    lawful_basis = models.CharField(_("lawful basis"), max_length=40)
    # Set by retention (sigap.privacy.retention): the contact, the survey codes and the
    # test answers are gone; attendance, scores and certificates stay for the figures.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["registered_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"#{self.pk}"


class Participant(models.Model):
    """A person in a registration. Their participant code (shown once, kept as a
    keyed hash) opens the participant page: schedule, check-in, tests, certificate."""

    registration = models.ForeignKey(Registration, models.CASCADE, related_name="participants")
    person = models.ForeignKey("people.Person", models.PROTECT, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The IKM survey code issued with the certificate (at most one per participant),
    # kept only so the participant's own page can show it again; blanked once the
    # code is used or the participant code is renewed by staff. The survey side (counseling.SurveyInvitation) holds nothing of
    # the participant: only the code's hash, the unit and the month.
    survey_issued = models.BooleanField(default=False, editable=False)
    survey_code = EncryptedTextField(blank=True, editable=False)

    class Meta:
        ordering = ["registration", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"#{self.pk}"


class Attendance(models.Model):
    """A participant was at a session (the row exists only for those present)."""

    session = models.ForeignKey(ClassSession, models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(Participant, models.CASCADE, related_name="attendances")
    method = models.CharField(max_length=10, choices=AttendanceMethod.choices)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="attendance_once")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.session_id}"


class QuizAttempt(models.Model):
    """A participant's pre- or post-test: the answers, and the score they earned.
    `percent` is kept so that cohort averages are one SQL aggregate."""

    participant = models.ForeignKey(Participant, models.CASCADE, related_name="attempts")
    kind = models.CharField(_("test"), max_length=4, choices=QuizKind.choices)
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(_("correct answers"))
    total = models.PositiveSmallIntegerField(_("questions"))
    percent = models.PositiveSmallIntegerField(_("score (%)"))
    taken_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "kind"], name="quiz_attempt_once")]
        verbose_name = _("test result")
        verbose_name_plural = _("test results")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.score}/{self.total}"


class Certificate(models.Model):
    """Proof that a participant completed a program. The code is public: it is
    printed with a QR code, and /sertifikat/<code>/ says whether it is valid, for
    which program and when, and the holder's name masked. Staff may revoke it."""

    participant = models.OneToOneField(Participant, models.PROTECT, related_name="certificate")
    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    revoke_reason = EncryptedTextField(_("reason for revoking"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("classes:verify", args=[self.code])

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
