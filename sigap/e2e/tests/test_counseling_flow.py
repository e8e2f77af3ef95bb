"""Counselling end to end: a member of the public books a consultation without an
account, the counsellor records a session and closes the consultation, and the person
answers the anonymous satisfaction survey with the code. axe-core audits every page
reached. The public steps run again with JavaScript switched off.

(axe is not run in the JavaScript-off context: axe-core schedules its work with
timers, which a page with scripts disabled runs late or not at all, so the audit
stalls for tens of seconds or hangs. The markup is the same either way, and the
audit of it runs in the first test.)"""

import re

import pytest
from playwright.sync_api import Page, expect

from sigap.counseling.models import Consultation, SurveyResponse
from sigap.devtools.counseling_demo import build as build_counseling_demo
from sigap.e2e.tests.conftest import assert_accessible, demo_code, enter_code, log_in_with_password, new_context, url
from sigap.lib.ratelimit import reset_rate_limits

pytestmark = pytest.mark.browser

ALIAS = "Bunga Uji"
NOTES = "Ibu merasa kewalahan mengasuh dua balita; belajar teknik menenangkan anak."
MANAGE_LINK = re.compile(r"/konsultasi/kelola/[A-Za-z0-9_\-]{43,}/$")
SURVEY_CODE = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    reset_rate_limits()
    yield
    reset_rate_limits()


