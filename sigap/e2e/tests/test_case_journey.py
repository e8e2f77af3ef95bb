"""Case handling end to end: a report of physical violence becomes a case, the case
manager works it (victim, assessment, service, consent, referral) and asks the head to
close it, and the head approves from "My work".

The report is filed through the intake service (the public form has its own test);
everything after that is done in Chromium, each person in their own browser context.
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from sigap.cases.choices import CaseStatus
from sigap.cases.models import Case, ClosureRequest, ConsentRecord, Victim
from sigap.cases.services import partner_ensure
from sigap.e2e.tests.conftest import assert_accessible, demo_code, enter_code, log_in_with_password, new_context, url
from sigap.intake.services import report_submit

pytestmark = pytest.mark.browser

ACCOUNT = "Tetangga saya, seorang anak perempuan, sering dipukul ayah tirinya. Ada memar di lengannya."
VICTIM_NAME = "Dewi Lestari Rahayu"
FINDINGS = "Memar di lengan kiri, anak tampak takut pulang. Ibu mendukung pelaporan."
SAFETY_PLAN = "Anak tinggal sementara di rumah nenek; nomor darurat LP-PAR disimpan ibu."
CONSENT_PURPOSE = "Rujukan ke Unit PPA Polres"
REFERRAL_PURPOSE = "Pendampingan pembuatan laporan polisi"
CLOSURE_REASON = "Layanan selesai, anak aman bersama ibu dan nenek, proses hukum berjalan."
POLICE = "Unit PPA Polres Pekalongan Kota"


def status_label(status: str) -> str:
    """The status as the staff pages show it (in the site's language)."""
    with translation.override("id"):
        return str(CaseStatus(status).label)


@pytest.fixture
def staff_page(browser, live_server, named) -> Callable[[str], Page]:
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


def open_action(page: Page, action: str):
    """Expand the <details> block whose form posts to a URL ending in `action`;
    returns its form."""
    details = page.locator(f"main details:has(form[action$='{action}'])")
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    form = details.locator("form")
    expect(form).to_be_visible()
    return form


def save(page: Page, form, case: Case, live_server) -> None:
    """Submit an action form; a valid one comes back to the case page."""
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(url(live_server, case.get_absolute_url()))
    expect(page.locator("main .form-errors")).to_have_count(0)


def case_status(page: Page):
    return page.locator("main dl.facts dd").first


def test_a_report_becomes_a_case_that_is_worked_and_closed_with_the_heads_approval(staff_page, named, live_server):
    lppar = named["units"]["lppar-pekalongan"]
    manajer, kepala = named["people"]["manajer"], named["people"]["kepala"]
    report, _code = report_submit(
        reporter_relation="neighbour", categories=["fisik"], account=ACCOUNT, contact_method="none", consent=True
    )
    assert report.queue == "lppar"
    police = partner_ensure(unit=lppar, name=POLICE, kind="polisi")
    today = timezone.localdate()

    # The intake officer opens a case from the report, for the case manager.
    officer = staff_page("petugas")
    officer.goto(report.get_absolute_url())
    expect(officer.locator("#id_case_manager")).to_be_visible()
    assert_accessible(officer)
    officer.locator("#id_case_manager").select_option(str(manajer.pk))
    officer.locator(f"form[action$='/dari-laporan/{report.pk}/'] button[type=submit]").click()
    expect(officer).to_have_url(url(live_server, report.get_absolute_url()))
    case = Case.objects.get(report=report)
    assert case.assigned_to == manajer
    # The report names its case; the officer, who does not handle cases, gets no link.
    expect(officer.locator("section[aria-labelledby=case-title]")).to_contain_text(case.number)
    expect(officer.locator(f"main a[href='{case.get_absolute_url()}']")).to_have_count(0)

    # The case manager finds it in the case list.
    manager = staff_page("manajer")
    manager.goto("/staf/kasus/")
    case_link = manager.locator(f"main table a[href='{case.get_absolute_url()}']")
    expect(case_link).to_have_text(case.number)
    assert_accessible(manager)
    case_link.click()
    expect(manager).to_have_url(url(live_server, case.get_absolute_url()))
    expect(case_status(manager)).to_have_text(status_label(CaseStatus.NEW))
    assert_accessible(manager)

    # One step along the path.
    form = open_action(manager, "/lanjut/")
    form.locator("#id_reason_form-reason").fill("Mulai asesmen.")
    save(manager, form, case, live_server)
    expect(case_status(manager)).to_have_text(status_label(CaseStatus.ASSESSMENT))

    # The victim (audited with the form open).
    form = open_action(manager, "/korban/")
    form.locator("#id_victim_form-full_name").fill(VICTIM_NAME)
    form.locator("#id_victim_form-birth_date").fill("2014-05-17")
    form.locator("#id_victim_form-sex").select_option("P")
    form.locator("input[name='victim_form-violence_forms'][value='fisik']").check()
    assert_accessible(manager)
    save(manager, form, case, live_server)
    expect(manager.locator("section[aria-labelledby=victims-title] ul").first).to_contain_text(VICTIM_NAME)
    victim = Victim.objects.get(case=case)
    assert victim.violence_forms == ["fisik"] and victim.person.responsible == manajer

    # The assessment raises the risk.
    form = open_action(manager, "/asesmen/")
    form.locator("#id_assessment_form-findings").fill(FINDINGS)
    form.locator("#id_assessment_form-risk").select_option("high")
    form.locator("#id_assessment_form-safety_plan").fill(SAFETY_PLAN)
    save(manager, form, case, live_server)
    expect(manager.locator("section[aria-labelledby=plan-title]")).to_contain_text(FINDINGS)

    # A service given to the victim.
    form = open_action(manager, "/layanan/")
    form.locator("#id_service_form-victim").select_option(str(victim.pk))
    form.locator("#id_service_form-service_type").select_option("kesehatan")
    form.locator("#id_service_form-delivered_on").fill(today.isoformat())
    form.locator("#id_service_form-provider").fill("RSUD Bendan")
    form.locator("#id_service_form-description").fill("Visum et repertum dan perawatan memar.")
    save(manager, form, case, live_server)
    expect(manager.locator("section[aria-labelledby=services-title]")).to_contain_text("RSUD Bendan")

    # The client's consent, then the referral that relies on it.
    form = open_action(manager, "/persetujuan/")
    form.locator("#id_consent_form-purpose").fill(CONSENT_PURPOSE)
    for item in ("identity", "account"):
        form.locator(f"input[name='consent_form-items'][value='{item}']").check()
    save(manager, form, case, live_server)
    expect(manager.locator("section[aria-labelledby=services-title]")).to_contain_text(CONSENT_PURPOSE)
    consent = ConsentRecord.objects.get(case=case)

    form = open_action(manager, "/rujukan/")
    form.locator("#id_referral_form-victim").select_option(str(victim.pk))
    form.locator("#id_referral_form-partner").select_option(str(police.pk))
    form.locator("#id_referral_form-consent").select_option(str(consent.pk))
    form.locator("#id_referral_form-purpose").fill(REFERRAL_PURPOSE)
    for item in ("identity", "account"):
        form.locator(f"input[name='referral_form-shared_items'][value='{item}']").check()
    form.locator("#id_referral_form-due_date").fill((today + timedelta(days=7)).isoformat())
    save(manager, form, case, live_server)
    expect(manager.locator("section[aria-labelledby=services-title]")).to_contain_text(POLICE)
    referral = case.referrals.get()
    assert referral.partner == police and referral.shared_items == ["account", "identity"]

    # The request to close.
    form = open_action(manager, "/minta-tutup/")
    form.locator("#id_closure_form-reason").fill(CLOSURE_REASON)
    save(manager, form, case, live_server)
    expect(manager.locator("section[aria-labelledby=closure-title] li")).to_have_count(1)
    closure = ClosureRequest.objects.get(case=case)
    assert closure.decision == "pending"

    # The head sees the request on "My work" and approves it from the case page.
    head = staff_page("kepala")
    head.goto("/staf/kasus/pekerjaan-saya/")
    pending = head.locator(f"section[aria-labelledby=closures-title] a[href='{case.get_absolute_url()}']")
    expect(pending).to_have_text(case.number)
    assert_accessible(head)
    pending.click()
    expect(head).to_have_url(url(live_server, case.get_absolute_url()))
    form = open_action(head, f"/tutup/{closure.pk}/")
    form.locator("input[name='decision_form-approve'][value='1']").check()
    form.locator("#id_decision_form-comment").fill("Disetujui.")
    save(head, form, case, live_server)
    expect(case_status(head)).to_have_text(status_label(CaseStatus.CLOSED))

    case.refresh_from_db()
    closure.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    assert closure.decision == "approved" and closure.decided_by == kepala

    # The closed case no longer waits on the head's "My work".
    head.goto("/staf/kasus/pekerjaan-saya/")
    expect(head.locator("section[aria-labelledby=closures-title]")).to_have_count(0)
