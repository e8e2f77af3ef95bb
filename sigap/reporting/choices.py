"""Reporting's fixed values: who reads which figures, the export formats, the response
clocks as they are measured, and the public statistics' suppression marks."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.accounts.choices import Role

# Who reads the dashboard: every staff role except the administrator (who manages
# accounts, not work). Each reads the figures of the units where they hold the role,
# and the units below: the head and the analyst at DPMPPA see LP-PAR and Puspaga; a
# Puspaga counsellor sees Puspaga's figures, and of LP-PAR only the number of reports
# handed between the two queues. Nobody sees a person, a name, free text or a link to
# a record here. (To move to accounts/choices.py with the other role sets.)
ROLES_READING_FIGURES = frozenset(Role) - {Role.ADMIN}
# Who exports the tables and produces the monthly report: the head and the analyst.
ROLES_EXPORTING_FIGURES = frozenset({Role.HEAD, Role.ANALYST})


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX (Excel)"


# Intake's clock for a high-risk report is "immediately" (the response is due the
# moment it arrives). A measurement needs a finite window: a high-risk report counts
# as answered in time when staff acted on it within the first hour.
HIGH_RISK_MEASURED_WITHIN = timedelta(hours=1)

# Public statistics: a count below this is shown as "<5".
SMALL_COUNT = 5
# Every hidden number must keep at least this many possible values for someone who
# combines everything published (so none can be worked out, nor narrowed to two).
MIN_POSSIBLE_VALUES = 3


class Mark(models.TextChoices):
    """How a public cell is shown, and what that tells a reader about its value."""

    SHOWN = "", _("shown")
    SMALL = "<5", _("fewer than 5 (0 to 4)")
    HIDDEN = "hidden", _("5 or more, hidden so that a smaller number cannot be worked out")
    WITHHELD = "withheld", _("withheld: this row cannot be published safely")


# What a page shows in place of a hidden number (the JSON gives the mark's value).
MARK_SYMBOLS = {Mark.SMALL: "<5", Mark.HIDDEN: "×", Mark.WITHHELD: "–"}
