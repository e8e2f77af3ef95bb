"""Reads for notifications: a user's own notices only."""

from django.db.models import QuerySet

from sigap.accounts.models import User
from sigap.notifications.models import Notification


def notification_list_for_user(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count_for_user(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
