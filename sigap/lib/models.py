from django.db import models


class RateLimitCounter(models.Model):
    """Hits of one address on one public form in the current window.

    A table rather than the cache: counting must be atomic across web processes (a
    row lock), and a window must last its full length whatever the cache's timeouts."""

    key = models.CharField(max_length=200, unique=True)
    window_ends_at = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
