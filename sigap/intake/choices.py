from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    # Violence: handled by LP-PAR (SIMFONI-PPA forms of violence).
    PHYSICAL = "fisik", _("Physical violence")
    PSYCHOLOGICAL = "psikis", _("Psychological violence")
    SEXUAL = "seksual", _("Sexual violence")
    EXPLOITATION = "eksploitasi", _("Exploitation")
    TRAFFICKING = "trafiking", _("Trafficking")
    NEGLECT = "penelantaran", _("Neglect")
    OTHER_VIOLENCE = "kekerasan_lainnya", _("Other violence")
    # Other matters: Puspaga's prevention work.
    FAMILY_CONFLICT = "konflik_keluarga", _("Family conflict")
    PARENTING = "pengasuhan", _("Parenting")
    CUSTODY = "hak_asuh", _("Custody")
    CIVIL_DOCUMENTS = "dokumen_kependudukan", _("Civil documents (e.g. birth certificate)")
    LEGAL = "hukum", _("Legal question")
    PREMARITAL = "pranikah", _("Preparing for marriage")
    OTHER = "lainnya", _("Something else")


VIOLENCE_CATEGORIES = frozenset(
    {
        Category.PHYSICAL,
        Category.PSYCHOLOGICAL,
        Category.SEXUAL,
        Category.EXPLOITATION,
        Category.TRAFFICKING,
        Category.NEGLECT,
        Category.OTHER_VIOLENCE,
    }
)


class Queue(models.TextChoices):
    LPPAR = "lppar", _("LP-PAR (violence handling)")
    PUSPAGA = "puspaga", _("Puspaga (prevention)")


class Risk(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Channel(models.TextChoices):
    WEB = "web", _("Website form")
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    LETTER = "letter", _("Letter or e-mail")
    OUTREACH = "outreach", _("Outreach (penjangkauan)")
    CADRE = "cadre", _("Cadre referral")
    REFERRAL = "referral", _("Referral or transfer from another agency")


class ReporterRelation(models.TextChoices):
    SELF = "self", _("I am the person concerned")
    FAMILY = "family", _("Parent or family")
    NEIGHBOUR = "neighbour", _("Neighbour")
    TEACHER = "teacher", _("Teacher")
    HEALTH_WORKER = "health_worker", _("Health worker")
    CADRE = "cadre", _("Cadre")
    OTHER = "other", _("Someone else")


class AgeBand(models.TextChoices):
    # SIMFONI-PPA age bands.
    A0_5 = "0-5", "0–5"
    A6_12 = "6-12", "6–12"
    A13_17 = "13-17", "13–17"
    A18_24 = "18-24", "18–24"
    A25_44 = "25-44", "25–44"
    A45_59 = "45-59", "45–59"
    A60 = "60+", "60+"
    UNKNOWN = "", _("Not known")


class ContactMethod(models.TextChoices):
    NONE = "none", _("Do not contact me (I will check with my receipt code)")
    PHONE = "phone", _("Phone call")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")


class ReportStatus(models.TextChoices):
    NEW = "new", _("Received, waiting to be read")
    TRIAGED = "triaged", _("Read, being handled")
    # A case or a consultation was opened from it: its handling goes on there.
    HANDED_OVER = "handed", _("Handed over to a case worker or counsellor")
    CLOSED = "closed", _("Finished")


class QueueState(models.TextChoices):
    """The tabs of the triage queue."""

    WAITING = "waiting", _("Waiting")
    HANDED_OVER = "handed", _("Handed over")
    CLOSED = "closed", _("Closed")


# What the triage queue shows: reports still waiting for intake's decision.
WAITING_STATUSES = (ReportStatus.NEW, ReportStatus.TRIAGED)


class MessageDirection(models.TextChoices):
    TO_REPORTER = "to_reporter", _("From staff to the reporter")
    FROM_REPORTER = "from_reporter", _("From the reporter")
    INTERNAL = "internal", _("Internal note")
