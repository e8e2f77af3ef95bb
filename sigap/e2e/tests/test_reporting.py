"""Reporting in Chromium: the staff dashboard (head and analyst) and the public
statistics are accessible (axe-core), their charts render as images without breaking
the Content-Security-Policy, they read without JavaScript, and they print."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from sigap.e2e.tests.conftest import assert_accessible, demo_code, enter_code, log_in_with_password, new_context, url
from sigap.reporting.tests.helpers import build_year
from sigap.test import BaseTestCase

pytestmark = pytest.mark.browser

DASHBOARD = "/staf/laporan-statistik/?start=2025-01-01&end=2025-12-31"
LINKS_TO_RECORDS = "main a[href^='/staf/laporan/'], main a[href^='/staf/kasus/'], main a[href^='/staf/orang/']"
# Records every CSP violation the page's document reports, whatever its source. It is
# added through the DevTools protocol, which the page's policy does not govern.
WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.fixture
def year(named):
    people = SimpleNamespace(**named["people"], **{"lppar": named["units"]["lppar-pekalongan"]})
    people.make_person = BaseTestCase.make_person
    return build_year(people)


def watch_csp(page: Page) -> None:
    page.add_init_script(WATCH_CSP)


def csp_violations(page: Page) -> list[str]:
    return page.evaluate("window.__csp")


def assert_charts_drawn(page: Page) -> None:
    charts = page.locator("img.chart")
    assert charts.count() >= 15
    widths = charts.evaluate_all("images => images.map(image => image.complete && image.naturalWidth)")
    assert all(width and width > 0 for width in widths), widths


def test_the_heads_dashboard_is_accessible_and_its_charts_keep_the_csp(page, live_server, year, csp_errors):
    watch_csp(page)
    log_in_with_password(page, "kepala")
    enter_code(page, demo_code("kepala"))
    expect(page).to_have_url(url(live_server, "/staf/"))
    page.locator("header nav a[href='/staf/laporan-statistik/']").click()
    expect(page).to_have_url(url(live_server, "/staf/laporan-statistik/"))
    page.goto(DASHBOARD)
    expect(page.locator("table[data-table=queue_split] tbody tr").first).to_contain_text("6")
    assert_charts_drawn(page)
    assert_accessible(page)
    assert csp_violations(page) == []
    assert csp_errors == []

    # The watcher is not blind: a style element the policy forbids is reported.
    page.evaluate("document.head.appendChild(document.createElement('style')).textContent = 'body{}'")
    page.wait_for_function("window.__csp.length > 0")
    assert any("style-src" in violation for violation in csp_violations(page))

    # A filter with an error: the summary at the top, the field marked invalid.
    page.goto("/staf/laporan-statistik/?start=2025-06-01&end=2025-01-01")
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)


def test_the_analysts_dashboard_is_accessible_and_shows_counts_only(page, live_server, year):
    watch_csp(page)
    log_in_with_password(page, "analis")
    expect(page).to_have_url(url(live_server, "/staf/"))
    page.goto(DASHBOARD)
    expect(page.locator("table[data-table=reports_by_sex]")).to_contain_text("5")
    assert_charts_drawn(page)
    assert_accessible(page)
    assert csp_violations(page) == []
    assert page.locator(LINKS_TO_RECORDS).count() == 0


def test_the_dashboard_reads_without_javascript_and_prints_its_tables(browser, live_server, year):
    context = new_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in_with_password(page, "analis")
        page.goto(DASHBOARD)
        expect(page.locator("table[data-table=reports_by_category]")).to_be_visible()
        assert_charts_drawn(page)
        page.emulate_media(media="print")
        expect(page.locator("form.filters").first).to_be_hidden()
        expect(page.locator("nav.toc")).to_be_hidden()
        expect(page.locator("table[data-table=response_time]")).to_be_visible()
        expect(page.locator("img.chart").first).to_be_visible()
    finally:
        context.close()


def test_the_public_statistics_are_accessible_with_the_quick_exit(page, live_server, year):
    watch_csp(page)
    page.goto("/statistik/?tahun=2025")
    expect(page.locator("#quick-exit")).to_be_visible()
    expect(page.locator("table[data-table=by_category_and_month]")).to_be_visible()
    expect(page.locator("table[data-table=by_category_and_kecamatan] td[data-mark]").first).to_have_text("<5")
    assert_accessible(page)
    assert csp_violations(page) == []
