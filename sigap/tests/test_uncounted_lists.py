"""Lists that grow with the years are paged without counting them.

Django's Paginator counts every row of a list to know its number of pages. For the
access log (an entry for every page anyone opens) and for the API's lists, which a
program may walk every night, that count is the dearest statement of the request at a
million rows (issue 8). These lists read one row more than a page instead, and say
whether a next page exists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

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

    def test_an_api_list_says_whether_a_next_page_exists(self):
        for n in range(3):
            self.make_person(unit=self.lppar, full_name=f"Orang {n}", nik=f"33750145021{n:05d}")
        body = self.fetch("kepala", "/api/v1/people").json()
        self.assertEqual(len(body["results"]), 3)
        self.assertIsNone(body["next_page"])
        # A page past the end answers with the first page rather than nothing.
        self.assertEqual(len(self.fetch("kepala", "/api/v1/people?page=99").json()["results"]), 3)
