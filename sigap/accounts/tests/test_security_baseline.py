import re
import time
from unittest import mock

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.test import BaseTestCase

PAGES = ["public:home", "accounts:login", "accounts:home", "people:list", "audit:list"]


class SecurityBaselineTests(BaseTestCase):
    def test_sessions_expire_after_thirty_idle_minutes(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 30 * 60)

    def test_a_busy_session_is_saved_at_most_once_a_minute_and_its_idle_clock_moves_on(self):
        from datetime import timedelta

        from django.contrib.sessions.models import Session
        from django.utils import timezone

        self.login(self.kepala)
        self.client.get("/staf/")
        session = Session.objects.get()
        Session.objects.update(expire_date=session.expire_date - timedelta(minutes=10))
        with CaptureQueriesContext(connection) as within_a_minute:
            self.client.get("/staf/")
        self.assertFalse([q for q in within_a_minute.captured_queries if q["sql"].startswith('UPDATE "django_session')])
        with mock.patch("sigap.accounts.middleware.time.time", return_value=time.time() + 61):
            self.client.get("/staf/")
        remaining = Session.objects.get().expire_date - timezone.now()
        self.assertGreater(remaining, timedelta(minutes=29))

    def test_an_anonymous_visitor_gets_no_session_even_with_an_unknown_cookie(self):
        from django.contrib.sessions.models import Session

        self.assertNotIn(settings.SESSION_COOKIE_NAME, self.client.get("/lapor/").cookies)
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
        self.client.get("/lapor/")
        self.assertFalse(Session.objects.exists())

    def test_session_cookies_are_http_only_and_same_site(self):
        response = self.client.post("/masuk/", {"username": "analis", "password": "sigap-demo-2026"})
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")
        self.assertEqual(self.client.session.get_expiry_age(), 1800)

    def test_a_session_idle_for_thirty_minutes_is_gone(self):
        from datetime import timedelta

        from django.contrib.sessions.models import Session
        from django.utils import timezone

        self.login(self.kepala)
        self.assertEqual(self.client.get("/staf/").status_code, 200)
        Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
        self.assertRedirects(self.client.get("/staf/"), "/masuk/?next=/staf/")

    def test_every_page_sends_the_security_headers_and_no_store(self):
        self.login(self.kepala)
        for name in PAGES:
            response = self.client.get(reverse(name))
            with self.subTest(page=name):
                csp = response["Content-Security-Policy"]
                self.assertIn("default-src 'self'", csp)
                self.assertNotIn("unsafe-inline", csp)
                self.assertNotIn("unsafe-eval", csp)
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertEqual(response["Referrer-Policy"], "same-origin")
                self.assertIn("camera=()", response["Permissions-Policy"])
                self.assertEqual(response["Cache-Control"], "no-store")
                self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_no_page_loads_anything_from_another_site(self):
        self.login(self.kepala)
        for name in PAGES:
            html = self.client.get(reverse(name)).content.decode()
            with self.subTest(page=name):
                self.assertEqual(re.findall(r'(?:src|href)="(?:https?:)?//[^"]*"[^>]*>', self.assets_only(html)), [])
                self.assertNotIn("<script>", html)  # no inline script
                self.assertNotIn(" style=", html)  # no inline style

    @staticmethod
    def assets_only(html: str) -> str:
        """Keep the tags that make the browser fetch something (not links a person clicks)."""
        return "".join(re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html))
