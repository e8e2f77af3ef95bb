"""A fixed-window rate limit on Django's cache (shared by every web process when the
cache is shared, e.g. the database or Redis cache in production)."""

from django.core.cache import cache


def allow(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for (scope, key); False once `limit` hits fall in the window."""
    cache_key = f"ratelimit:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return True
    try:
        return cache.incr(cache_key) <= limit
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window_seconds)
        return True
