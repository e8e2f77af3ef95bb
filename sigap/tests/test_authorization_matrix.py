"""The authorization matrix: every URL of the project × every role, plus anonymous.

The rows live beside each app, in `sigap/<app>/tests/authorization.py` (the format
is described in sigap/tests/matrix.py). Every URL pattern must have at least one
row: a new URL without a declared expectation fails
`test_every_url_has_a_declared_expectation`. Staff are logged in with their second
factor passed (pages) or use a bearer token (API); "anonymous" is nobody.
"""

import importlib

from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sigap.accounts.services import api_token_issue
from sigap.lib.ratelimit import reset_rate_limits
from sigap.test import BaseTestCase, login_verified
from sigap.tests.matrix import LOGIN, MISSING_ID, STAFF, USERS


def app_matrix_modules() -> list:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sigap."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.authorization"))
        except ModuleNotFoundError as error:
            if error.name not in (f"{config.name}.tests", f"{config.name}.tests.authorization"):
                raise
    return modules


def all_expectations() -> dict:
    merged = {}
    for module in app_matrix_modules():
        for key, expected in module.EXPECTATIONS.items():
            if key in merged:
                raise AssertionError(f"{key} is declared twice")
            merged[key] = expected
    return merged


def all_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>")
    return names


class AuthorizationMatrixTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url_args = {}
        for module in app_matrix_modules():
            if hasattr(module, "objects"):
                cls.url_args.update(module.objects(cls))
        cls.tokens = {name: api_token_issue(actor=None, user=getattr(cls, name))[1] for name in STAFF}

    def url(self, name: str, obj: str | None) -> str:
        if obj is None:
            return reverse(name)
        if obj.endswith("_missing"):
            return reverse(name, args=[MISSING_ID])
        return reverse(name, args=self.url_args[obj])

    def setUp(self):
        # One signed-in browser per person, reused for every row (logging in again for
        # each request would make this test the slowest of the suite).
        self.clients = {"anonymous": Client()}
        for name in STAFF:
            self.clients[name] = login_verified(Client(), getattr(self, name))

    def request(self, user: str, name: str, obj: str | None, method: str):
        reset_rate_limits()  # the public endpoints' rate limits
        headers = {}
        client = self.clients[user]
        if name.startswith("api:"):
            client = self.clients["anonymous"]
            if user != "anonymous":
                headers["Authorization"] = f"Bearer {self.tokens[user]}"
        return getattr(client, method)(self.url(name, obj), headers=headers)

    @staticmethod
    def outcome(response) -> int | str:
        if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
            return LOGIN
        return response.status_code

    def test_every_url_has_a_declared_expectation(self):
        declared = {name for name, _obj, _method in all_expectations()}
        self.assertEqual(all_url_names() - declared, set(), "URLs without a declared expectation")
        self.assertEqual(declared - all_url_names(), set(), "expectations for URLs that no longer exist")

    def test_every_user_gets_the_declared_answer_on_every_url(self):
        mismatches = []
        for (name, obj, method), expected_by_user in all_expectations().items():
            for user in USERS:
                expected = expected_by_user.get(user, expected_by_user.get("*"))
                actual = self.outcome(self.request(user, name, obj, method))
                if actual != expected:
                    mismatches.append(f"{method.upper()} {name} [{obj}] as {user}: expected {expected}, got {actual}")
        self.assertEqual(mismatches, [], "\n" + "\n".join(mismatches))
