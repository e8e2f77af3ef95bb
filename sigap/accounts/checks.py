"""Start-up refusals that need the database (the others are in settings.py)."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def demo_accounts_present() -> bool:
    from sigap.accounts.models import User

    try:
        return User.objects.filter(is_demo=True).exists()
    except DatabaseError:
        # Not migrated yet: then there are no demo accounts either.
        return False


def refuse_unsafe_production() -> None:
    """Called by wsgi.py before serving: production never runs with demo accounts."""
    if not settings.DEBUG and demo_accounts_present():
        raise ImproperlyConfigured(
            "Sigap refuses to start in production mode (DEBUG off): demo accounts are present. "
            "Remove them (manage.py remove_demo_accounts) before serving real data."
        )


@register(Tags.security, deploy=True)
def check_no_demo_accounts(app_configs=None, databases=None, **kwargs):
    if settings.DEBUG or not databases:
        return []
    if demo_accounts_present():
        return [
            Error(
                "Demo accounts are present in production mode.", hint="manage.py remove_demo_accounts", id="sigap.E001"
            )
        ]
    return []
