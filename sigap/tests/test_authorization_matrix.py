"""The authorization matrix: every URL of the project × every role, plus anonymous.

Each URL pattern must have an entry in EXPECTATIONS (a new URL without one fails
`test_every_url_has_a_declared_expectation`). An entry names the URL, which object
it is called with (for URLs with an id: a person of LP-PAR held by `manajer`, of
Puspaga held by `konselor`, of another city), and the answer per user:

  200 / 302 / 400 / 401 / 403 / 404 / 405   that status
  LOGIN                                      a redirect to the login page
The key "*" gives the answer for every user not named; "anonymous" is nobody logged
in. Staff users are logged in with their second factor passed.
"""

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sigap.accounts.services import api_token_issue
from sigap.intake.services import report_reporter_reply, report_submit
from sigap.test import BaseTestCase, login_verified

LOGIN = "login"
REPORT = {"reporter_relation": "self", "account": "-", "contact_method": "none", "consent": True}
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

# Who reaches which person (see the module docstring for the objects).
PERSON_LPPAR = {"kepala": 200, "petugas": 200, "manajer": 200, "*": 404}
PERSON_PUSPAGA = {"kepala": 200, "konselor": 200, "*": 404}
PERSON_BATANG = {"outsider": 200, "*": 404}
PEOPLE_LIST = {"admin": 403, "analis": 403, "*": 200}
AUDIT_LIST = {"kepala": 200, "admin": 200, "*": 403}
QUEUE = {"kepala": 200, "petugas": 200, "konselor": 200, "konselor2": 200, "outsider": 200, "*": 403}
REPORT_LPPAR = {"kepala": 200, "petugas": 200, "*": 404}
REPORT_PUSPAGA = {"kepala": 200, "konselor": 200, "konselor2": 200, "*": 404}
# POSTs that change a report redirect back (302) for those who may see it.
CHANGE_LPPAR = {"anonymous": LOGIN, "kepala": 302, "petugas": 302, "*": 404}