@pytest.fixture
def public_page(browser, live_server, transactional_db) -> Page:
    """An anonymous member of the public."""
    context = new_context(browser, live_server)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def no_script_page(browser, live_server, transactional_db) -> Page:
    """An anonymous member of the public with JavaScript switched off."""
    context = new_context(browser, live_server, java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def counsellor_page(browser, live_server, named):
    context = new_context(browser, live_server)
    page = context.new_page()
    log_in_with_password(page, "konselor")
    expect(page).to_have_url(url(live_server, "/masuk/verifikasi/"))
    enter_code(page, demo_code("konselor"))
    expect(page).to_have_url(url(live_server, "/staf/"))
    try:
        yield page
    finally:
        context.close()


def test_book_then_session_then_close_then_the_survey_is_answered(public_page, counsellor_page, named, live_server):
    build_counseling_demo(named["units"], named["people"])
    public, counsellor = public_page, counsellor_page
    answers_before = SurveyResponse.objects.count()

    # Step one: what and where. Step two: a free time and the least data.
    public.goto("/konsultasi/")
    expect(public.locator(".quick-exit")).to_be_visible()
    assert_accessible(public)
    public.locator("input[name=kind][value=anak_pengasuhan]").check()
    public.locator("input[name=mode][value=place]").check()
    public.locator("form.booking-search button[type=submit]").click()
    expect(public.locator("#book_slot")).to_be_visible()
    assert_accessible(public)

    # Refused without consent: the form comes back with the message and the alias kept.
    public.locator("#book_slot").select_option(index=1)
    public.locator("#book_name").fill(ALIAS)
    public.locator("input[name=contact_method][value=none]").check()
    public.locator("form.booking-form button[type=submit]").click()
    expect(public.locator("#form-errors")).to_be_visible()
    expect(public.locator("#book_name")).to_have_value(ALIAS)
    assert_accessible(public)
    public.locator("#book_consent").check()
    public.locator("#book_slot").select_option(index=1)
    public.locator("form.booking-form button[type=submit]").click()

    # The confirmation: the private link, shown once, and the calendar file.
    link = public.locator(".private-link a")
    expect(link).to_have_attribute("href", MANAGE_LINK)
    assert_accessible(public)
    manage_path = link.get_attribute("href")
    calendar = public.request.get(url(live_server, manage_path + "janji-temu.ics"))
    assert calendar.ok and "SUMMARY:" in calendar.text()
    assert "anak" not in calendar.text().lower() and ALIAS not in calendar.text()
    public.goto(manage_path)
    expect(public.locator("form.cancel-form")).to_be_visible()
    assert_accessible(public)
    consultation = Consultation.objects.get(person__full_name=ALIAS)

    # The counsellor finds it, records a session and closes it.
    counsellor.goto("/staf/konsultasi/")
    row_link = counsellor.locator(f'main table a[href="{consultation.get_absolute_url()}"]')
    expect(row_link).to_be_visible()
    assert_accessible(counsellor)
    row_link.click()
    expect(counsellor.locator("main h1")).to_contain_text(str(consultation))
    assert_accessible(counsellor)
    counsellor.goto(consultation.get_absolute_url() + "sesi/")
    assert_accessible(counsellor)
    counsellor.locator("input[name=attendance][value=attended]").check()
    counsellor.locator("#id_notes").fill(NOTES)
    counsellor.locator("#id_next_step").fill("Latihan di rumah selama seminggu.")
    counsellor.locator("form.session-form button[type=submit]").click()
    expect(counsellor).to_have_url(url(live_server, consultation.get_absolute_url()))
    expect(counsellor.locator("main ol.sessions li")).to_have_count(1)
    assert_accessible(counsellor)
    counsellor.locator("main ol.sessions li a").first.click()
    expect(counsellor.locator("main dd.notes")).to_contain_text("teknik menenangkan anak")
    assert_accessible(counsellor)

    counsellor.goto(consultation.get_absolute_url() + "tutup/")
    assert_accessible(counsellor)
    counsellor.locator("input[name=reason][value=resolved]").check()
    counsellor.locator("form.close-form button[type=submit]").click()
    code_box = counsellor.locator(".survey-code")
    expect(code_box).to_have_text(SURVEY_CODE)
    assert_accessible(counsellor)
    code = code_box.inner_text().strip()

    # The booking can no longer be moved; the person answers the survey with the code.
    public.goto(manage_path)
    expect(public.locator("form.cancel-form")).to_have_count(0)
    public.goto("/survei/")
    assert_accessible(public)
    public.locator("#id_code").fill(code.lower())
    public.locator("main form button[type=submit]").click()
    expect(public.locator("input[name=u1]").first).to_be_visible()
    assert_accessible(public)
    for n, score in enumerate([4, 3, 4, 4, 3, 4, 4, 3, 4], start=1):
        public.locator(f"input[name=u{n}][value='{score}']").check()
    public.locator("#id_comment").fill("Konselornya sabar sekali.")
    public.locator("form.survey-form button[type=submit]").click()
    expect(public.locator("p.survey-done")).to_be_visible()
    assert_accessible(public)
    assert code not in public.url

    assert SurveyResponse.objects.count() == answers_before + 1
    answer = SurveyResponse.objects.latest("id")
    assert answer.scores() == [4, 3, 4, 4, 3, 4, 4, 3, 4]
    consultation.refresh_from_db()
    assert consultation.status == "closed"


def test_booking_moving_and_the_survey_work_without_javascript(no_script_page, named, live_server):
    from sigap.counseling.services import survey_invitation_issue

    build_counseling_demo(named["units"], named["people"])
    public = no_script_page
    public.goto("/konsultasi/")
    public.locator("input[name=kind][value=hukum]").check()
    public.locator("input[name=mode][value=place]").check()
    public.locator("form.booking-search button[type=submit]").click()
    public.locator("#book_slot").select_option(index=1)
    public.locator("#book_name").fill("Tanpa Skrip")
    public.locator("input[name=contact_method][value=email]").check()
    public.locator("#book_contact_value").fill("tanpa.skrip@example.org")
    public.locator("#book_safe_from").fill("19:00")
    public.locator("#book_safe_until").fill("21:00")
    public.locator("#book_consent").check()
    public.locator("form.booking-form button[type=submit]").click()
    link = public.locator(".private-link a")
    expect(link).to_have_attribute("href", MANAGE_LINK)
    manage_path = link.get_attribute("href")
    consultation = Consultation.objects.get(person__full_name="Tanpa Skrip")
    first_start = consultation.appointments.get().start

    # Move it, then cancel it, with plain forms.
    public.goto(manage_path)
    public.locator("#id_slot").select_option(index=2)
    public.locator("form.reschedule-form button[type=submit]").click()
    expect(public).to_have_url(url(live_server, manage_path))
    assert consultation.appointments.get().start != first_start
    public.locator("form.cancel-form button[type=submit]").click()
    expect(public.locator(".appointment-status")).not_to_have_text(re.compile("^$"))
    assert consultation.appointments.get().status == "cancelled"

    code = survey_invitation_issue(unit=named["units"]["puspaga-pekalongan"])
    public.goto("/survei/")
    public.locator("#id_code").fill(code)
    public.locator("main form button[type=submit]").click()
    for n in range(1, 10):
        public.locator(f"input[name=u{n}][value='3']").check()
    public.locator("form.survey-form button[type=submit]").click()
    expect(public.locator("p.survey-done")).to_be_visible()
    assert SurveyResponse.objects.filter(source="web").count() == 1
