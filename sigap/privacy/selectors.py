"""Reads for UU PDP duties. Only the head of a unit handles its requests and breaches
(the data protection officer's work in a small unit); others get 403 / 404."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.choices import Role
from sigap.accounts.models import User
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import record
from sigap.privacy.models import Breach, DataSubjectRequest

ROLES_PRIVACY = [Role.HEAD]


def request_list_for_user(user: User) -> QuerySet[DataSubjectRequest]:
    if not has_role(user, ROLES_PRIVACY):
        raise PermissionDenied
    return DataSubjectRequest.objects.filter(unit__in=units_for_roles(user, ROLES_PRIVACY)).select_related("person")


def request_get_for_user(user: User, pk: int, *, ip: str | None = None) -> DataSubjectRequest:
    if not has_role(user, ROLES_PRIVACY):
        raise Http404
    request = request_list_for_user(user).filter(pk=pk).first()
    if request is None:
        raise Http404
    record(actor=user, action="view", target=request, unit=request.unit, ip=ip)
    return request


def breach_list_for_user(user: User) -> QuerySet[Breach]:
    if not has_role(user, ROLES_PRIVACY):
        raise PermissionDenied
    return Breach.objects.filter(unit__in=units_for_roles(user, ROLES_PRIVACY))


def breach_get_for_user(user: User, pk: int) -> Breach:
    if not has_role(user, ROLES_PRIVACY):
        raise Http404
    breach = breach_list_for_user(user).filter(pk=pk).first()
    if breach is None:
        raise Http404
    return breach
