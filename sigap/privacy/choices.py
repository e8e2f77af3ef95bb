from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access and copy")
    CORRECTION = "correction", _("Correction")
    RESTRICTION = "restriction", _("Restriction of processing")
    DELETION = "deletion", _("Deletion")
    WITHDRAWAL = "withdrawal", _("Withdrawal of consent")


class RequestOutcome(models.TextChoices):
    OPEN = "", _("Open")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused, with the legal reason")
    PARTLY = "partly", _("Partly done")
