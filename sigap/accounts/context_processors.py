"""Staff navigation that follows the user's roles."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from sigap.accounts import choices as role_sets
from sigap.accounts.choices import (
    ROLES_CONSULTATIONS,
    ROLES_HANDLING_CASES,
    ROLES_READING_AUDIT_LOG,
    ROLES_READING_IKM,
    ROLES_TRIAGING,
    Role,
)
from sigap.accounts.choices import ROLES_READING_FILES as READING_ROLES


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/staf/"):
        return {}
    roles = user.roles()
    items = [(_url("accounts:home"), _("Home"))]
    if roles & ROLES_TRIAGING:
        items.append((_url("intake:queue"), _("Incoming reports")))
    if roles & ROLES_HANDLING_CASES:
        items.append((_url("cases:list"), _("Cases")))
    if roles & ROLES_CONSULTATIONS:
        items.append((_url("counseling:list"), _("Counselling")))
    if roles & ROLES_READING_IKM:
        items.append((_url("counseling:ikm"), _("Satisfaction survey (IKM)")))
    if roles & role_sets.ROLES_RUNNING_CLASSES:
        items.append((_url("classes:cohorts"), _("Classes")))
    if roles & role_sets.ROLES_MANAGING_CADRES:
        items.append((_url("cadres:list"), _("Cadres")))
    if roles & role_sets.ROLES_DOING_OUTREACH:
        items.append((_url("cadres:outreach_list"), _("My outreach")))
        items.append((_url("cadres:referrals"), _("My referrals")))
    if roles & (role_sets.ROLES_READING_CADRE_COVERAGE - role_sets.ROLES_MANAGING_CADRES):
        items.append((_url("cadres:coverage"), _("Cadre coverage")))
    if roles - {Role.ADMIN}:  # reporting.choices.ROLES_READING_FIGURES
        items.append((_url("reporting:dashboard"), _("Statistics")))
    if roles & READING_ROLES:
        items.append((_url("people:list"), _("People")))
    if Role.HEAD in roles:
        items.append((_url("privacy:request_list"), _("Data protection")))
    if roles & ROLES_READING_AUDIT_LOG:
        items.append((_url("audit:list"), _("Access log")))
    role_labels = [Role(role).label for role in sorted(roles)]
    return {"staff_nav": items, "staff_roles": role_labels, "unread_notifications": _unread(user)}


def _url(name: str) -> str:
    # Reversed once per process: the menu's dozen addresses are the same on every page.
    return _reversed(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


# Bounded: the script prefix comes from the server's environment, one entry per name and prefix.
@lru_cache(maxsize=256)
def _reversed(name: str, _prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)


def _unread(user):
    # Imported here: notifications sits beside accounts in the foundation layer.
    from sigap.notifications.selectors import unread_count_for_user

    return unread_count_for_user(user)
