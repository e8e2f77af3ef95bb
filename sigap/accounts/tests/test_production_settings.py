"""Production mode (DEBUG off) refuses development secrets and demo accounts.

Settings are read once per process, so these tests start `manage.py` in a subprocess
with a production environment."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from sigap.accounts.checks import refuse_unsafe_production
from sigap.test import BaseTestCase

ROOT = Path(__file__).resolve().parents[3]


def production_env(**overrides) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SIGAP_", "DEBUG", "DATABASE_URL", "SECRET_KEY", "DJANGO_"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="x" * 20 + "production-secret-key-that-is-long-enough-1234567890",
        SIGAP_FIELD_KEYS=Fernet.generate_key().decode(),
        SIGAP_LOOKUP_KEY="production-lookup-key-0123456789abcdef",
        SIGAP_BACKUP_KEY=Fernet.generate_key().decode(),
        ALLOWED_HOSTS="sigap.example.go.id",
        DATABASE_URL="sqlite:///:memory:",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(*args, **env_overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(**env_overrides),
        capture_output=True,
        text=True,
        timeout=60,
    )


class ProductionRefusalTests(BaseTestCase):
    def test_a_properly_configured_production_passes_check_deploy_with_no_issues(self):
        result = manage("check", "--deploy", "--fail-level", "DEBUG")
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)
        self.assertIn("System check identified no issues", result.stdout)

    def test_production_refuses_the_default_secret_key(self):
        result = manage("check", SECRET_KEY=None)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_production_refuses_the_default_field_key(self):
        result = manage("check", SIGAP_FIELD_KEYS=None)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SIGAP_FIELD_KEYS", result.stderr)

    def test_production_refuses_a_missing_backup_key(self):
        result = manage("check", SIGAP_BACKUP_KEY=None)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SIGAP_BACKUP_KEY", result.stderr)

    def test_production_refuses_old_lookup_keys_that_are_short_or_the_current_one_and_a_key_with_a_comma(self):
        current = production_env()["SIGAP_LOOKUP_KEY"]
        for overrides in (
            {"SIGAP_OLD_LOOKUP_KEYS": "short-old-key"},
            {"SIGAP_OLD_LOOKUP_KEYS": current},
            {"SIGAP_LOOKUP_KEY": current + ",more"},
        ):
            with self.subTest(overrides):
                result = manage("check", **overrides)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("LOOKUP_KEY", result.stderr)
        self.assertEqual(
            manage("check", SIGAP_OLD_LOOKUP_KEYS="an-old-lookup-key-of-the-unit-0123456789").returncode, 0
        )

    def test_production_refuses_demo_mode(self):
        result = manage("check", SIGAP_DEMO="1")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SIGAP_DEMO", result.stderr)

    def test_production_refuses_to_serve_with_demo_accounts_present(self):
        self.kepala.is_demo = True
        self.kepala.save(update_fields=["is_demo"])
        with override_settings(DEBUG=False), self.assertRaisesMessage(ImproperlyConfigured, "demo accounts"):
            refuse_unsafe_production()

    def test_a_secret_can_come_from_a_file(self):
        secret_file = Path(self.enterContext(__import__("tempfile").TemporaryDirectory())) / "key"
        secret_file.write_text("f" * 64)
        result = manage("check", SECRET_KEY=None, SECRET_KEY_FILE=str(secret_file))
        self.assertEqual(result.returncode, 0, result.stderr)
