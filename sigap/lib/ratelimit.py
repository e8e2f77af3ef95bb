"""Fixed-window rate limits for the public forms, counted in the database: a row per
(scope, address) locked while it is counted, so two web processes never lose a hit,
and a window lasts exactly `window_seconds`."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from sigap.lib.models import RateLimitCounter

# One statement counts the hit: it creates the row, or adds to it, or starts a new
# window, and returns the count. Atomic on its own (the row is locked for the update),
# so two web processes never lose a hit, and the busiest public write spends one round
# trip on it instead of a transaction of three (issue 8). SQLite ≥ 3.35 and PostgreSQL.
# The table is RateLimitCounter's (a test checks the name).
_COUNT_HIT = """
INSERT INTO lib_ratelimitcounter ("key", window_ends_at, hits) VALUES (%s, %s, 1)
ON CONFLICT ("key") DO UPDATE SET
    hits = CASE WHEN lib_ratelimitcounter.window_ends_at <= %s THEN 1 ELSE lib_ratelimitcounter.hits + 1 END,
    window_ends_at = CASE WHEN lib_ratelimitcounter.window_ends_at <= %s
        THEN excluded.window_ends_at ELSE lib_ratelimitcounter.window_ends_at END
RETURNING hits
"""


def allow(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for (scope, key); False once `limit` hits fall in the window."""
    name = f"{scope}:{key}"[:200]
    now = timezone.now()
    # As the ORM stores them, so the comparison in SQL sees the same values.
    as_stored = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            _COUNT_HIT, [name, as_stored(now + timedelta(seconds=window_seconds)), as_stored(now), as_stored(now)]
        )
        (hits,) = cursor.fetchone()
    return hits <= limit


def reset_rate_limits() -> None:
    """Forget every count (tests; or an operator after a false alarm)."""
    RateLimitCounter.objects.all().delete()


def prune_rate_limits() -> int:
    return RateLimitCounter.objects.filter(window_ends_at__lt=timezone.now()).delete()[0]
