from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.intake.choices import AgeBand, ReportStatus


class CadreStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class ReferralStatus(models.TextChoices):
    """What a cadre may know of a referral: where it stands, nothing more."""

    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


# The intake report's status, as the cadre sees it.
REFERRAL_STATUS_OF_REPORT = {
    ReportStatus.NEW: ReferralStatus.RECEIVED,
    ReportStatus.TRIAGED: ReferralStatus.IN_PROGRESS,
    ReportStatus.HANDED_OVER: ReferralStatus.IN_PROGRESS,
    ReportStatus.CLOSED: ReferralStatus.CLOSED,
}

# Outreach participants are counted by sex and SIMFONI-PPA age band.
HEADCOUNT_SEXES = [("L", _("Male")), ("P", _("Female"))]
HEADCOUNT_AGE_BANDS = [band for band in AgeBand if band != AgeBand.UNKNOWN]

# The standard outreach topics (staff add more).
STANDARD_TOPICS = [
    "Pengasuhan positif",
    "Deteksi dini kekerasan",
    "Siklus sosial",
    "Pencegahan perkawinan anak",
    "Keamanan anak di dunia digital",
]
