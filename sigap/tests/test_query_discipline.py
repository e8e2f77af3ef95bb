"""Query discipline: no page or API endpoint runs more queries when there are more rows.

Driven by the authorization matrix (sigap/tests/matrix.py), so a new URL is covered as
soon as it has its rows there. Every GET row is called as the people the matrix expects
to get 200: once to warm the caches, then once more while counting its queries (with
Django's cache emptied, so that cached figures are computed). Then every app's
`grow(test, objects)` adds more rows of each kind its pages list or show (an app
without `grow` has its `objects(test)` called again), and each page is counted again.
The two counts must be equal: a page whose cost grows with the data is an N+1 waiting
for a busy day. Growth also runs once before the first count, so that no kind of row
is missing from the start (a prefetch skipped for an empty set is not growth).
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.tests.matrix import USERS, MatrixTestCase, all_expectations, app_matrix_modules, expected_answer

# (url name, object name) → why its query count may change with the data. Keep this
# rare: a count that depends on the data in a bounded way (a prefetch skipped for an
# empty set) is better fixed by making the baseline data non-empty for that relation.
EXEMPT: dict[tuple[str, str | None], str] = {}


def pages_to_count() -> list[tuple[str, str | None, list[str]]]:
    """Every (url name, object) GET row with the people the matrix expects to get 200.
    On a public page (anonymous gets 200), anonymous and one member of staff stand for
    everyone, which keeps the test quick."""
    rows = []
    for (name, obj, method), expected_by_user in all_expectations().items():
        if method != "get" or (name, obj) in EXEMPT:
            continue
        users = [user for user in USERS if expected_answer(expected_by_user, user) == 200]
        if "anonymous" in users:
            users = users[:2]  # USERS begins with anonymous
        if users:
            rows.append((name, obj, users))
    return rows


class QueryDisciplineTests(MatrixTestCase):
    def get(self, user: str, name: str, obj: str | None) -> bytes:
        response = self.request(user, name, obj, "get")
        self.assertEqual(response.status_code, 200, f"{name} [{obj}] as {user}")
        # A streamed export queries while it is read: read it all (the test client closes
        # the response at the end; closing it here would close the database connection).
        return b"".join(response.streaming_content) if response.streaming else response.content

    def count_queries(self, user: str, name: str, obj: str | None) -> int:
        self.get(user, name, obj)  # warm Python's caches (content types, translations, …)
        cache.clear()  # but compute what Django's cache keeps (the dashboard's figures)
        with CaptureQueriesContext(connection) as queries:
            self.get(user, name, obj)
        return len(queries)

    def grow_every_app(self) -> None:
        for module in app_matrix_modules():
            if hasattr(module, "grow"):
                module.grow(self, self.url_args)
            elif hasattr(module, "objects"):
                module.objects(self)  # more of the same rows; the URLs keep their objects

    def test_no_page_runs_more_queries_when_there_are_more_rows(self):
        rows = pages_to_count()
        # Grown before the first count too: a query skipped while a set is empty is not growth.
        self.grow_every_app()
        before = {(name, obj, user): self.count_queries(user, name, obj) for name, obj, users in rows for user in users}
        self.grow_every_app()
        for name, obj, users in rows:
            with self.subTest(url=name, object=obj):
                after = {user: self.count_queries(user, name, obj) for user in users}
                grew = {
                    user: f"{before[name, obj, user]} → {count} queries"
                    for user, count in after.items()
                    if count != before[name, obj, user]
                }
                self.assertEqual(grew, {}, f"{name} [{obj}] runs more queries with more rows")
