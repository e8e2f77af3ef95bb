from sigap.audit.services import record
from sigap.test import BaseTestCase

URL = "/staf/audit/"


class AuditEventListTests(BaseTestCase):
    def setUp(self):
        record(actor=self.manajer, action="view", target=self.manajer, ip="10.1.1.1")
        record(actor=self.petugas, action="export", target=self.petugas, ip="10.1.1.2", reason="laporan bulanan")

    def test_the_head_browses_and_filters_the_log(self):
        self.login(self.kepala)
        response = self.client.get(URL, {"action": "export"})
        self.assertContains(response, "laporan bulanan")
        self.assertNotContains(response, "10.1.1.1")
        response = self.client.get(URL, {"actor_username": "manajer"})
        self.assertContains(response, "10.1.1.1")
        self.assertNotContains(response, "10.1.1.2")

    def test_the_administrator_browses_it_too(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(URL).status_code, 200)

    def test_other_roles_are_refused(self):
        for user in (self.petugas, self.manajer, self.konselor, self.analis, self.kader):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(URL).status_code, 403)

    def test_the_page_costs_a_fixed_number_of_queries(self):
        for n in range(30):
            record(actor=self.kepala, action="view", target=self.kepala, ip=f"10.2.0.{n}")
        self.login(self.kepala)
        # session, user, second-factor device, roles, unread notices, page (one row more than
        # it shows, no count; the session is not saved again within its minute): 6, however
        # long the log is.
        with self.assertNumQueries(6):
            self.client.get(URL)
