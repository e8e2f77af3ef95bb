""" "Keluar cepat": the public pages' quick exit to a neutral site."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from sigap.e2e.tests.conftest import BEFORE_URL, url

pytestmark = pytest.mark.browser


def open_home_after_another_site(page, live_server) -> None:
    """A person reads some other site, then opens Sigap's public home page."""
    page.goto(BEFORE_URL)
    page.goto("/")
    expect(page).to_have_url(url(live_server, "/"))


def expect_left_for_the_neutral_site_and_back_skips_sigap(page, live_server) -> None:
    page.wait_for_url(lambda current: current == settings.SIGAP_QUICK_EXIT_URL)
    expect(page).to_have_title("Resep masakan")
    page.go_back()
    # The Sigap page was replaced in the tab's history: Back goes to the site before it.
    expect(page).to_have_url(BEFORE_URL)
    assert not page.url.startswith(live_server.url)


def test_clicking_quick_exit_leaves_for_a_neutral_site_and_back_does_not_return(page, live_server):
    open_home_after_another_site(page, live_server)

    page.locator("#quick-exit").click()

    expect_left_for_the_neutral_site_and_back_skips_sigap(page, live_server)


def test_pressing_escape_twice_quick_exits_but_once_does_not(page, live_server):
    open_home_after_another_site(page, live_server)

    page.keyboard.press("Escape")
    page.wait_for_timeout(1600)  # a lone Esc (closing a drop-down) keeps the page
    assert page.url.startswith(live_server.url)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")

    expect_left_for_the_neutral_site_and_back_skips_sigap(page, live_server)


def test_the_public_home_page_works_without_javascript(no_js_page, live_server):
    page = no_js_page
    page.goto("/")

    expect(page.locator("main h1")).to_be_visible()
    exit_link = page.locator("a#quick-exit")
    expect(exit_link).to_have_attribute("href", settings.SIGAP_QUICK_EXIT_URL)
    exit_link.click()
    page.wait_for_url(lambda current: current == settings.SIGAP_QUICK_EXIT_URL)
    expect(page).to_have_title("Resep masakan")
