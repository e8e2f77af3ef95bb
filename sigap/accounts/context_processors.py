"""Staff navigation that follows the user's roles."""

from django.urls import reverse
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
    items = [(reverse("accounts:home"), _("Home"))]
    if roles & ROLES_TRIAGING:
        items.append((reverse("intake:queue"), _("Incoming reports")))
    if roles & ROLES_HANDLING_CASES:
        items.append((reverse("cases:list"), _("Cases")))
    if roles & ROLES_CONSULTATIONS:
        items.append((reverse("counseling:list"), _("Counselling")))
    if roles & ROLES_READING_IKM:
        items.append((reverse("counseling:ikm"), _("Satisfaction survey (IKM)")))
    if roles & role_sets.ROLES_RUNNING_CLASSES:
        items.append((reverse("classes:cohorts"), _("Classes")))
    if roles & role_sets.ROLES_MANAGING_CADRES:
        items.append((reverse("cadres:list"), _("Cadres")))
    if roles & role_sets.ROLES_DOING_OUTREACH:
        items.append((reverse("cadres:outreach_list"), _("My outreach")))
        items.append((reverse("cadres:referrals"), _("My referrals")))
    if roles & (role_sets.ROLES_READING_CADRE_COVERAGE - role_sets.ROLES_MANAGING_CADRES):
        items.append((reverse("cadres:coverage"), _("Cadre coverage")))
    if roles - {Role.ADMIN}:  # reporting.choices.ROLES_READING_FIGURES
        items.append((reverse("reporting:dashboard"), _("Statistics")))
    if roles & READING_ROLES:
        items.append((reverse("people:list"), _("People")))
    if Role.HEAD in roles:
        items.append((reverse("privacy:request_list"), _("Data protection")))
    if roles & ROLES_READING_AUDIT_LOG:
        items.append((reverse("audit:list"), _("Access log")))
    role_labels = [Role(role).label for role in sorted(roles)]
    return {"staff_nav": items, "staff_roles": role_labels, "unread_notifications": _unread(user)}


def _unread(user):
    # Imported here: notifications sits beside accounts in the foundation layer.
    from sigap.notifications.selectors import unread_count_for_user

    return unread_count_for_user(user)
