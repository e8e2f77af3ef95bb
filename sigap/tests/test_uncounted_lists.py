"""Lists that grow with the years are paged without counting them.

Django's Paginator counts every row of a list to know its number of pages. For the
access log (an entry for every page anyone opens) and for the API's lists, which a
program may walk every night, that count is the dearest statement of the request at a
million rows (issue 8). These lists read one row more than a page instead, and say
whether a next page exists."""

from unittest.mock import patch

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.lib.pagination import MAX_PAGE, uncounted_page
from sigap.test import BaseTestCase

# URL → (who reads it, the table it lists).
LISTS = {
    "/api/v1/cases": ("manajer", "cases_case"),
    "/api/v1/reports": ("petugas", "intake_report"),
    "/api/v1/people": ("kepala", "people_person"),
    "/api/v1/consultations": ("konselor", "counseling_consultation"),
    "/api/v1/outreach": ("kader", "cadres_outreachactivity"),
    "/api/v1/referrals": ("kader", "cadres_referral"),
    "/staf/audit/": ("kepala", "audit_auditevent"),
}


class UncountedListTests(BaseTestCase):
    def fetch(self, username: str, url: str):
        user = getattr(self, username)
        if url.startswith("/api/"):
            from sigap.accounts.services import api_token_issue

            token = api_token_issue(actor=None, user=user)[1]
            return self.client.get(url, headers={"Authorization": f"Bearer {token}"})
        self.login(user)
        return self.client.get(url)

    def test_no_growing_list_counts_its_rows(self):
        for url, (username, table) in LISTS.items():
            with self.subTest(url=url):
                with CaptureQueriesContext(connection) as queries:
                    response = self.fetch(username, url)
                self.assertEqual(response.status_code, 200)
                counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and f'"{table}"' in q["sql"]]
                self.assertEqual(counts, [], f"{url} counts {table}")

    def test_an_api_list_says_whether_a_next_page_exists_and_a_page_past_the_end_is_empty(self):
        for n in range(3):
            self.make_person(unit=self.lppar, full_name=f"Orang {n}", nik=f"33750145021{n:05d}")
        body = self.fetch("kepala", "/api/v1/people").json()
        self.assertEqual(len(body["results"]), 3)
        self.assertIsNone(body["next_page"])
        # A program walking next_page must stop: past the end, nothing and no next page
        # (the first page again would start its walk over, for ever).
        for page in ("2", "99", str(MAX_PAGE + 1)):
            with self.subTest(page=page):
                self.assertEqual(
                    self.fetch("kepala", f"/api/v1/people?page={page}").json(), {"results": [], "next_page": None}
                )

    def test_no_page_links_beyond_the_deepest_page_served(self):
        rows = list(range(10))
        with patch("sigap.lib.pagination.MAX_PAGE", 2):
            deepest = uncounted_page(rows, 2, 3)
            self.assertEqual((deepest.object_list, deepest.has_next()), ([3, 4, 5], False))
            # A person asking for more gets the deepest page; a program gets nothing.
            self.assertEqual(uncounted_page(rows, 3, 3).number, 2)
            beyond = uncounted_page(rows, 3, 3, first_when_past_end=False)
            self.assertEqual((beyond.object_list, beyond.has_next()), ([], False))
        # A person past the end of the list gets the first page.
        self.assertEqual(uncounted_page(rows, 9, 3).object_list, [0, 1, 2])
