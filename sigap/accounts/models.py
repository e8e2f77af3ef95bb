from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.choices import ROLES_REQUIRING_TWO_FACTOR, Role, UnitKind


class OrgUnit(models.Model):
    """A unit in the organisation tree, e.g. Kota Pekalongan → DPMPPA → LP-PAR.

    One installation can serve several cities and a province. Every record holding
    personal data belongs to a unit; a role held in a unit reaches the units below it.
    `path` ("/1/4/9/") is kept on save so "this unit and everything below" is one
    indexed prefix query.
    """

    name = models.CharField(_("name"), max_length=150)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=UnitKind.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    region = models.ForeignKey("regions.Region", models.PROTECT, null=True, blank=True, related_name="+")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    case_managers_see_unit_cases = models.BooleanField(
        _("case managers see all of the unit's unrestricted cases"),
        default=False,
        help_text=_("Off: a case manager sees only the cases assigned to them."),
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {**kwargs, "force_insert": False, "force_update": True}
        old_path = self.path
        parent_path = self.parent.path if self.parent_id else "/"
        if self.parent_id and parent_path.startswith(f"{old_path}") and old_path:
            raise ValueError("A unit cannot be moved below itself")
        self.path = f"{parent_path}{self.pk}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moved: every unit below follows, or scoping would use stale paths.
            for unit in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                OrgUnit.objects.filter(pk=unit.pk).update(path=self.path + unit.path.removeprefix(old_path))


class User(AbstractUser):
    """A staff account. Members of the public never get one.

    Failed logins are counted here; after SIGAP_LOGIN_MAX_FAILURES in a row the
    account is locked until `locked_until`.
    """

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    is_demo = models.BooleanField(
        _("demo account"), default=False, help_text=_("Created by seed_demo; production refuses to start with one.")
    )
    failed_login_count = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    def role_paths(self) -> list[tuple[str, str]]:
        """(role, unit path) for every membership: one query, cached for the request."""
        if not hasattr(self, "_role_paths"):
            self._role_paths = list(self.memberships.values_list("role", "unit__path"))
        return self._role_paths

    def roles(self) -> frozenset[str]:
        """The roles this user holds in any unit."""
        return frozenset(role for role, _path in self.role_paths())

    def requires_two_factor(self) -> bool:
        return bool(self.roles() & ROLES_REQUIRING_TWO_FACTOR)


class Membership(models.Model):
    """A role a user holds in one unit (and, through the tree, the units below it)."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 digest is stored.

    The token is shown once when issued (`manage.py issue_api_token`). `prefix` lets
    people tell tokens apart without revealing them.
    """

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
