"""Shared vocabulary and set-up of the authorization matrix (see test_authorization_matrix.py).

Each app declares its rows in `sigap/<app>/tests/authorization.py`:

    def objects(test) -> dict[str, list]:
        # the objects its URLs are called with, built once from the named people
        # (`test` is the test class: test.manajer, test.lppar, test.make_person …);
        # each maps to the URL's arguments.
        return {"case_lppar": [case.pk]}

    def grow(test, objects) -> None:
        # optional: more rows of every kind the app's pages list or show, added through
        # the app's services (`objects` is every app's dict above, merged). The query
        # discipline test (test_query_discipline.py) calls each page before and after
        # and fails if it runs more queries. Without `grow`, objects(test) is called again.
        ...

    EXPECTATIONS = {
        (url name, object name or None, method): {user: expected, ..., "*": default},
    }

An object named "<anything>_missing" needs no builder: it is called with an id that
does not exist. Expected answers: a status code, or LOGIN (redirect to the login page).
"""

import importlib

from django.apps import apps
from django.test import Client
from django.urls import reverse

from sigap.accounts.services import api_token_issue
from sigap.lib.ratelimit import reset_rate_limits
from sigap.test import BaseTestCase, login_verified

LOGIN = "login"
MISSING_ID = 987_654
STAFF = [
    "admin",
    "kepala",
    "petugas",
    "manajer",
    "manajer2",
    "konselor",
    "konselor2",
    "fasilitator",
    "kader",
    "analis",
    "outsider",
]
USERS = ["anonymous", *STAFF]


def app_matrix_modules() -> list:
    """Every app's `tests/authorization.py`, in the order of INSTALLED_APPS (an app's
    objects may use those of an app before it, e.g. cases open one from an intake report)."""
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


def expected_answer(expected_by_user: dict, user: str) -> int | str:
    return expected_by_user.get(user, expected_by_user.get("*"))


class MatrixTestCase(BaseTestCase):
    """The named people, every app's matrix objects (`self.url_args`), one signed-in
    browser per person and an API token per staff member. No tests of its own."""

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
        # each request would make the matrix the slowest test of the suite).
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
