from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.audit.models import AuditEvent
from sigap.devtools.demo import demo_backup_codes
from sigap.lib.crypto import lookup_hash
from sigap.test import PASSWORD, BaseTestCase

LOGIN = "/masuk/"
VERIFY = "/masuk/verifikasi/"


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


class LoginTests(BaseTestCase):
    def post_password(self, username, password=PASSWORD):
        return self.client.post(LOGIN, {"username": username, "password": password})

    def test_a_role_with_personal_data_must_pass_the_second_factor_before_the_staff_area(self):
        response = self.post_password("kepala")
        self.assertRedirects(response, reverse("accounts:home"), fetch_redirect_response=False)
        self.assertRedirects(self.client.get("/staf/"), VERIFY)
        response = self.client.post(VERIFY, {"token": current_code(self.kepala)})
        self.assertRedirects(response, "/staf/")
        self.assertContains(self.client.get("/staf/"), "Kepala UPTD PPA")
        self.assertTrue(AuditEvent.objects.filter(actor=self.kepala, action="login_verified").exists())

    def test_the_analyst_who_sees_no_personal_data_needs_no_second_factor(self):
        self.post_password("analis")
        self.assertEqual(self.client.get("/staf/").status_code, 200)

    def test_a_wrong_password_is_refused_plainly_and_logged(self):
        response = self.post_password("petugas", "salah-sekali")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "petugas", status_code=400)  # what was typed stays
        self.assertTrue(AuditEvent.objects.filter(actor=self.petugas, action="login_failed").exists())

    def test_an_unknown_username_is_logged_without_an_actor(self):
        self.post_password("tidak-ada")
        event = AuditEvent.objects.get(action="login_failed", actor=None)
        self.assertEqual(event.changes, {"username_hash": lookup_hash("tidak-ada")[:16]})
        self.assertNotIn("tidak-ada", str(event.changes))

    @override_settings(SIGAP_LOGIN_MAX_FAILURES=3)
    def test_repeated_failures_lock_the_account_even_against_the_right_password(self):
        for _ in range(3):
            self.post_password("manajer", "salah-sekali")
        self.assertTrue(AuditEvent.objects.filter(actor=self.manajer, action="account_locked").exists())
        self.manajer.refresh_from_db()
        self.assertTrue(self.manajer.is_locked())
        response = self.post_password("manajer")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("__all__", "locked"))
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_backup_code_works_once(self):
        code = demo_backup_codes("konselor")[0]
        self.post_password("konselor")
        self.assertRedirects(self.client.post(VERIFY, {"token": code}), "/staf/")
        self.client.post("/keluar/")
        self.post_password("konselor")
        response = self.client.post(VERIFY, {"token": code})
        self.assertEqual(response.status_code, 400)

    @override_settings(SIGAP_LOGIN_MAX_FAILURES=3)
    def test_guessing_second_factor_codes_locks_the_account_and_logs_out(self):
        self.post_password("fasilitator")
        for _ in range(3):
            response = self.client.post(VERIFY, {"token": "000000"})
        self.assertRedirects(response, LOGIN)
        self.fasilitator.refresh_from_db()
        self.assertTrue(self.fasilitator.is_locked())

    def test_logging_out_takes_a_post_and_is_logged(self):
        self.login(self.petugas)
        self.assertEqual(self.client.get("/keluar/").status_code, 405)
        self.assertRedirects(self.client.post("/keluar/"), "/")
        self.assertTrue(AuditEvent.objects.filter(actor=self.petugas, action="logout").exists())
        self.assertRedirects(self.client.get("/staf/"), "/masuk/?next=/staf/")
