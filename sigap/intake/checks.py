"""Start-up checks of intake's settings. Every report is filed into the unit that
SIGAP_INTAKE_UNITS names for its queue: a code naming no unit would turn each report
away with a server error, so Sigap says so before it serves."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from sigap.intake.choices import Queue

SETTING_FOR_QUEUE = {Queue.LPPAR: "SIGAP_INTAKE_LPPAR_UNIT", Queue.PUSPAGA: "SIGAP_INTAKE_PUSPAGA_UNIT"}
HINT = "Set it to an existing unit's code (manage.py add_unit creates one)."


def queues_without_unit() -> list[str]:
    return [
        f"SIGAP_INTAKE_UNITS names no unit for the queue '{queue}' (set {SETTING_FOR_QUEUE[queue]})."
        for queue in Queue
        if not settings.SIGAP_INTAKE_UNITS.get(queue)
    ]


def unit_codes_unknown() -> list[str]:
    """Codes no unit has. A database with no unit at all (a fresh install, before its
    first set-up) or not migrated yet has nothing to compare with."""
    from sigap.accounts.models import OrgUnit

    codes = {queue: code for queue in Queue if (code := settings.SIGAP_INTAKE_UNITS.get(queue))}
    try:
        if not OrgUnit.objects.exists():
            return []
        known = set(OrgUnit.objects.filter(code__in=codes.values()).values_list("code", flat=True))
    except DatabaseError:
        return []
    return [
        f"No unit has the code '{code}', which {SETTING_FOR_QUEUE[queue]} names for the queue '{queue}'."
        for queue, code in codes.items()
        if code not in known
    ]


@register()
def check_intake_queues_have_units(app_configs=None, **kwargs):
    """sigap.E010, from the settings alone (every manage.py command, runserver)."""
    return [Error(problem, hint=HINT, id="sigap.E010") for problem in queues_without_unit()]


@register(Tags.database)
def check_intake_units_exist(app_configs=None, databases=None, **kwargs):
    """sigap.E011, where Django runs its database checks: `manage.py migrate`,
    `manage.py check --database default`. The units live in the default database."""
    if "default" not in (databases or []):
        return []
    return [Error(problem, hint=HINT, id="sigap.E011") for problem in unit_codes_unknown()]


def refuse_unknown_intake_units() -> None:
    """Called by wsgi.py before serving."""
    problems = queues_without_unit() + unit_codes_unknown()
    if problems:
        raise ImproperlyConfigured("Sigap refuses to start: " + " ".join(problems))
