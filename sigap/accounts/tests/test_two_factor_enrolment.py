import base64

from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken

from sigap.accounts.choices import Role
from sigap.accounts.services import membership_grant, user_ensure
from sigap.test import PASSWORD, BaseTestCase


class EnrolmentTests(BaseTestCase):
    def setUp(self):
        self.newcomer, _ = user_ensure(username="baru", display_name="Konselor Baru", password=PASSWORD)
        membership_grant(actor=None, user=self.newcomer, unit=self.puspaga, role=Role.COUNSELLOR)
        self.client.post("/masuk/", {"username": "baru", "password": PASSWORD})

    def code_from_page(self, response) -> str:
        secret = response.context["secret"]
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        return f"{totp(key):06d}"

    def test_a_newcomer_is_sent_to_enrol_and_gets_backup_codes(self):
        self.assertRedirects(self.client.get("/staf/"), "/masuk/daftar-2fa/")
        page = self.client.get("/masuk/daftar-2fa/")
        self.assertContains(page, "<svg")  # the QR code, drawn inline
        response = self.client.post("/masuk/daftar-2fa/", {"token": self.code_from_page(page)})
        self.assertEqual(len(response.context["codes"]), 10)
        self.assertEqual(StaticToken.objects.filter(device__user=self.newcomer).count(), 10)
        self.assertEqual(self.client.get("/staf/").status_code, 200)

    def test_a_wrong_code_keeps_the_same_secret_and_says_why(self):
        page = self.client.get("/masuk/daftar-2fa/")
        response = self.client.post("/masuk/daftar-2fa/", {"token": "123456"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["secret"], page.context["secret"])
        self.assertTrue(response.context["form"].has_error("token"))
