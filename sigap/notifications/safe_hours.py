"""Safe hours: the local times at which a member of the public said a message may reach
them. Counselling keeps them as two times, classes as a named window; the outbox keeps
them beside each message and sends only inside them, retries included."""

from datetime import datetime, time, timedelta

from django.utils import timezone


def in_safe_window(moment: datetime, safe_from: time | None, safe_until: time | None) -> bool:
    if safe_from is None or safe_until is None:
        return True
    clock = timezone.localtime(moment).time()
    if safe_from < safe_until:
        return safe_from <= clock < safe_until
    return clock >= safe_from or clock < safe_until  # a window past midnight, e.g. 21:00–06:00


def next_safe_moment(moment: datetime, safe_from: time | None, safe_until: time | None) -> datetime:
    """`moment` if it is inside the safe hours, else the next time they open."""
    if in_safe_window(moment, safe_from, safe_until):
        return moment
    local = timezone.localtime(moment)
    opening = timezone.make_aware(datetime.combine(local.date(), safe_from))
    return opening if opening > moment else opening + timedelta(days=1)
