"""Suite-wide pytest set-up. Named people and helpers live in sigap/test.py."""

import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def pytest_configure(config):
    from django.conf import settings

    # Argon2 is the production hasher (tested in accounts); tests log in hundreds of
    # times, so they use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files of a test run go to a throwaway folder.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="sigap-media-")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if "postgres_only" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL only; runs in the PostgreSQL pass"))
        if "browser" in item.keywords and not CHROMIUM.exists():
            # scripts/run_tests.py has already failed the run if SIGAP_REQUIRE_BROWSER=1.
            item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} not found: browser tests skipped"))
