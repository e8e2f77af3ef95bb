"""The public forms' rate limit: one statement per hit, counted in the database."""

import threading
import unittest
from datetime import timedelta
from unittest import mock

from django.db import connection, connections
from django.test import TestCase, TransactionTestCase
from django.utils import timezone

from sigap.lib.models import RateLimitCounter
from sigap.lib.ratelimit import _COUNT_HIT, allow


def hit(key: str = "10.0.0.1", limit: int = 3) -> bool:
    return allow(scope="lapor", key=key, limit=limit, window_seconds=3600)


class RateLimitTests(TestCase):
    def test_an_address_is_refused_after_the_limit_and_others_are_not(self):
        self.assertEqual([hit() for _ in range(5)], [True, True, True, False, False])
        self.assertTrue(hit("10.0.0.2"))
        self.assertEqual(RateLimitCounter.objects.get(key="lapor:10.0.0.1").hits, 5)

    def test_a_new_window_starts_when_the_last_one_has_ended(self):
        for _ in range(4):
            hit()
        later = timezone.now() + timedelta(hours=1, seconds=1)
        with mock.patch("sigap.lib.ratelimit.timezone.now", return_value=later):
            self.assertTrue(hit())
        counter = RateLimitCounter.objects.get()
        self.assertEqual(counter.hits, 1)
        self.assertEqual(counter.window_ends_at, later + timedelta(hours=1))

    def test_within_the_window_its_end_does_not_move(self):
        hit()
        first_end = RateLimitCounter.objects.get().window_ends_at
        with mock.patch("sigap.lib.ratelimit.timezone.now", return_value=timezone.now() + timedelta(minutes=30)):
            hit()
        self.assertEqual(RateLimitCounter.objects.get().window_ends_at, first_end)

    def test_the_statement_names_the_models_table(self):
        self.assertIn(f"INSERT INTO {RateLimitCounter._meta.db_table} ", _COUNT_HIT)

    def test_a_hit_costs_one_statement(self):
        hit()
        with self.assertNumQueries(1):
            hit()


@unittest.skipUnless(connection.vendor == "postgresql", "concurrent writers need PostgreSQL")
class ConcurrentRateLimitTests(TransactionTestCase):
    def test_parallel_processes_never_lose_a_hit(self):
        def worker():
            try:
                for _ in range(25):
                    hit(limit=100)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(RateLimitCounter.objects.get().hits, 200)
