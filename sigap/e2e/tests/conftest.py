"""Chromium, driven by Playwright's synchronous API, against pytest-django's live server.

One browser for the whole session, a fresh context (cookies, storage, history) per
test. Nothing leaves the machine: the outside site the quick exit goes to is mocked
with `context.route`, and Chromium's own background traffic is switched off.
"""

import base64
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from sigap.devtools.demo import DEMO_PASSWORD, demo_totp_key
from sigap.test import build_named_people

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The people Sigap serves use Indonesian browsers.
LOCALE = "id-ID"
# What the mocked outside site (the quick exit's destination) answers.
NEUTRAL_HTML = "<!doctype html><html lang='id'><title>Resep masakan</title><h1>Resep masakan</h1></html>"
# A made-up outside site a person was on before opening Sigap (also mocked).
BEFORE_URL = "https://berita.example/hari-ini"
BEFORE_HTML = "<!doctype html><html lang='id'><title>Berita hari ini</title><h1>Berita hari ini</h1></html>"
# Impacts that fail the accessibility audit.
FAILING_IMPACTS = {"serious", "critical"}
CSP_MARKER = "Content Security Policy"

# Playwright's default timeouts are 30 s; a local page that takes 10 s is broken.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def mock_outside_sites(context: BrowserContext) -> None:
    """Answer the quick exit's destination and the 'page before' without any network."""
    context.route(
        "https://www.google.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=NEUTRAL_HTML),
    )
    context.route(
        "https://berita.example/**",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=BEFORE_HTML),
    )


def new_context(browser: Browser, live_server, **options) -> BrowserContext:
    context = browser.new_context(base_url=live_server.url, locale=LOCALE, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    mock_outside_sites(context)
    return context


@pytest.fixture
def context(browser, live_server, transactional_db):
    context = new_context(browser, live_server)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context) -> Page:
    page = context.new_page()
    try:
        yield page
    finally:
        page.close()


@pytest.fixture
def no_js_page(browser, live_server, transactional_db):
    """A page in a context with JavaScript switched off."""
    context = new_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        yield page
    finally:
        page.close()
        context.close()


@pytest.fixture
def named(transactional_db) -> dict:
    """The named people and units of sigap/test.py: {"people": {username: User}, "units": {code: OrgUnit}}."""
    return build_named_people()


@pytest.fixture
def csp_errors(page) -> list[str]:
    """Console errors about the Content-Security-Policy, collected from this point on."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" and CSP_MARKER in message.text else None,
    )
    return errors


def current_code(key: bytes) -> str:
    """The code an authenticator app shows now for `key`, with TOTPDevice's settings."""
    field = TOTPDevice._meta.get_field
    step, t0, digits = field("step").default, field("t0").default, field("digits").default
    return f"{totp(key, step=step, t0=t0, digits=digits):0{digits}d}"


def secret_on_page(page: Page) -> bytes:
    """The key behind the base32 secret the enrolment page shows (code.secret)."""
    secret = page.locator("code.secret").inner_text().strip()
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def demo_code(username: str) -> str:
    return current_code(bytes.fromhex(demo_totp_key(username)))


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def submit(page: Page) -> None:
    """Press the main form's submit button."""
    page.locator("main form button[type=submit]").click()


def log_in_with_password(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    submit(page)


def enter_code(page: Page, code: str) -> None:
    page.locator("#id_token").fill(code)
    submit(page)


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now; fail on any serious or critical violation.

    axe is injected with page.evaluate (the DevTools protocol), which the pages'
    Content-Security-Policy does not govern, so the audit runs on the real pages with
    their real policy: no bypass_csp.
    """
    results = Axe().run(page)
    failing = [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]
    if failing:
        lines = [f"{len(failing)} serious or critical accessibility violation(s) on {page.url}:"]
        for violation in failing:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                lines.append(f"    {target}: {node.get('failureSummary', '').replace(chr(10), ' ')}")
        pytest.fail("\n".join(lines), pytrace=False)
