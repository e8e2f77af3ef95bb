"""Sigap's only settings module.

Every value comes from an environment variable with a default that works for local
use (`make run`). Production is "DEBUG off": there the defaults that are only safe on
a developer's machine are refused at start-up. Every variable is described in
docs/settings.md and listed in .env.example.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """Read a variable, or the contents of the file named by NAME_FILE."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    # An empty variable counts as unset, so `SECURE_SSL_REDIRECT=` cannot quietly turn a default off.
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "1" if default else "0").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a yes/no value, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Development-only secrets. They are public (they are in this file), so production
# refuses to start with them; see _refuse_development_secrets() below.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production-0000000000"
# Fernet keys (urlsafe base64 of 32 bytes), and the key of the keyed hash columns.
DEVELOPMENT_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="
DEVELOPMENT_LOOKUP_KEY = "dev-only-lookup-key-not-for-production"
DEVELOPMENT_BACKUP_KEY = "ZGV2LW9ubHktYmFja3VwLWtleS1ub3QtZm9yLXByb2Q="

SECRET_KEY = env("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# Field-encryption keys, newest first: the first encrypts, all of them decrypt.
SIGAP_FIELD_KEYS = env_list("SIGAP_FIELD_KEYS", DEVELOPMENT_FIELD_KEY)
# Key of the keyed hashes (HMAC-SHA256) kept beside encrypted NIK and phone numbers.
SIGAP_LOOKUP_KEY = env("SIGAP_LOOKUP_KEY", DEVELOPMENT_LOOKUP_KEY)
# The lookup keys in force before SIGAP_LOOKUP_KEY, after a change of key: codes handed
# out before it (receipts, booking links, survey and participant codes) are kept only as
# hashes under the old key, and are still matched with it (docs/operations.md).
SIGAP_OLD_LOOKUP_KEYS = env_list("SIGAP_OLD_LOOKUP_KEYS")
# Key of `manage.py backup` archives (a Fernet key; keep it apart from the backups).
SIGAP_BACKUP_KEY = env("SIGAP_BACKUP_KEY", DEVELOPMENT_BACKUP_KEY)
# Demo mode: seed_demo may create the demo accounts. Production refuses them.
SIGAP_DEMO = env_bool("SIGAP_DEMO", False)

if not DEBUG:
    problems = []
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        problems.append("SECRET_KEY is the development default or shorter than 50 characters")
    if DEVELOPMENT_FIELD_KEY in SIGAP_FIELD_KEYS:
        problems.append("SIGAP_FIELD_KEYS contains the development default key")
    if SIGAP_LOOKUP_KEY == DEVELOPMENT_LOOKUP_KEY or len(SIGAP_LOOKUP_KEY) < 32:
        problems.append("SIGAP_LOOKUP_KEY is the development default or shorter than 32 characters")
    if "," in SIGAP_LOOKUP_KEY:  # it could not be moved to SIGAP_OLD_LOOKUP_KEYS, a comma-separated list
        problems.append("SIGAP_LOOKUP_KEY contains a comma")
    if SIGAP_LOOKUP_KEY in SIGAP_OLD_LOOKUP_KEYS or any(len(key) < 32 for key in SIGAP_OLD_LOOKUP_KEYS):
        problems.append("SIGAP_OLD_LOOKUP_KEYS contains SIGAP_LOOKUP_KEY or a key shorter than 32 characters")
    if SIGAP_DEMO:
        problems.append("SIGAP_DEMO is on")
    if SIGAP_BACKUP_KEY == DEVELOPMENT_BACKUP_KEY:
        problems.append("SIGAP_BACKUP_KEY is not set (or is the development default)")
    if problems:
        raise ImproperlyConfigured(
            "Sigap refuses to start in production mode (DEBUG off): "
            + "; ".join(problems)
            + ". Set real secrets (docs/settings.md), or DEBUG=1 on a developer machine."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "sigap.lib",
    "sigap.regions",
    "sigap.accounts",
    "sigap.audit",
    "sigap.people",
    "sigap.notifications",
    "sigap.intake",
    "sigap.cases",
    "sigap.counseling",
    "sigap.classes",
    "sigap.cadres",
    "sigap.privacy",
    "sigap.reporting",
    "sigap.public",
    "sigap.api",
]
if DEBUG:
    # seed_demo and demo_totp: never installed in production.
    INSTALLED_APPS.append("sigap.devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "sigap.lib.middleware.security_headers",
    "sigap.lib.middleware.ResilienceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sigap.accounts.middleware.keep_session_alive",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sigap.accounts.middleware.require_two_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if not DEBUG:
    # Static files from the web process itself (compressed, cache-busted names).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "sigap.urls"
WSGI_APPLICATION = "sigap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sigap.accounts.context_processors.navigation",
                "sigap.public.context_processors.public_settings",
            ],
        },
    },
]

