from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    VIEW = "view", _("viewed")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("logged in (password)")
    LOGIN_VERIFIED = "login_verified", _("logged in (second factor)")
    LOGIN_FAILED = "login_failed", _("failed login")
    ACCOUNT_LOCKED = "account_locked", _("account locked")
    LOGOUT = "logout", _("logged out")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("enrolled a second factor")
    GRANT_ROLE = "grant_role", _("granted a role")
    REVOKE_ROLE = "revoke_role", _("revoked a role")
    API_TOKEN_ISSUED = "token_issued", _("issued an API token")
    API_TOKEN_REVOKED = "token_revoked", _("revoked an API token")
    KEYS_ROTATED = "keys_rotated", _("rotated field keys")
    ANONYMISE = "anonymise", _("anonymised")
