"""The dashboard's figures past their freshness: shown with the time they were counted
while the background worker counts them again, counted while the person waits only
when missing or older than half an hour, and counted ahead by the cron job."""

import time
from datetime import timedelta
from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sigap.accounts.models import Membership, User
from sigap.reporting.dashboard import (
    DASHBOARD_FRESH_CURRENT,
    DASHBOARD_FRESH_PAST,
    DASHBOARD_REFRESH_LOCK,
    DASHBOARD_SERVED_STALE,
    dashboard_refresh,
)
from sigap.reporting.tests.helpers import at, build_year, file_report
from sigap.reporting.tests.test_dashboard import URL, YEAR, table_numbers
from sigap.test import BaseTestCase, CommittingTestCase

REFRESHING = "These figures are being counted again"
TASK = "sigap.reporting.tasks.dashboard_refresh_task"


def dashboard_entry_keys() -> list[str]:
    """The cache keys (without the cache's own prefix) of every kept dashboard body,
    its refresh locks left out."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cache_key FROM sigap_cache WHERE cache_key LIKE %s AND cache_key NOT LIKE %s",
            ["%reporting:dashboard:%", "%:refreshing"],
        )
        return [row[0].split(":", 2)[2] for row in cursor.fetchall()]


def age_dashboard_entries(seconds: float) -> int:
    """Move the counting time of every kept dashboard body `seconds` into the past."""
    keys = dashboard_entry_keys()
    for key in keys:
        counted, compressed = cache.get(key)
        cache.set(key, (counted - seconds, compressed), DASHBOARD_SERVED_STALE)
    return len(keys)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def reads_reports(captured: CaptureQueriesContext) -> bool:
    return any('"intake_report"' in query["sql"] for query in captured.captured_queries)


class Visits:
    """The head's visits to the dashboard, in English, with the statements they ran."""

    def get(self, path: str = URL + YEAR) -> tuple[str, CaptureQueriesContext]:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        return response.content.decode(), captured

    def lppar_reports(self, html: str) -> str:
        return table_numbers(html, "queue_split")["LP-PAR (violence handling)"][0]


class StaleFiguresRefreshedByTheWorkerTests(Visits, CommittingTestCase):
    """The worker opens its own connections: the queued task must be committed."""

    def setUp(self):
        super().setUp()
        build_year(self)
        cache.clear()
        self.login(self.kepala)

    def test_stale_figures_are_shown_with_their_time_while_the_worker_counts_them_again(self):
        first, _ = self.get()
        self.assertEqual(self.lppar_reports(first), "6")
        self.assertIn("counted at", first)
        self.assertNotIn(REFRESHING, first)
        file_report(at(6, 1), ["fisik"])  # a late entry of a report in the period

        # Within its freshness: the same figures, nothing queued.
        self.assertEqual(self.lppar_reports(self.get()[0]), "6")
        self.assertFalse(DBTaskResult.objects.filter(task_path=TASK).exists())

        self.assertEqual(age_dashboard_entries(DASHBOARD_FRESH_PAST + 1), 1)
        stale, captured = self.get()
        self.assertEqual(self.lppar_reports(stale), "6")
        self.assertIn(REFRESHING, stale)
        self.assertFalse(reads_reports(captured), "the stale page was counted while the head waited")
        self.assertEqual(DBTaskResult.objects.filter(task_path=TASK).count(), 1)
        # A second visit before the worker ran queues nothing more.
        self.assertIn(REFRESHING, self.get()[0])
        self.assertEqual(DBTaskResult.objects.filter(task_path=TASK).count(), 1)

        run_worker()
        self.assertEqual(DBTaskResult.objects.get(task_path=TASK).return_value, True)
        fresh, captured = self.get()
        self.assertEqual(self.lppar_reports(fresh), "7")
        self.assertNotIn(REFRESHING, fresh)
        self.assertFalse(reads_reports(captured))
        self.assertEqual(DBTaskResult.objects.filter(task_path=TASK).count(), 1)

    def test_the_refresh_keeps_the_language_of_the_visit_that_queued_it(self):
        self.get()
        age_dashboard_entries(DASHBOARD_FRESH_PAST + 1)
        self.assertIn(REFRESHING, self.get()[0])
        run_worker()
        english, captured = self.get()
        self.assertIn("Reports by category", english)
        self.assertNotIn(REFRESHING, english)
        self.assertFalse(reads_reports(captured), "the refresh stored another language's page")


