"""Loaded by pytest before Django's settings (see addopts in pyproject.toml).

Tests run with the development defaults (DEBUG on, demo keys), on SQLite unless the
runner passes DATABASE_URL. The production refusals are tested in a subprocess with
their own environment.
"""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SIGAP_DEMO", "1")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
# The e2e tests drive the browser through Playwright's synchronous API, which runs an
# event loop in the main thread; Django's ORM refuses that unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
