"""Fixed-window rate limits for the public forms, counted in the database: a row per
(scope, address) locked while it is counted, so two web processes never lose a hit,
and a window lasts exactly `window_seconds`."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from sigap.lib.models import RateLimitCounter


@transaction.atomic
def allow(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for (scope, key); False once `limit` hits fall in the window."""
    name = f"{scope}:{key}"[:200]
    now = timezone.now()
    counter = RateLimitCounter.objects.select_for_update().filter(key=name).first()
    if counter is None:
        try:
            with transaction.atomic():
                RateLimitCounter.objects.create(
                    key=name, window_ends_at=now + timedelta(seconds=window_seconds), hits=1
                )
            return True
        except IntegrityError:  # another process created it meanwhile: count on its row
            counter = RateLimitCounter.objects.select_for_update().get(key=name)
    if counter.window_ends_at <= now:
        counter.window_ends_at, counter.hits = now + timedelta(seconds=window_seconds), 1
    else:
        counter.hits += 1
    counter.save(update_fields=["window_ends_at", "hits"])
    return counter.hits <= limit


def reset_rate_limits() -> None:
    """Forget every count (tests; or an operator after a false alarm)."""
    RateLimitCounter.objects.all().delete()


def prune_rate_limits() -> int:
    return RateLimitCounter.objects.filter(window_ends_at__lt=timezone.now()).delete()[0]
