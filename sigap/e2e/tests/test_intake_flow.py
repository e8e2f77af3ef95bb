"""Intake end to end: a member of the public reports without logging in, staff triage
and answer, and the reporter follows up with nothing but the receipt code.

The public side runs once with JavaScript and once without (the form, the receipt and
the follow-up must work either way); the staff side runs with JavaScript.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from sigap.e2e.tests.conftest import assert_accessible, demo_code, enter_code, log_in_with_password, new_context, url
from sigap.intake.models import Report
from sigap.intake.selectors import report_get_by_receipt
from sigap.lib.ratelimit import reset_rate_limits

pytestmark = pytest.mark.browser

ACCOUNT = "Anak tetangga saya sering dipukul ayahnya.\nKemarin malam terdengar teriakan lagi."
ROUTE_REASON = "Dikonfirmasi: kekerasan fisik berulang pada anak, perlu kunjungan segera."
STAFF_REPLY = "Terima kasih atas laporan Anda. Petugas kami akan berkunjung hari ini."
INTERNAL_NOTE = "Catatan internal: koordinasi dengan Bhabinkamtibmas setempat."
REPORTER_REPLY = "Terima kasih. Rumahnya yang bercat hijau di ujung gang."
RECEIPT_CODE = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$")
PREMARITAL_ACCOUNT = "Kami berencana menikah tahun depan dan ingin ikut bimbingan pranikah."


TIMERS_AS_MICROTASKS = """() => {
    window.setTimeout = (callback, _delay, ...args) => { Promise.resolve().then(() => callback(...args)); return 0; };
    window.clearTimeout = () => {};
}"""


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The public POSTs are rate-limited per address in Django's cache; every test
    starts (and leaves) with no hits counted."""
    reset_rate_limits()
    yield
    reset_rate_limits()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def javascript(request) -> bool:
    return request.param


@pytest.fixture
def public_page(javascript, browser, live_server, transactional_db) -> Page:
    """An anonymous member of the public, with JavaScript on or off."""
    context = new_context(browser, live_server, java_script_enabled=javascript)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def staff_page(browser, live_server, named):
    """`staff_page(username)`: a page, in its own browser context, where `username`
    has logged in with password and authenticator code."""
    contexts = []

    def log_in(username: str) -> Page:
        context = new_context(browser, live_server)
        contexts.append(context)
        page = context.new_page()
        log_in_with_password(page, username)
        expect(page).to_have_url(url(live_server, "/masuk/verifikasi/"))
        enter_code(page, demo_code(username))
        expect(page).to_have_url(url(live_server, "/staf/"))
        return page

    try:
        yield log_in
    finally:
        for context in contexts:
            context.close()


def audit(page: Page, *, javascript: bool = True) -> None:
    """assert_accessible, also on a page whose JavaScript is off.

    With JavaScript off, Chromium runs what Playwright evaluates but never fires a
    timer, and axe-core waits on setTimeout between its steps, so the audit would hang.
    For the audit only, timers become microtasks; the page's own scripts stay off, so
    axe sees the page exactly as a browser without JavaScript shows it.
    """
    if not javascript:
        page.evaluate(TIMERS_AS_MICROTASKS)
    assert_accessible(page)


def fill_report(page: Page, *, relation: str, category: str, account: str, consent: bool = True) -> None:
    page.locator(f"input[name=reporter_relation][value={relation}]").check()
    page.locator(f"input[name=categories][value={category}]").check()
    page.locator("#id_account").fill(account)
    page.locator("input[name=contact_method][value=none]").check()
    if consent:
        page.locator("#id_consent").check()
    else:
        page.locator("#id_consent").uncheck()


def submit_main_form(page: Page) -> None:
    page.locator("main form button[type=submit]").click()


def read_receipt_code(page: Page) -> str:
    code = page.locator(".receipt-code strong")
    expect(code).to_have_text(RECEIPT_CODE)
    return code.inner_text().strip()


def report_behind(code: str) -> Report:
    report = report_get_by_receipt(code)
    assert report is not None, "the receipt code shown matches no report"
    return report


def report_link(page: Page, report: Report):
    return page.locator(f'main table a[href="{report.get_absolute_url()}"]')