class StaleFiguresTests(Visits, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_year(cls)

    def setUp(self):
        cache.clear()
        self.login(self.kepala)

    def test_a_period_reaching_today_is_fresh_for_a_minute_only(self):
        self.get(URL)
        age_dashboard_entries(DASHBOARD_FRESH_CURRENT // 2)
        self.assertNotIn(REFRESHING, self.get(URL)[0])
        age_dashboard_entries(DASHBOARD_FRESH_CURRENT // 2 + 1)
        self.assertIn(REFRESHING, self.get(URL)[0])

    def test_figures_older_than_half_an_hour_are_counted_while_the_person_waits(self):
        self.get()
        file_report(at(6, 1), ["fisik"])
        age_dashboard_entries(DASHBOARD_SERVED_STALE + 1)
        html, captured = self.get()
        self.assertEqual(self.lppar_reports(html), "7")
        self.assertNotIn(REFRESHING, html)
        self.assertTrue(reads_reports(captured))
        self.assertFalse(DBTaskResult.objects.filter(task_path=TASK).exists())

    def test_the_stale_page_costs_the_same_for_one_year_of_data_or_three(self):
        def stale_count() -> int:
            cache.clear()
            self.get()
            age_dashboard_entries(DASHBOARD_FRESH_PAST + 1)
            DBTaskResult.objects.all().delete()
            _html, captured = self.get()
            return len(captured.captured_queries)

        small = stale_count()
        # The cached page's statements, the refresh's lock in the cache and the queued task.
        self.assertLessEqual(small, 14)
        for _ in range(2):
            build_year(self)
        self.assertEqual(stale_count(), small)

    def refresh(self, user: User, *, unit: str = "", queued_at: float | None = None) -> bool:
        typed = {"start": "2025-01-01", "end": "2025-12-31", "unit": unit}
        queued = time.time() if queued_at is None else queued_at
        return dashboard_refresh(user_id=user.pk, typed=typed, language="en", queued_at=queued)

    def kept_entries(self) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT cache_key, value FROM sigap_cache WHERE cache_key LIKE %s", ["%reporting:dashboard:%"]
            )
            return sorted(cursor.fetchall())

    def test_a_refresh_counts_a_stale_entry_and_leaves_a_fresh_or_missing_one(self):
        self.assertFalse(self.refresh(self.kepala))  # missing: no one reads it now
        self.assertEqual(self.kept_entries(), [])
        self.get()
        self.assertFalse(self.refresh(self.kepala))  # fresh
        age_dashboard_entries(DASHBOARD_FRESH_PAST + 1)
        self.assertTrue(self.refresh(self.kepala))
        self.assertNotIn(REFRESHING, self.get()[0])

    def test_a_refresh_that_waited_longer_than_its_lock_does_nothing(self):
        self.get()
        age_dashboard_entries(DASHBOARD_FRESH_PAST + 1)
        before = self.kept_entries()
        self.assertFalse(self.refresh(self.kepala, queued_at=time.time() - DASHBOARD_REFRESH_LOCK - 1))
        self.assertEqual(self.kept_entries(), before)

    def test_a_refresh_for_someone_who_no_longer_reads_figures_stores_nothing(self):
        self.get()
        age_dashboard_entries(DASHBOARD_FRESH_PAST + 1)
        before = self.kept_entries()
        Membership.objects.filter(user=self.kepala).delete()
        self.assertFalse(self.refresh(self.kepala))
        self.assertFalse(self.refresh(self.admin))
        User.objects.filter(pk=self.analis.pk).update(is_active=False)
        self.assertFalse(self.refresh(self.analis))
        self.assertEqual(self.kept_entries(), before)

    def test_a_refresh_asking_for_a_unit_outside_the_readers_units_stores_nothing(self):
        self.assertFalse(self.refresh(self.konselor, unit=self.lppar.code))
        self.assertEqual(self.kept_entries(), [])


class CronWarmingTests(BaseTestCase):
    def setUp(self):
        cache.clear()

    def warm(self) -> str:
        out = StringIO()
        call_command("refresh_dashboards", stdout=out)
        return out.getvalue()

    def test_each_recent_readers_default_page_is_counted_once_so_the_first_visit_waits_for_nothing(self):
        readers = [self.kepala, self.analis, self.petugas, self.manajer, self.manajer2]
        User.objects.update(last_login=None)
        User.objects.filter(pk__in=[r.pk for r in readers]).update(last_login=timezone.now() - timedelta(days=2))
        # Not this one: no login for two months.
        User.objects.filter(pk=self.konselor.pk).update(last_login=timezone.now() - timedelta(days=60))

        # The intake officer and the two case managers of LP-PAR read the same units
        # with the same rights: one entry for the three.
        self.assertIn("counted: 3; already fresh: 2.", self.warm())

        for reader in readers:
            self.login(reader)
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(URL)
            self.assertEqual(response.status_code, 200)
            self.assertFalse(reads_reports(captured), f"{reader} waited for the figures")
            self.assertNotContains(response, 'class="notice" role="status"')
        # The counsellor's page was not counted ahead.
        self.login(self.konselor)
        with CaptureQueriesContext(connection) as captured:
            self.client.get(URL)
        self.assertTrue(reads_reports(captured))

    def test_a_second_run_within_the_minute_counts_nothing(self):
        User.objects.update(last_login=None)
        User.objects.filter(pk=self.kepala.pk).update(last_login=timezone.now())
        self.assertIn("counted: 1; already fresh: 0.", self.warm())
        self.assertIn("counted: 0; already fresh: 1.", self.warm())
        age_dashboard_entries(DASHBOARD_FRESH_CURRENT + 1)
        started = time.time()
        self.assertIn("counted: 1; already fresh: 0.", self.warm())
        (key,) = dashboard_entry_keys()
        self.assertGreaterEqual(cache.get(key)[0], started)