# Data folder for the embedded SQLite database and uploaded files in local use.
DATA_DIR = Path(env("SIGAP_DATA_DIR", str(BASE_DIR / "var")))
if not env("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'sigap.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is checked before use, so a database restart costs no request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the background worker share the file; IMMEDIATE
    # transactions take the write lock up front, so read-then-write code (the audit
    # chain, counters) cannot interleave.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins before an account is locked, and for how long.
SIGAP_LOGIN_MAX_FAILURES = env_int("SIGAP_LOGIN_MAX_FAILURES", 5)
SIGAP_LOGIN_LOCK_MINUTES = env_int("SIGAP_LOGIN_LOCK_MINUTES", 15)

# Sessions live in the database, expire after 30 idle minutes (every request renews
# them) and when the browser closes.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SIGAP_SESSION_IDLE_MINUTES", 30) * 60
# The idle clock is moved forward once a minute, not on every request (see
# sigap.accounts.middleware.keep_session_alive).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = "Sigap"

# Security headers. Nothing on any page comes from another origin.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
FORMAT_MODULE_PATH = ["sigap.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    # Uploaded files only ever go through the storage API, so S3-compatible storage
    # can take over by changing SIGAP_FILE_STORAGE (e.g. storages.backends.s3.S3Storage).
    "default": {"BACKEND": env("SIGAP_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Django's cache (sessions and rate limits do not use it: both live in the database).
# The database cache by default (`manage.py createcachetable`), or Redis/Memcached.
CACHES = {
    "default": {
        "BACKEND": env("SIGAP_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env("SIGAP_CACHE_LOCATION", "sigap_cache"),
    }
}

# Outgoing e-mail through Django 6.1's MAILERS. SMTP in production; the console in
# local use unless EMAIL_HOST is set.
if env("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env("EMAIL_HOST_USER") or None,
                "password": env("EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Sigap <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# What the public pages show; an installation for another city changes these.
SIGAP_SERVICE_NAME = env("SIGAP_SERVICE_NAME", "LP-PAR & Puspaga Kota Pekalongan")
SIGAP_OFFICE_ADDRESS = env("SIGAP_OFFICE_ADDRESS", "Jl. Majapahit No. 7A, Podosugih, Pekalongan Barat, Kota Pekalongan")
SIGAP_OFFICE_HOURS = env("SIGAP_OFFICE_HOURS", "Senin–Jumat 08.00–15.30 WIB")
SIGAP_OFFICE_PHONE = env("SIGAP_OFFICE_PHONE", "(0285) 000000")
# Where "Keluar cepat" (quick exit) takes a person: an ordinary, neutral site.
SIGAP_QUICK_EXIT_URL = env("SIGAP_QUICK_EXIT_URL", "https://www.google.com/search?q=resep+masakan")

# Background jobs: Django's tasks framework with the database backend
# (django-tasks-db); `manage.py db_worker` runs them (`make run` starts one).
TASKS = {"default": {"BACKEND": env("SIGAP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# SMS/WhatsApp provider (a dotted path to a sigap.notifications.channels.MessagingProvider).
# The default sends nothing and keeps each message in the outbox for staff.
SIGAP_MESSAGING_PROVIDER = env("SIGAP_MESSAGING_PROVIDER", "sigap.notifications.channels.OutboxOnlyProvider")
# The WhatsApp Business Cloud API, for SIGAP_MESSAGING_PROVIDER =
# "sigap.notifications.whatsapp.WhatsAppCloudProvider" (docs/settings.md).
SIGAP_WHATSAPP_API_URL = env("SIGAP_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
SIGAP_WHATSAPP_PHONE_NUMBER_ID = env("SIGAP_WHATSAPP_PHONE_NUMBER_ID")
SIGAP_WHATSAPP_TOKEN = env("SIGAP_WHATSAPP_TOKEN")
SIGAP_WHATSAPP_TEMPLATE = env("SIGAP_WHATSAPP_TEMPLATE")
SIGAP_WHATSAPP_TEMPLATE_LANGUAGE = env("SIGAP_WHATSAPP_TEMPLATE_LANGUAGE", "id")
SIGAP_WHATSAPP_TIMEOUT = env_int("SIGAP_WHATSAPP_TIMEOUT", 10)

# Retention (UU PDP): years after which records are anonymised. Reports count from
# receipt (unless a case still uses them), cases and consultations from closure.
SIGAP_RETENTION_YEARS = {
    "intake.report": env_int("SIGAP_RETENTION_REPORT_YEARS", 5),
    "cases.case": env_int("SIGAP_RETENTION_CASE_YEARS", 10),
    "counseling.consultation": env_int("SIGAP_RETENTION_CONSULTATION_YEARS", 5),
    # From the end of the cohort (its last session).
    "classes.registration": env_int("SIGAP_RETENTION_CLASS_YEARS", 5),
    # From the day of the outreach session.
    "cadres.outreachactivity": env_int("SIGAP_RETENTION_OUTREACH_YEARS", 5),
    # From the day the cadre left the registry (status ended); see docs/privacy.md.
    "cadres.cadre": env_int("SIGAP_RETENTION_CADRE_YEARS", 2),
}
# Days a message stays in the outbox once it was sent, failed or held (then deleted).
SIGAP_RETENTION_OUTBOX_DAYS = env_int("SIGAP_RETENTION_OUTBOX_DAYS", 30)
# Who receives the access log's anchor (`manage.py audit_anchor --mail`, scheduled
# daily): people outside the database's reach, such as the data protection officer.
SIGAP_AUDIT_ANCHOR_EMAILS = env_list("SIGAP_AUDIT_ANCHOR_EMAILS")
# How many reverse proxies (nginx, a load balancer) stand in front of Sigap and append
# to X-Forwarded-For. 0: use the connection's address.
SIGAP_TRUSTED_PROXIES = env_int("SIGAP_TRUSTED_PROXIES", 0)

# Intake: which unit (by code) receives each triage queue, and the low-risk clock.
SIGAP_INTAKE_UNITS = {
    "lppar": env("SIGAP_INTAKE_LPPAR_UNIT", "lppar-pekalongan"),
    "puspaga": env("SIGAP_INTAKE_PUSPAGA_UNIT", "puspaga-pekalongan"),
}
SIGAP_LOW_RISK_RESPONSE_DAYS = env_int("SIGAP_LOW_RISK_RESPONSE_DAYS", 3)
# Largest file a reporter may attach, in megabytes.
SIGAP_ATTACHMENT_MAX_MB = env_int("SIGAP_ATTACHMENT_MAX_MB", 5)
DATA_UPLOAD_MAX_MEMORY_SIZE = (SIGAP_ATTACHMENT_MAX_MB + 1) * 1024 * 1024
# Public form limits per address and hour (reports submitted, receipt-code lookups).
SIGAP_PUBLIC_REPORTS_PER_HOUR = env_int("SIGAP_PUBLIC_REPORTS_PER_HOUR", 10)
SIGAP_RECEIPT_LOOKUPS_PER_HOUR = env_int("SIGAP_RECEIPT_LOOKUPS_PER_HOUR", 30)

# API tokens: how long a token lives unless --days says otherwise.
SIGAP_API_TOKEN_DAYS = env_int("SIGAP_API_TOKEN_DAYS", 90)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# Classes (Puspaga): public form limits per address and hour (registrations;
# participant-code uses: the participant page, check-in, tests, certificate download;
# certificate verifications), and how many minutes before a session its check-in
# code starts to work (it stops when the session ends).
SIGAP_CLASS_REGISTRATIONS_PER_HOUR = env_int("SIGAP_CLASS_REGISTRATIONS_PER_HOUR", 10)
SIGAP_PARTICIPANT_CODE_LOOKUPS_PER_HOUR = env_int("SIGAP_PARTICIPANT_CODE_LOOKUPS_PER_HOUR", 60)
SIGAP_CERTIFICATE_CHECKS_PER_HOUR = env_int("SIGAP_CERTIFICATE_CHECKS_PER_HOUR", 120)
SIGAP_CHECKIN_GRACE_MINUTES = env_int("SIGAP_CHECKIN_GRACE_MINUTES", 15)

# Counselling (sigap/counseling; docs/counseling.md): how many hours before an
# appointment the reminder goes out, and the public limits per address and hour
# (bookings at /konsultasi/, survey-code tries at /survei/).
SIGAP_COUNSELING_REMINDER_HOURS = env_int("SIGAP_COUNSELING_REMINDER_HOURS", 24)
SIGAP_PUBLIC_BOOKINGS_PER_HOUR = env_int("SIGAP_PUBLIC_BOOKINGS_PER_HOUR", 10)
SIGAP_SURVEY_TRIES_PER_HOUR = env_int("SIGAP_SURVEY_TRIES_PER_HOUR", 30)
