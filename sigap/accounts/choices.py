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
# Who handles LP-PAR cases: the head (the unit's unrestricted cases) and case
# managers (their own, or the unit's when the unit is configured so).
ROLES_HANDLING_CASES = frozenset({Role.HEAD, Role.CASE_MANAGER})
# Classes (Puspaga): who runs cohorts (the head sees every cohort of the unit, a
# facilitator the cohorts they teach), and who sets up programs, cohorts and sessions
# and revokes certificates.
ROLES_RUNNING_CLASSES = frozenset({Role.HEAD, Role.FACILITATOR})
ROLES_MANAGING_CLASSES = frozenset({Role.HEAD})
# Cadres: the head keeps the registry and sees every outreach report and referral of
# the unit; a cadre sees only their own. Coverage is aggregates only, so the analyst
# sees it too.
ROLES_MANAGING_CADRES = frozenset({Role.HEAD})
ROLES_DOING_OUTREACH = frozenset({Role.CADRE})
ROLES_READING_CADRE_COVERAGE = frozenset({Role.HEAD, Role.ANALYST})
# Puspaga counselling: the head reads every consultation of the unit; a counsellor
# reads the consultations assigned to them (and their session notes) only.
ROLES_READING_ALL_CONSULTATIONS = frozenset({Role.HEAD})
ROLES_COUNSELLING = frozenset({Role.COUNSELLOR})
ROLES_CONSULTATIONS = ROLES_READING_ALL_CONSULTATIONS | ROLES_COUNSELLING
# Who reads the IKM satisfaction figures (aggregates only, never a person).
ROLES_READING_IKM = frozenset({Role.HEAD, Role.COUNSELLOR, Role.ANALYST})
