from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsultationKind(models.TextChoices):
    FAMILY = "keluarga", _("Family")
    CHILD = "anak_pengasuhan", _("Child and parenting")
    LEGAL = "hukum", _("Legal (custody, divorce, birth certificates and other civil documents)")
    PREMARITAL = "pranikah", _("Premarital (a couple)")


class ConsultationSource(models.TextChoices):
    REPORT = "report", _("A report routed to Puspaga")
    PUBLIC = "public", _("Online booking")
    STAFF = "staff", _("Recorded by staff")


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    RESOLVED = "resolved", _("Goals reached")
    REFERRED = "referred", _("Referred to a partner")
    ESCALATED = "escalated", _("Handed over to LP-PAR")
    WITHDREW = "withdrew", _("The client chose to stop")
    UNREACHABLE = "unreachable", _("The client could not be reached")
    OTHER = "other", _("Other reason")


class CounsellorTitle(models.TextChoices):
    PSYCHOLOGIST = "psikolog", _("Psychologist")
    COUNSELLOR = "konselor", _("Counsellor")
    LEGAL = "legal", _("Legal counsellor")


class Mode(models.TextChoices):
    IN_PERSON = "place", _("At the Puspaga office")
    ONLINE = "online", _("Online (video call)")


class ContactMethod(models.TextChoices):
    # The same codes as intake's; "phone" reminders go out as SMS, so the label says so.
    NONE = "none", _("Do not contact me")
    PHONE = "phone", _("Phone call or SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", _("Held")
    NO_SHOW = "no_show", _("Did not come")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    PARTLY = "partly", _("Only one of the couple attended")
    NO_SHOW = "no_show", _("Did not come")


class ExceptionKind(models.TextChoices):
    LEAVE = "leave", _("Leave")
    HOLIDAY = "holiday", _("Public holiday")
    OTHER = "other", _("Other absence")


class DocumentType(models.TextChoices):
    BIRTH_CERTIFICATE = "akta_kelahiran", _("Birth certificate (akta kelahiran)")
    FAMILY_CARD = "kk", _("Family card (Kartu Keluarga)")
    ID_CARD = "ktp", _("Identity card (KTP / KIA)")
    CUSTODY = "hak_asuh", _("Custody papers (hak asuh)")
    DIVORCE = "akta_cerai", _("Divorce certificate (akta cerai)")
    MARRIAGE = "buku_nikah", _("Marriage book or certificate")
    MARRIAGE_DISPENSATION = "dispensasi_kawin", _("Marriage dispensation (dispensasi kawin)")
    OTHER = "lainnya", _("Another document")


class DocumentStatus(models.TextChoices):
    NEEDED = "needed", _("Needed")
    IN_PROGRESS = "in_progress", _("Being arranged")
    SUBMITTED = "submitted", _("Submitted to the office")
    IN_HAND = "in_hand", _("In hand")
    NOT_NEEDED = "not_needed", _("No longer needed")


# Statuses after which a document item needs no more help.
DOCUMENT_DONE = frozenset({DocumentStatus.IN_HAND, DocumentStatus.NOT_NEEDED})


class SurveySource(models.TextChoices):
    WEB = "web", _("Online survey")
    IMPORT = "import", _("Imported from paper or a spreadsheet")