# (url name, object, method) -> expectations. UI pages first, then the API.
EXPECTATIONS = {
    ("public:home", None, "get"): {"*": 200},
    ("set_language", None, "get"): {"*": 302},
    ("accounts:login", None, "get"): {"*": 200},
    ("accounts:verify", None, "get"): {"anonymous": LOGIN, "*": 302},
    ("accounts:enrol", None, "get"): {"anonymous": LOGIN, "*": 302},  # all demo staff are enrolled
    ("accounts:logout", None, "get"): {"*": 405},
    ("accounts:home", None, "get"): {"anonymous": LOGIN, "*": 200},
    ("people:list", None, "get"): {"anonymous": LOGIN, **PEOPLE_LIST},
    ("people:new", None, "get"): {"anonymous": LOGIN, **PEOPLE_LIST},
    ("people:detail", "person_lppar", "get"): {"anonymous": LOGIN, **PERSON_LPPAR},
    ("people:detail", "person_puspaga", "get"): {"anonymous": LOGIN, **PERSON_PUSPAGA},
    ("people:detail", "person_batang", "get"): {"anonymous": LOGIN, **PERSON_BATANG},
    ("people:detail", "person_missing", "get"): {"anonymous": LOGIN, "*": 404},
    ("audit:list", None, "get"): {"anonymous": LOGIN, **AUDIT_LIST},
    ("intake:report", None, "get"): {"*": 200},
    ("intake:check", None, "get"): {"*": 200},
    ("intake:queue", None, "get"): {"anonymous": LOGIN, **QUEUE},
    ("intake:staff_new", None, "get"): {"anonymous": LOGIN, **QUEUE},
    ("intake:detail", "report_lppar", "get"): {"anonymous": LOGIN, **REPORT_LPPAR},
    ("intake:detail", "report_puspaga", "get"): {"anonymous": LOGIN, **REPORT_PUSPAGA},
    ("intake:detail", "report_missing", "get"): {"anonymous": LOGIN, "*": 404},
    ("intake:route", "report_lppar", "get"): {"anonymous": LOGIN, "*": 405},
    ("intake:route", "report_lppar", "post"): {"anonymous": LOGIN, "kepala": 400, "petugas": 400, "*": 404},
    ("intake:message", "report_lppar", "post"): {"anonymous": LOGIN, "kepala": 400, "petugas": 400, "*": 404},
    ("intake:tpks_done", "report_lppar", "post"): CHANGE_LPPAR,
    ("intake:attachment", "attachment_lppar", "get"): {"anonymous": LOGIN, **REPORT_LPPAR},
    ("notifications:list", None, "get"): {"anonymous": LOGIN, "*": 200},
    ("notifications:mark_read", None, "get"): {"anonymous": LOGIN, "*": 405},
    ("notifications:mark_read", None, "post"): {"anonymous": LOGIN, "*": 302},
    ("api:openapi", None, "get"): {"*": 200},
    ("api:me", None, "get"): {"anonymous": 401, "*": 200},
    ("api:me", None, "post"): {"*": 405},
    ("api:people", None, "get"): {"anonymous": 401, **PEOPLE_LIST},
    ("api:person", "person_lppar", "get"): {"anonymous": 401, **PERSON_LPPAR},
    ("api:person", "person_puspaga", "get"): {"anonymous": 401, **PERSON_PUSPAGA},
    ("api:person", "person_batang", "get"): {"anonymous": 401, **PERSON_BATANG},
    ("api:person", "person_missing", "get"): {"anonymous": 401, "*": 404},
    ("api:public_report_submit", None, "post"): {"*": 400},  # empty body: messages per field
    ("api:public_report_submit", None, "get"): {"*": 405},
    ("api:public_report_status", "receipt_unknown", "get"): {"*": 404},
    ("api:reports", None, "get"): {"anonymous": 401, **QUEUE},
    ("api:report", "report_lppar", "get"): {"anonymous": 401, **REPORT_LPPAR},
    ("api:report", "report_puspaga", "get"): {"anonymous": 401, **REPORT_PUSPAGA},
    ("api:report", "report_missing", "get"): {"anonymous": 401, "*": 404},
}


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
        cls.objects = {
            "person_lppar": cls.make_person(unit=cls.lppar, responsible=cls.manajer, full_name="Ani"),
            "person_puspaga": cls.make_person(unit=cls.puspaga, responsible=cls.konselor, full_name="Budi"),
            "person_batang": cls.make_person(unit=cls.batang, full_name="Citra"),
        }
        cls.objects["report_lppar"] = report_submit(**REPORT, categories=["seksual"])[0]
        cls.objects["report_puspaga"] = report_submit(**REPORT, categories=["pranikah"])[0]
        upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
        report_reporter_reply(report=cls.objects["report_lppar"], body="-", files=[(upload, "application/pdf")])
        cls.objects["attachment_lppar"] = cls.objects["report_lppar"].attachments.get()
        cls.tokens = {name: api_token_issue(actor=None, user=getattr(cls, name))[1] for name in STAFF}

    def url(self, name: str, obj: str | None) -> str:
        if obj is None:
            return reverse(name)
        if obj == "receipt_unknown":
            return reverse(name, args=["AAAA-BBBB-CCCC-DDDD"])
        if obj == "attachment_lppar":
            attachment = self.objects[obj]
            return reverse(name, args=[attachment.report_id, attachment.pk])
        pk = 987_654 if obj.endswith("_missing") else self.objects[obj].pk
        return reverse(name, args=[pk])

    def request(self, user: str, name: str, obj: str | None, method: str):
        cache.clear()  # the public endpoints' rate limits
        self.client.logout()
        headers = {}
        if name.startswith("api:"):
            if user != "anonymous":
                headers["Authorization"] = f"Bearer {self.tokens[user]}"
        elif user != "anonymous":
            login_verified(self.client, getattr(self, user))
        return getattr(self.client, method)(self.url(name, obj), headers=headers)

    @staticmethod
    def outcome(response) -> int | str:
        if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
            return LOGIN
        return response.status_code

    def test_every_url_has_a_declared_expectation(self):
        declared = {name for name, _obj, _method in EXPECTATIONS}
        self.assertEqual(all_url_names() - declared, set(), "URLs without a declared expectation")
        self.assertEqual(declared - all_url_names(), set(), "expectations for URLs that no longer exist")

    def test_every_user_gets_the_declared_answer_on_every_url(self):
        mismatches = []
        for (name, obj, method), expected_by_user in EXPECTATIONS.items():
            for user in USERS:
                expected = expected_by_user.get(user, expected_by_user.get("*"))
                actual = self.outcome(self.request(user, name, obj, method))
                if actual != expected:
                    mismatches.append(f"{method.upper()} {name} [{obj}] as {user}: expected {expected}, got {actual}")
        self.assertEqual(mismatches, [], "\n" + "\n".join(mismatches))
