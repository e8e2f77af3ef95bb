import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from sigap.accounts.models import ApiToken
from sigap.accounts.services import api_token_issue, api_token_revoke
from sigap.audit.models import AuditEvent
from sigap.test import BaseTestCase


class ApiTokenTests(BaseTestCase):
    def get_me(self, token):
        return self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})

    def test_the_command_prints_a_token_that_works_and_is_stored_only_as_a_hash(self):
        out = io.StringIO()
        call_command("issue_api_token", "petugas", "--days", "7", stdout=out, stderr=io.StringIO())
        token = out.getvalue().strip()
        response = self.get_me(token)
        self.assertEqual(response.json()["username"], "petugas")
        stored = ApiToken.objects.get(user=self.petugas)
        self.assertNotIn(token, (stored.digest, stored.prefix))
        self.assertAlmostEqual(stored.expires_at, timezone.now() + timedelta(days=7), delta=timedelta(minutes=1))
        self.assertTrue(AuditEvent.objects.filter(action="token_issued", target_id=str(stored.pk)).exists())

    def test_an_expired_or_revoked_token_is_refused(self):
        record, token = api_token_issue(actor=None, user=self.kepala, days=1)
        ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        self.assertEqual(self.get_me(token).status_code, 401)
        record, token = api_token_issue(actor=None, user=self.kepala)
        api_token_revoke(actor=None, token=record)
        self.assertEqual(self.get_me(token).status_code, 401)
        self.assertTrue(AuditEvent.objects.filter(action="token_revoked").exists())

    def test_a_session_cookie_does_not_open_the_api(self):
        self.login(self.kepala)
        self.assertEqual(self.client.get("/api/v1/me").status_code, 401)

    def test_the_revoke_command_revokes_by_prefix(self):
        record, token = api_token_issue(actor=None, user=self.petugas)
        call_command("revoke_api_token", record.prefix, stdout=io.StringIO())
        self.assertEqual(self.get_me(token).status_code, 401)
