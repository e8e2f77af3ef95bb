"""The staff dashboard: who sees which units' figures, what never appears on it, its
filters, its charts, and what it costs in queries."""

import base64
import re

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sigap.intake.models import Report
from sigap.reporting.tests.helpers import SECRET_ACCOUNT, VICTIM_NAME, at, build_year, file_report
from sigap.test import BaseTestCase

URL = "/staf/laporan-statistik/"
YEAR = "?start=2025-01-01&end=2025-12-31"


def table_numbers(html: str, key: str) -> dict[str, list[str]]:
    """{row label: [cells]} of the dashboard table `key`, as the page shows them."""
    table = re.search(rf'<table class="figures" data-table="{key}">(.*?)</table>', html, re.S).group(1)
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S):
        rows[row[0]] = re.findall(r'<td class="number">(.*?)</td>', row[1])
    return rows


class DashboardTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.built = build_year(cls)

    def page(self, user, query: str = YEAR):
        self.login(user)
        response = self.client.get(URL + query, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_head_sees_both_units_figures_with_a_chart_and_a_table_each(self):
        html = self.page(self.kepala)
        self.assertEqual(table_numbers(html, "queue_split")["LP-PAR (violence handling)"], ["6", "5", "1"])
        self.assertEqual(table_numbers(html, "queue_split")["Puspaga (prevention)"], ["3", "1", "0"])
        self.assertIn('id="section-cases"', html)
        tables = re.findall(r'data-table="([a-z_]+)"', html)
        charts = re.findall(r'<img class="chart" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
        empty = html.count('<tr class="empty">')
        self.assertEqual(empty, 1)  # no cadre outreach in the data
        self.assertEqual(len(charts), len(tables) - empty)
        self.assertGreaterEqual(len(tables), 20)

    def test_each_chart_is_a_plain_svg_with_no_script_and_no_outside_address(self):
        html = self.page(self.kepala)
        for encoded in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html):
            svg = base64.b64decode(encoded).decode()
            self.assertTrue(svg.startswith("<svg"))
            self.assertNotIn("<script", svg)
            self.assertNotIn("<!--", svg)
            self.assertNotIn("<?xml", svg)
            self.assertEqual(set(re.findall(r"https?://[^\"'\s<>]+", svg)), {"http://www.w3.org/2000/svg"})
            self.assertNotRegex(svg, r"(href|src)=")

    def test_a_chart_carries_nothing_an_image_does_not_show(self):
        """No tooltip data, titles or chart-scoped rules (only pygal's script used them),
        and no digits finer than a tenth of a pixel: half of what a chart weighed."""
        html = self.page(self.kepala)
        for encoded in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html):
            svg = base64.b64decode(encoded).decode()
            self.assertNotIn("<desc", svg)
            self.assertNotIn("<title", svg)
            self.assertNotIn("tooltip-trigger", svg)
            self.assertNotIn("#chart-", svg)
            self.assertNotRegex(svg, r'(x|y|width|height)="-?\d+\.\d\d')
            self.assertIn("<rect", svg)  # the bars are still drawn

    def test_the_page_has_no_inline_script_or_style(self):
        html = self.page(self.kepala)
        self.assertNotIn("<style", html)
        self.assertNotIn(" style=", html)
        self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)")

    def test_the_analyst_sees_the_same_figures_but_never_a_person_a_name_or_a_link_to_a_record(self):
        html = self.page(self.analis)
        self.assertEqual(table_numbers(html, "queue_split")["LP-PAR (violence handling)"], ["6", "5", "1"])
        self.assertNotIn(VICTIM_NAME, html)
        self.assertNotIn(SECRET_ACCOUNT, html)
        self.assertNotIn(self.built["cases"][0].number, html)
        for prefix in ("/staf/laporan/", "/staf/kasus/", "/staf/orang/"):
            self.assertNotRegex(html, rf'href="{prefix}\d')
        self.assertNotIn("/staf/kasus/ekspor/simfoni", html)  # personal rows: the head's export only

    def test_the_head_gets_the_simfoni_export_and_the_monthly_report_links(self):
        html = self.page(self.kepala)
        self.assertIn('href="/staf/kasus/ekspor/simfoni.csv?from=2025-01-01&amp;to=2025-12-31"', html)
        self.assertIn('action="/staf/laporan-statistik/bulanan/"', html)
        self.assertIn("/staf/laporan-statistik/ekspor/reports_by_category.xlsx?start=2025-01-01", html)

    def test_a_puspaga_counsellor_sees_puspaga_and_of_lppar_only_the_moves_between_queues(self):
        html = self.page(self.konselor)
        split = table_numbers(html, "queue_split")
        self.assertEqual(split["LP-PAR (violence handling)"], ["0", "0", "0"])
        self.assertEqual(split["Puspaga (prevention)"], ["3", "1", "0"])
        categories = table_numbers(html, "reports_by_category")
        self.assertEqual(categories["Physical violence"], ["0"])  # LP-PAR's two stay out
        self.assertEqual(categories["Psychological violence"], ["1"])  # R9, handed to Puspaga
        self.assertEqual(table_numbers(html, "escalations")["Puspaga → LP-PAR (escalated)"], ["1"])
        self.assertNotIn('id="section-cases"', html)
        self.assertNotIn("/ekspor/", html)  # exports are for the head and the analyst
        self.assertNotRegex(html, r"<option[^>]*>LP-PAR")

    def test_an_lppar_intake_officer_sees_lppar_only(self):
        html = self.page(self.petugas)
        self.assertEqual(table_numbers(html, "queue_split")["Puspaga (prevention)"], ["0", "0", "0"])
        self.assertEqual(table_numbers(html, "queue_split")["LP-PAR (violence handling)"], ["6", "5", "1"])

    def test_another_citys_officer_sees_only_their_own_citys_figures(self):
        report = file_report(at(5, 1), ["fisik"])
        Report.objects.filter(pk=report.pk).update(unit=self.batang)
        html = self.page(self.outsider)
        self.assertEqual(table_numbers(html, "reports_by_category")["Physical violence"], ["1"])
        self.assertEqual(table_numbers(html, "reports_by_sex")["Female"], ["0"])
        self.assertEqual(table_numbers(html, "escalations")["Puspaga → LP-PAR (escalated)"], ["0"])

    def test_the_administrator_gets_403(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(URL).status_code, 403)

    def test_the_period_defaults_to_this_year(self):
        html = self.page(self.kepala, query="")
        self.assertRegex(html, r'name="start" value="\d{4}-01-01"')

    def test_a_period_that_ends_before_it_starts_is_refused_with_400(self):
        self.login(self.kepala)
        response = self.client.get(URL + "?start=2025-06-01&end=2025-01-01")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn('data-table="', response.content.decode())

    def test_a_unit_outside_the_users_units_is_refused_with_400(self):
        self.login(self.konselor)
        self.assertEqual(self.client.get(URL + "?unit=lppar-pekalongan").status_code, 400)
        self.assertEqual(self.client.get(URL + "?unit=puspaga-pekalongan").status_code, 200)

    def test_the_unit_filter_narrows_the_heads_figures(self):
        html = self.page(self.kepala, query=YEAR + "&unit=puspaga-pekalongan")
        self.assertEqual(table_numbers(html, "queue_split")["LP-PAR (violence handling)"], ["0", "0", "0"])
        self.assertNotIn('id="section-cases"', html)

    def test_post_is_not_allowed(self):
        self.login(self.kepala)
        self.assertEqual(self.client.post(URL).status_code, 405)