def test_an_anonymous_report_reaches_the_right_queue_and_the_reporter_reads_the_reply(
    public_page, javascript, staff_page, live_server
):
    public = public_page

    # The public form, empty, then refused without consent: what was typed stays.
    public.goto("/lapor/")
    expect(public.locator("#id_account")).to_be_visible()
    audit(public, javascript=javascript)
    fill_report(public, relation="neighbour", category="fisik", account=ACCOUNT, consent=False)
    submit_main_form(public)
    expect(public).to_have_url(url(live_server, "/lapor/"))
    expect(public.locator("#form-errors")).to_be_visible()
    expect(public.locator("#id_consent_error")).to_be_visible()
    expect(public.locator("#id_account")).to_have_value(ACCOUNT)
    expect(public.locator("input[name=reporter_relation][value=neighbour]")).to_be_checked()
    expect(public.locator("input[name=categories][value=fisik]")).to_be_checked()
    audit(public, javascript=javascript)
    assert Report.objects.count() == 0

    # Now with consent: the receipt code, shown once.
    public.locator("#id_consent").check()
    submit_main_form(public)
    code = read_receipt_code(public)
    audit(public, javascript=javascript)
    report = report_behind(code)

    # The intake officer finds it in the LP-PAR queue, confirms it as high risk, answers.
    officer = staff_page("petugas")
    officer.goto("/staf/laporan/")
    expect(report_link(officer, report)).to_be_visible()
    audit(officer)
    report_link(officer, report).click()
    expect(officer).to_have_url(url(live_server, report.get_absolute_url()))
    expect(officer.locator("main dd.account")).to_contain_text("Kemarin malam terdengar teriakan lagi.")
    audit(officer)

    officer.locator("#id_queue").select_option("lppar")
    officer.locator("#id_risk").select_option("high")
    officer.locator("#id_reason").fill(ROUTE_REASON)
    officer.locator("form[action$='/rute/'] button[type=submit]").click()
    expect(officer).to_have_url(url(live_server, "/staf/laporan/"))
    expect(officer.locator("main table tr.risk-high").locator(f'a[href="{report.get_absolute_url()}"]')).to_be_visible()

    report_link(officer, report).click()
    expect(officer.locator("main ol.history li")).to_have_count(2)
    expect(officer.locator("main ol.history li").last).to_contain_text(ROUTE_REASON)
    expect(officer.locator("#id_queue")).to_have_value("lppar")
    expect(officer.locator("#id_risk")).to_have_value("high")

    for body, internal in ((STAFF_REPLY, False), (INTERNAL_NOTE, True)):
        officer.locator("#id_body").fill(body)
        officer.locator("#id_internal").set_checked(internal)
        officer.locator("form[action$='/pesan/'] button[type=submit]").click()
        expect(officer).to_have_url(url(live_server, report.get_absolute_url()))
    expect(officer.locator("main ul.thread li.to_reporter")).to_contain_text(STAFF_REPLY)
    expect(officer.locator("main ul.thread li.internal")).to_contain_text(INTERNAL_NOTE)
    audit(officer)

    # The reporter follows the confirmation page's link, types the code as people do
    # (lower case, spaces for dashes) and reads the answer, but not the internal note.
    public.locator('main a[href="/cek/"]').click()
    expect(public).to_have_url(url(live_server, "/cek/"))
    expect(public.locator("#id_code")).to_be_visible()
    audit(public, javascript=javascript)
    public.locator("#id_code").fill(code.lower().replace("-", " "))
    submit_main_form(public)
    expect(public.locator("main ul.thread li.to_reporter")).to_contain_text(STAFF_REPLY)
    expect(public.locator("main")).not_to_contain_text(INTERNAL_NOTE)
    expect(public.locator("main p.status")).to_be_visible()
    audit(public, javascript=javascript)
    assert code not in public.url and code.lower() not in public.url

    public.locator("#id_body").fill(REPORTER_REPLY)
    submit_main_form(public)
    expect(public.locator("main p.message-success")).to_be_visible()
    expect(public.locator("main ul.thread li.from_reporter")).to_contain_text(REPORTER_REPLY)
    expect(public.locator("main ul.thread li.to_reporter")).to_contain_text(STAFF_REPLY)
    audit(public, javascript=javascript)

    # The officer sees the reporter's answer.
    officer.reload()
    expect(officer.locator("main ul.thread li.from_reporter")).to_contain_text(REPORTER_REPLY)

    # A question about marriage is Puspaga's: the counsellor sees it, the officer does not.
    public.goto("/lapor/")
    fill_report(public, relation="self", category="pranikah", account=PREMARITAL_ACCOUNT)
    submit_main_form(public)
    premarital = report_behind(read_receipt_code(public))

    counsellor = staff_page("konselor")
    counsellor.goto("/staf/laporan/")
    expect(report_link(counsellor, premarital)).to_be_visible()
    expect(report_link(counsellor, report)).to_have_count(0)

    officer.goto("/staf/laporan/")
    expect(report_link(officer, report)).to_be_visible()
    expect(report_link(officer, premarital)).to_have_count(0)
    response = officer.goto(premarital.get_absolute_url())
    assert response is not None and response.status == 404
