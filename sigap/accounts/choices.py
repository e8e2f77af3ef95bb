from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    REGION = "region", _("Region (province or city)")
    AGENCY = "agency", _("Agency (dinas)")
    HANDLING = "handling", _("Case handling (UPTD PPA / LP-PAR)")
    PREVENTION = "prevention", _("Prevention (Puspaga)")


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    HEAD = "kepala", _("Head / supervisor")
    INTAKE = "petugas", _("Intake officer")
    CASE_MANAGER = "manajer", _("Case manager")
    COUNSELLOR = "konselor", _("Counsellor")
    FACILITATOR = "fasilitator", _("Class facilitator")
    CADRE = "kader", _("Cadre")
    ANALYST = "analis", _("Data analyst")


# What each role may do, in one place. The gates of every app read these sets.
# The analyst sees aggregates only, never a person. Administrators manage accounts,
# not files (the gates show them no person), but they hold the keys to every account.
# So everyone but the analyst needs a second factor.
ROLES_REQUIRING_TWO_FACTOR = frozenset(Role) - {Role.ANALYST}
# Who may read every person's file in their units (and the units below them).
ROLES_READING_ALL_UNIT_FILES = frozenset({Role.HEAD, Role.INTAKE})
# Who may read the files they are responsible for.
ROLES_READING_OWN_FILES = frozenset({Role.CASE_MANAGER, Role.COUNSELLOR, Role.FACILITATOR, Role.CADRE})
# Who may browse the access log.
ROLES_READING_AUDIT_LOG = frozenset({Role.HEAD, Role.ADMIN})
# Who may read people's files at all (all of them, or their own).
ROLES_READING_FILES = ROLES_READING_ALL_UNIT_FILES | ROLES_READING_OWN_FILES
# Who triages reports: the head, the intake officers, and Puspaga's counsellors for
# their own unit's queue (Puspaga is a small team without a separate front desk).
ROLES_TRIAGING = frozenset({Role.HEAD, Role.INTAKE, Role.COUNSELLOR})