class DashboardQueryCountTests(BaseTestCase):
    """The statements of one dashboard request, computed (the cache emptied first) or
    read from the cache. Each count uses a new session: the session's idle clock is
    saved at most once a minute (sigap.accounts.middleware.keep_session_alive), so the
    same page costs three statements more or less depending on when the session was
    last saved, which is not the dashboard's doing."""

    # The figures: two grouped passes over the reports (the response clocks are read
    # from the reports, no longer from their routings), then about one aggregate per
    # table; plus the session, the user, the second factor, the navigation, the
    # filters' units (named in the cache key, then listed in the forms) and the
    # cache's read and write.
    COMPUTED = 40
    # From the cache: the session, the user, the second factor, the roles, the units
    # named in the key (the filters' and the monthly report's), the cache's read and
    # the navigation's unread count; the figures and the forms come with the entry.
    CACHED = 9

    def count(self, path: str = URL + YEAR, *, cached: bool = False) -> int:
        if not cached:
            cache.clear()
        self.client = Client()
        self.login(self.kepala)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(path).status_code, 200)
        return len(captured.captured_queries)

    def test_the_same_page_costs_the_same_on_every_call(self):
        build_year(self)
        computed = self.count()
        self.assertLessEqual(computed, self.COMPUTED)
        self.assertEqual(self.count(), computed)
        cached = self.count(cached=True)
        self.assertLessEqual(cached, self.CACHED)
        self.assertEqual(self.count(cached=True), cached)

    def test_the_cached_page_shows_the_same_figures(self):
        build_year(self)
        cache.clear()
        self.login(self.kepala)
        computed = self.client.get(URL + YEAR, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        cached = self.client.get(URL + YEAR, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        for key in ("queue_split", "response_time", "reports_by_category", "reports_by_kelurahan", "open_work"):
            self.assertEqual(table_numbers(cached, key), table_numbers(computed, key))
        self.assertEqual(table_numbers(cached, "queue_split")["LP-PAR (violence handling)"], ["6", "5", "1"])
        # Another language is another entry: no English label on the Indonesian page.
        indonesian = self.client.get(URL + YEAR, HTTP_ACCEPT_LANGUAGE="id").content.decode()
        self.assertNotIn("Reports by category", indonesian)

    def test_a_page_cached_with_export_links_is_not_served_to_someone_without_the_right(self):
        from sigap.accounts.choices import Role
        from sigap.accounts.models import Membership, User
        from sigap.reporting.dashboard import dashboard_body
        from sigap.reporting.forms import PeriodForm
        from sigap.reporting.selectors import figure_units_for_user

        build_year(self)
        cache.clear()
        # The same units, period and filters for the head (who exports) and a case
        # manager given the head's units (who does not): only the export rights differ.
        Membership.objects.create(user=self.manajer, unit=self.agency, role=Role.CASE_MANAGER)
        kepala, manajer = User.objects.get(pk=self.kepala.pk), User.objects.get(pk=self.manajer.pk)
        units = figure_units_for_user(kepala)
        self.assertEqual(list(figure_units_for_user(manajer)), list(units))
        form = PeriodForm({"start": "2025-01-01", "end": "2025-12-31"}, units=units)
        self.assertTrue(form.is_valid())
        with_links = dashboard_body(form, user=kepala).html
        without = dashboard_body(form, user=manajer).html
        self.assertIn("/ekspor/", with_links)
        self.assertIn("monthly-form", with_links)
        self.assertNotIn("/ekspor/", without)
        self.assertNotIn("monthly-form", without)
        self.assertEqual(table_numbers(without, "queue_split"), table_numbers(with_links, "queue_split"))
        # Each is its own entry, read back as it was written.
        with self.assertNumQueries(2):  # the units (for the scope and the key) and the entry; the roles were read
            self.assertEqual(dashboard_body(form, user=manajer).html, without)
        # The head exports from the same units as she reads: they are not read again.
        with self.assertNumQueries(2):
            self.assertEqual(dashboard_body(form, user=kepala).html, with_links)

    def test_someone_who_exports_fewer_units_than_they_read_is_offered_only_those_for_the_monthly_report(self):
        from sigap.accounts.choices import Role
        from sigap.accounts.models import Membership

        # An LP-PAR case manager who is also Puspaga's analyst: figures of both, exports of Puspaga.
        Membership.objects.create(user=self.manajer, unit=self.puspaga, role=Role.ANALYST)
        cache.clear()
        self.login(self.manajer)
        html = self.client.get(URL + YEAR).content.decode()
        filters, monthly = html.split('class="filters monthly-form"')
        self.assertIn(f'value="{self.lppar.code}"', filters)
        self.assertIn(f'value="{self.puspaga.code}"', monthly)
        self.assertNotIn(f'value="{self.lppar.code}"', monthly)

    def test_what_one_person_typed_in_the_filters_is_not_shown_to_another(self):
        build_year(self)
        cache.clear()
        self.login(self.kepala)
        typed = self.client.get(URL + "?start=2025-1-1&end=2025-12-31").content.decode()
        self.assertIn('value="2025-1-1"', typed)
        # The same period written the usual way: its own entry, showing what was typed.
        usual = self.client.get(URL + "?start=2025-01-01&end=2025-12-31").content.decode()
        self.assertIn('value="2025-01-01"', usual)
        self.assertNotIn('value="2025-1-1"', usual)

    def test_a_renamed_unit_shows_in_the_filters_at_once(self):
        build_year(self)
        cache.clear()
        self.login(self.kepala)
        self.client.get(URL + YEAR)
        self.lppar.name = "UPTD PPA Kota Pekalongan (baru)"
        self.lppar.save()
        self.assertContains(self.client.get(URL + YEAR), "UPTD PPA Kota Pekalongan (baru)")

    def test_a_damaged_cache_entry_is_rendered_again(self):
        build_year(self)
        cache.clear()
        self.login(self.kepala)
        first = self.client.get(URL + YEAR, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.damage_every_dashboard_entry()
        again = self.client.get(URL + YEAR, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(again.status_code, 200)
        self.assertEqual(table_numbers(again.content.decode(), "queue_split"), table_numbers(first, "queue_split"))

    def damage_every_dashboard_entry(self):
        from django.db import connection as db

        with db.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM sigap_cache WHERE cache_key LIKE %s", ["%reporting:dashboard%"])
            keys = [row[0] for row in cursor.fetchall()]
        self.assertTrue(keys)
        for key in keys:
            cache.set(key.split(":", 2)[2], b"not zlib", 60)

    def test_the_dashboard_costs_the_same_for_one_year_of_data_or_three(self):
        build_year(self)
        small = self.count()
        # A budget, so a new figure that loops, or a new table, shows up here.
        self.assertLessEqual(small, self.COMPUTED)
        cached = self.count(cached=True)
        for _ in range(2):
            build_year(self)
        self.assertEqual(Report.objects.count(), 30)
        self.assertEqual(self.count(), small)
        self.assertEqual(self.count(cached=True), cached)

    def test_the_dashboard_costs_the_same_for_3_or_40_reports(self):
        for day in range(1, 4):
            file_report(at(1, day), ["fisik"])
        small = self.count()
        for day in range(1, 38):
            file_report(at(2, 1 + day % 28), ["pengasuhan", "hukum"])
        self.assertEqual(self.count(), small)

    def test_the_puspaga_panels_cost_the_same_for_1_or_7_of_everything(self):
        from sigap.cadres.tests.helpers import make_cadre, make_outreach
        from sigap.classes.tests.helpers import make_cohort, register
        from sigap.counseling.services import consultation_open, document_add, survey_import

        cadre = make_cadre(self)

        def grow(n: int, batch: int) -> None:
            cohort = make_cohort(self, name=f"Angkatan {batch}", first_in_days=-3)
            for i in range(n):
                consultation = consultation_open(
                    actor=self.konselor, unit=self.puspaga, kind="keluarga", counsellor=self.konselor, full_name=f"K{i}"
                )
                document_add(actor=self.konselor, consultation=consultation, document="kk")
                register(cohort, f"Peserta {batch}-{i}")
                make_outreach(self, cadre, days_ago=1 + i)
            survey_import(actor=None, unit=self.puspaga, period=timezone.localdate().replace(day=1), rows=[[4] * 9] * n)

        grow(1, 1)
        small = self.count(URL)
        grow(6, 2)
        self.assertEqual(self.count(URL), small)
