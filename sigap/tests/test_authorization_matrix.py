"""The authorization matrix: every URL of the project × every role, plus anonymous.

The rows live beside each app, in `sigap/<app>/tests/authorization.py` (the format
is described in sigap/tests/matrix.py). Every URL pattern must have at least one
row: a new URL without a declared expectation fails
`test_every_url_has_a_declared_expectation`. Staff are logged in with their second
factor passed (pages) or use a bearer token (API); "anonymous" is nobody.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sigap.tests.matrix import LOGIN, USERS, MatrixTestCase, all_expectations, expected_answer


def all_url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>")
    return names


class AuthorizationMatrixTests(MatrixTestCase):
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
                expected = expected_answer(expected_by_user, user)
                actual = self.outcome(self.request(user, name, obj, method))
                if actual != expected:
                    mismatches.append(f"{method.upper()} {name} [{obj}] as {user}: expected {expected}, got {actual}")
        self.assertEqual(mismatches, [], "\n" + "\n".join(mismatches))
