from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramKind(models.TextChoices):
    PREMARITAL = "premarital", _("Premarital preparation (Bimbingan Perkawinan)")
    PARENTING = "parenting", _("Positive parenting")
    CADRE = "cadre", _("Cadre training")
    OTHER = "other", _("Other")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class RegistrationStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Has a place")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class ContactMethod(models.TextChoices):
    # The same choices as a report's safe contact; a class sends text, so "phone" is an SMS.
    NONE = "none", _("No messages (I will check the participant page with my code)")
    PHONE = "phone", _("Text message (SMS)")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")


class SafeHours(models.TextChoices):
    # Messages wait for the chosen window (Asia/Jakarta time) before they are sent.
    ANY = "any", _("Any time")
    MORNING = "morning", _("Mornings (08.00–12.00)")
    AFTERNOON = "afternoon", _("Afternoons (12.00–17.00)")
    EVENING = "evening", _("Evenings (17.00–21.00)")


# Hours [start, end) of each window, local time.
SAFE_HOURS_WINDOWS = {
    SafeHours.MORNING: (8, 12),
    SafeHours.AFTERNOON: (12, 17),
    SafeHours.EVENING: (17, 21),
}


class QuizKind(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class AttendanceMethod(models.TextChoices):
    STAFF = "staff", _("Marked by the facilitator")
    CHECK_IN = "check_in", _("Checked in with the session code")
