"""axe-core audit of every page the end-to-end tests reach (serious and critical fail)."""

import pytest
from playwright.sync_api import expect

from sigap.accounts.choices import Role
from sigap.accounts.services import membership_grant, user_ensure
from sigap.devtools.demo import DEMO_PASSWORD
from sigap.e2e.tests.conftest import (
    assert_accessible,
    current_code,
    demo_code,
    enter_code,
    log_in_with_password,
    secret_on_page,
    url,
)
from sigap.people.services import person_create

pytestmark = pytest.mark.browser


def test_the_public_and_staff_pages_a_head_of_unit_reaches_are_accessible(page, live_server, named):
    person = person_create(
        actor=None, unit=named["units"]["lppar-pekalongan"], full_name="Siti Aminah", nik="3375014502100001", sex="P"
    )

    page.goto("/")
    assert_accessible(page)

    page.goto("/masuk/")
    assert_accessible(page)
    # The error state of a form: the summary at the top, the field marked invalid.
    log_in_with_password(page, "kepala", password="not the password")
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)

    log_in_with_password(page, "kepala")
    expect(page).to_have_url(url(live_server, "/masuk/verifikasi/"))
    assert_accessible(page)
    enter_code(page, demo_code("kepala"))
    expect(page).to_have_url(url(live_server, "/staf/"))
    assert_accessible(page)

    for path in ("/staf/orang/", f"/staf/orang/{person.pk}/", "/staf/audit/"):
        page.goto(path)
        expect(page).to_have_url(url(live_server, path))
        assert_accessible(page)
    expect(page.locator("main table tbody tr").first).to_be_visible()


def test_the_enrolment_and_backup_code_pages_are_accessible(page, live_server, named):
    user, _ = user_ensure(username="baru", display_name="Petugas Baru", password=DEMO_PASSWORD)
    membership_grant(actor=None, user=user, unit=named["units"]["puspaga-pekalongan"], role=Role.COUNSELLOR)

    log_in_with_password(page, "baru")
    expect(page).to_have_url(url(live_server, "/masuk/daftar-2fa/"))
    assert_accessible(page)

    enter_code(page, current_code(secret_on_page(page)))
    expect(page.locator("main ul.codes li")).to_have_count(10)
    assert_accessible(page)
