from django.contrib.auth.hashers import make_password
from django.test import SimpleTestCase, override_settings

import sigap.settings as production_settings


class PasswordHashingTests(SimpleTestCase):
    def test_passwords_are_hashed_with_argon2(self):
        self.assertEqual(production_settings.PASSWORD_HASHERS[0], "django.contrib.auth.hashers.Argon2PasswordHasher")
        with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
            self.assertTrue(make_password("rahasia-panjang-sekali").startswith("argon2$"))
