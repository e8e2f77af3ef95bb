"""The case list is paged by cursor (sigap.lib.pagination.keyset_page): every case
once, newest first, in either direction, and a deep page costs what the first does."""

import re
from datetime import timedelta
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sigap.cases.models import Case
from sigap.cases.tests.base import CaseTestCase
from sigap.cases.views import PAGE_SIZE

URL = "/staf/kasus/"


class CaseListPagingTests(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for _ in range(2 * PAGE_SIZE + 10):
            cls.open_case(cls)
        # Many cases opened in the same microsecond (an import, a batch): the id breaks the tie.
        start = timezone.now() - timedelta(days=30)
        cases = list(Case.objects.order_by("pk"))
        for n, case in enumerate(cases):
            Case.objects.filter(pk=case.pk).update(opened_at=start + timedelta(hours=n // 7))
        cls.expected = list(Case.objects.order_by("-opened_at", "-pk").values_list("pk", flat=True))

    def link(self, html: str, rel: str) -> str | None:
        found = re.search(rf'<a href="([^"]*)" rel="{rel}">', html)
        return URL + unescape(found.group(1)) if found else None

    def page_ids(self, url: str) -> tuple[list[int], str]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [case.pk for case in response.context["page"]], response.content.decode()

    def test_following_next_shows_every_case_once_newest_first_even_when_times_tie(self):
        self.login(self.kepala)
        seen, url = [], URL
        while url is not None:
            ids, html = self.page_ids(url)
            seen.extend(ids)
            url = self.link(html, "next")
        self.assertEqual(seen, self.expected)
        self.assertEqual(len(seen), 2 * PAGE_SIZE + 11)

    def test_following_previous_from_the_oldest_page_walks_back_to_the_newest(self):
        self.login(self.kepala)
        pages, url = [], URL + "?last=1"
        while url is not None:
            ids, html = self.page_ids(url)
            pages.insert(0, ids)
            url = self.link(html, "prev")
        walked = [pk for ids in pages for pk in ids]
        # The oldest page is full, so pages from this end may overlap the newest page.
        self.assertEqual(sorted(set(walked)), sorted(self.expected))
        self.assertEqual(walked[-PAGE_SIZE:], self.expected[-PAGE_SIZE:])
        self.assertEqual(pages[0], self.expected[:PAGE_SIZE])

    def test_the_filters_stay_in_the_links(self):
        self.login(self.kepala)
        _ids, html = self.page_ids(URL + "?status=baru")
        self.assertIn("status=baru", self.link(html, "next"))

    def test_a_cursor_that_is_not_one_shows_the_first_page(self):
        self.login(self.kepala)
        for junk in ("x", "1.2.3", "99999999999999999999999999.1", "-5.a", "<script>"):
            ids, _html = self.page_ids(URL + "?" + f"after={junk}")
            self.assertEqual(ids, self.expected[:PAGE_SIZE], junk)

    def test_an_id_too_large_for_the_database_is_an_empty_page_not_an_error(self):
        self.login(self.kepala)
        # A time of 1970 and an id past any bigint: nothing is older.
        self.assertEqual(self.page_ids(URL + "?after=1.99999999999999999999999")[0], [])
        # A time far ahead and such an id: everything is older.
        self.assertEqual(
            self.page_ids(URL + "?after=99999999999999999.99999999999999999999999")[0], self.expected[:PAGE_SIZE]
        )

    def test_a_deep_page_costs_the_same_queries_as_the_first(self):
        self.login(self.kepala)
        self.client.get(URL)  # the first request after login saves the session
        with CaptureQueriesContext(connection) as first:
            _ids, html = self.page_ids(URL)
        with CaptureQueriesContext(connection) as oldest:
            self.page_ids(URL + "?last=1")
        with CaptureQueriesContext(connection) as second:
            self.page_ids(self.link(html, "next"))
        self.assertEqual(len(oldest), len(first))
        self.assertEqual(len(second), len(first))
        # No OFFSET anywhere: the page starts from the cursor.
        self.assertFalse(any("OFFSET" in q["sql"] for q in second.captured_queries))

    def test_a_search_is_paged_newest_first_and_each_match_comes_once(self):
        matching = [self.open_case(summary="Korban dibawa untuk visum di RSUD").pk for _ in range(PAGE_SIZE + 5)]
        self.open_case(summary="Korban dibawa ke RSUD")  # one word only: not a match
        self.login(self.kepala)
        seen, url = [], URL + "?q=rsud+visum"
        while url is not None:
            ids, html = self.page_ids(url)
            seen.extend(ids)
            url = self.link(html, "next")
        self.assertEqual(seen, sorted(matching, reverse=True))
        # And back from the oldest page.
        ids, html = self.page_ids(URL + "?q=rsud+visum&last=1")
        self.assertEqual(ids, sorted(matching, reverse=True)[-PAGE_SIZE:])
        ids, _html = self.page_ids(self.link(html, "prev"))
        self.assertEqual(ids, sorted(matching, reverse=True)[:PAGE_SIZE])
