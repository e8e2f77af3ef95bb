from django.test import override_settings

from sigap.audit.models import AuditEvent
from sigap.audit.selectors import audit_chain_first_break, audit_event_list_for_user
from sigap.audit.services import client_ip, record
from sigap.test import BaseTestCase


class AuditScopeTests(BaseTestCase):
    def test_a_head_sees_her_units_entries_but_not_another_citys(self):
        ours = record(actor=self.petugas, action="view", target=self.petugas, unit=self.lppar)
        login = record(actor=self.petugas, action="login", target=self.petugas)
        theirs = record(actor=self.outsider, action="view", target=self.outsider, unit=self.batang)
        their_login = record(actor=self.outsider, action="login", target=self.outsider)
        visible = set(audit_event_list_for_user(self.kepala).values_list("pk", flat=True))
        self.assertTrue({ours.pk, login.pk} <= visible)
        self.assertFalse({theirs.pk, their_login.pk} & visible)

    def test_an_ipv6_address_is_hashed_as_it_is_stored(self):
        record(actor=self.petugas, action="view", target=self.petugas, ip="2001:DB8:0:0::1")
        self.assertEqual(AuditEvent.objects.latest("id").ip, "2001:db8::1")
        self.assertIsNone(audit_chain_first_break())


class ClientAddressTests(BaseTestCase):
    def request(self, remote, forwarded=None):
        from django.test import RequestFactory

        headers = {"REMOTE_ADDR": remote}
        if forwarded:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **headers)

    def test_without_proxies_the_connection_address_counts(self):
        self.assertEqual(client_ip(self.request("10.0.0.9", "1.2.3.4")), "10.0.0.9")

    @override_settings(SIGAP_TRUSTED_PROXIES=1)
    def test_behind_one_proxy_the_address_it_saw_counts_and_client_claims_do_not(self):
        self.assertEqual(client_ip(self.request("10.0.0.1", "6.6.6.6, 203.0.113.7")), "203.0.113.7")
