"""The public statistics at /statistik/ and /api/v1/public/statistics: the counts, the
suppression, what is not published (totals, the current year's kecamatan table, any
month still running), and an attack on exactly what the API publishes."""

import re

from sigap.reporting.choices import MIN_POSSIBLE_VALUES
from sigap.reporting.tests import attacker
from sigap.reporting.tests.helpers import SECRET_ACCOUNT, at, file_report, frozen
from sigap.test import BaseTestCase

BARAT, TIMUR, UTARA, SELATAN = "33.75.01.1003", "33.75.02.1004", "33.75.03.1002", "33.75.04.1004"
API = "/api/v1/public/statistics"


class PublicStatisticsTests(BaseTestCase):
    """2025: parenting reports every month (5 a month, 60 in all: 20 Barat, 15 Timur, 12
    Utara, 3 Selatan, 10 without a kelurahan), family conflict in May (7, all Barat),
    physical violence twice (January Barat, March Timur) and one in 2026."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        areas = [BARAT] * 20 + [TIMUR] * 15 + [UTARA] * 12 + [SELATAN] * 3 + [""] * 10
        for i, area in enumerate(areas):
            file_report(at(i // 5 + 1, 1 + i % 5), ["pengasuhan"], village=area)
        for day in range(1, 8):
            file_report(at(5, 10 + day), ["konflik_keluarga"], village=BARAT)
        file_report(at(1, 9), ["fisik"], village=BARAT)
        file_report(at(3, 9), ["fisik"], village=TIMUR)
        file_report(at(2, 2, year=2026), ["fisik"], village=BARAT)

    def published(self, year: int = 2025, today=None) -> dict:
        with frozen(today or at(3, 15, year=2026)):
            response = self.client.get(API, {"year": year})
        self.assertEqual(response.status_code, 200)
        return response.json()

    def rows(self, table: dict) -> dict:
        return {row["category"]: row["cells"] for row in table["rows"]}

    def test_a_finished_year_has_both_tables_with_small_counts_as_below_five(self):
        data = self.published()
        self.assertTrue(data["complete"])
        self.assertEqual(data["years"], [2025, 2026])
        by_month = self.rows(data["by_category_and_month"])
        self.assertEqual([c["key"] for c in data["by_category_and_month"]["columns"]][:2], ["2025-01", "2025-02"])
        self.assertEqual(by_month["pengasuhan"], [5] * 12)
        self.assertEqual(by_month["konflik_keluarga"], ["<5"] * 4 + [7] + ["<5"] * 7)
        self.assertEqual(by_month["fisik"], ["<5"] * 12)
        by_area = self.rows(data["by_category_and_kecamatan"])
        columns = [c["key"] for c in data["by_category_and_kecamatan"]["columns"]]
        self.assertEqual(columns, ["33.75.01", "33.75.02", "33.75.03", "33.75.04", "unknown"])
        # Parenting's row adds up to 60, which table A gives away; the lone 3 would follow
        # from it, so the smallest other cell (10) is hidden too.
        self.assertEqual(by_area["pengasuhan"], [20, 15, 12, "<5", "hidden"])
        self.assertEqual(by_area["konflik_keluarga"], [7, "<5", "<5", "<5", "<5"])
        self.assertEqual(by_area["fisik"], ["<5"] * 5)

    def test_no_totals_are_published(self):
        data = self.published()
        self.assertEqual(data["suppression"]["totals"], "not published")
        for table in (data["by_category_and_month"], data["by_category_and_kecamatan"]):
            self.assertNotIn("total", {column["key"] for column in table["columns"]})
            self.assertEqual({len(row["cells"]) for row in table["rows"]}, {len(table["columns"])})

    def test_an_attacker_with_everything_published_recovers_nothing(self):
        for year in (2025, 2026):
            system = attacker.read(self.published(year))
            self.assertEqual(attacker.attack(system, enough=MIN_POSSIBLE_VALUES), [], year)
        # The finished year really linked the tables: there was something to attack.
        self.assertGreater(len(attacker.read(self.published(2025)).equations), 2)

    def test_only_ended_months_are_published_and_the_kecamatan_table_waits_for_the_year_end(self):
        data = self.published(2026, today=at(3, 15, year=2026))
        self.assertFalse(data["complete"])
        self.assertEqual([c["key"] for c in data["by_category_and_month"]["columns"]], ["2026-01", "2026-02"])
        self.assertIsNone(data["by_category_and_kecamatan"])
        self.assertEqual(self.rows(data["by_category_and_month"])["fisik"], ["<5", "<5"])

    def test_a_published_month_reads_the_same_on_every_later_day(self):
        in_july = self.published(2025, today=at(7, 20))
        next_year = self.published(2025, today=at(6, 1, year=2026))
        self.assertEqual(len(in_july["by_category_and_month"]["columns"]), 6)
        for category, cells in self.rows(in_july["by_category_and_month"]).items():
            self.assertEqual(cells, self.rows(next_year["by_category_and_month"])[category][:6], category)

    def test_a_report_filed_today_changes_nothing_published(self):
        before = self.published(2026, today=at(3, 15, year=2026))
        file_report(at(3, 15, 10, year=2026), ["fisik"], village=BARAT)
        self.assertEqual(self.published(2026, today=at(3, 15, 11, year=2026)), before)

    def test_the_page_shows_the_same_cells_and_extends_the_public_layout(self):
        with frozen(at(3, 15, year=2026)):
            response = self.client.get("/statistik/", {"tahun": 2025})
        html = response.content.decode()
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="quick-exit"', html)
        row = re.search(
            r'<tr data-category="pengasuhan"><th scope="row">[^<]*</th>(.*?)</tr>',
            html.split("by_category_and_kecamatan")[-1],
            re.S,
        )
        cells = re.findall(r'<td class="number"(?: data-mark="([^"]*)")?>([^<]*)</td>', row.group(1))
        self.assertEqual(cells, [("", "20"), ("", "15"), ("", "12"), ("&lt;5", "&lt;5"), ("hidden", "×")])
        self.assertNotIn(SECRET_ACCOUNT, html)
        self.assertNotIn("<style", html)

    def test_the_page_defaults_to_the_latest_year(self):
        with frozen(at(3, 15, year=2026)):
            html = self.client.get("/statistik/").content.decode()
        self.assertIn('<option value="2026" selected>', html)
        self.assertIn("2026-02", html)

    def test_a_year_without_statistics_is_not_found(self):
        with frozen(at(3, 15, year=2026)):
            self.assertEqual(self.client.get("/statistik/", {"tahun": 1999}).status_code, 404)
            self.assertEqual(self.client.get("/statistik/", {"tahun": "x"}).status_code, 404)
            self.assertEqual(self.client.get(API, {"year": 2031}).status_code, 404)

    def test_the_json_needs_no_token_and_takes_only_get(self):
        self.assertEqual(self.client.post(API).status_code, 405)
        self.assertEqual(self.client.get(API).status_code, 200)


class HostileQueryTests(BaseTestCase):
    VALUES = ["<script>alert(1)</script>", "2025' OR 1=1--", "9" * 40, "-1", "\x00", "٢٠٢٥", "2025-01", ""]

    def test_hostile_query_strings_get_a_clear_answer_never_a_server_error(self):
        self.client.raise_request_exception = False
        for value in self.VALUES:
            for url, name in (("/statistik/", "tahun"), (API, "year")):
                response = self.client.get(url, {name: value})
                self.assertIn(response.status_code, (200, 404), (url, value))
                self.assertNotIn("<script>alert", response.content.decode(errors="replace"))
        self.login(self.kepala)
        for value in self.VALUES:
            for url, names in (
                ("/staf/laporan-statistik/", ("start", "end", "unit")),
                ("/staf/laporan-statistik/ekspor/reports_by_sex.csv", ("start", "end", "unit")),
                ("/staf/laporan-statistik/bulanan/", ("month", "unit")),
            ):
                for name in names:
                    response = self.client.get(url, {name: value})
                    self.assertIn(response.status_code, (200, 400), (url, name, value))
                    body = b"".join(response.streaming_content) if response.streaming else response.content
                    self.assertNotIn(b"<script>alert", body)
