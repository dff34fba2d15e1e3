"""All settings of hotwash, from environment variables, with safe defaults for a laptop.

See docs/configuration.md for every variable.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("HOTWASH_DATA_DIR", "var")).resolve()

DEBUG = env_bool("HOTWASH_DEBUG", False)
_DEV_SECRET = "hotwash-dev-secret-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("HOTWASH_SECRET_KEY", _DEV_SECRET)
ALLOWED_HOSTS = env_list("HOTWASH_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("HOTWASH_CSRF_TRUSTED_ORIGINS")
BASE_URL = os.environ.get("HOTWASH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "hotwash.web",
    "hotwash.web.accounts",
    "hotwash.web.incidents",
    "hotwash.web.timeline",
    "hotwash.web.postmortems",
    "hotwash.web.actions",
    "hotwash.web.library",
    "hotwash.web.followthrough",
    "hotwash.web.reviews",
    # django-ninja's own templates and static files: the API docs page serves Swagger UI from here, not
    # from a CDN, so it works without internet (listed after our apps: our templates override its favicon).
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hotwash.web.library.middleware.IncidentVisibilityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hotwash.web.accounts.middleware.TimezoneMiddleware",
]

ROOT_URLCONF = "hotwash.web.urls"
WSGI_APPLICATION = "hotwash.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hotwash.web.accounts.context.hotwash_context",
            ],
        },
    },
]

# --- database: SQLite under HOTWASH_DATA_DIR by default, PostgreSQL through DATABASE_URL ---
_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "hotwash.sqlite3"),
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": os.environ.get("HOTWASH_TEST_SQLITE_NAME") or None},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "incident_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("HOTWASH_TIME_ZONE", "UTC")
# The learning digest's day and its "this week in past incidents" windows (checked at start-up: hotwash.E301)
HOTWASH_DIGEST_TIME_ZONE = os.environ.get("HOTWASH_DIGEST_TIME_ZONE", "").strip() or TIME_ZONE
# Redacted exports mask host names under these domains too (besides .internal, .local, .corp, ...)
HOTWASH_INTERNAL_DOMAINS = env_list("HOTWASH_INTERNAL_DOMAINS")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("HOTWASH_STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
# WhiteNoise warns when the folder is missing; collectstatic fills it for `hotwash serve`.
# (A read-only deployment with STATIC_ROOT elsewhere is fine: the error is ignored.)
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("HOTWASH_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("HOTWASH_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- email (reminders, invitations, digests) ---
EMAIL_BACKEND = os.environ.get("HOTWASH_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
                               if not os.environ.get("EMAIL_HOST") else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("HOTWASH_FROM_EMAIL", "hotwash <hotwash@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HOTWASH_LOG_LEVEL", "WARNING")},
}

# Limits on user text, shown in the messages of bad input.
HOTWASH_MAX_TITLE = 200
HOTWASH_MAX_SECTION = 100_000

# Which incidents need a formal postmortem and by when the review meeting happens (docs/policy.md):
# JSON such as {"formal_after_minutes": 45, "meeting_deadlines": {"critical": "2 days"}}.
HOTWASH_REVIEW_POLICY = os.environ.get("HOTWASH_REVIEW_POLICY", "")

# Importing artifacts into a timeline (docs/timeline.md): the largest upload, in MB.
HOTWASH_IMPORT_MAX_BYTES = int(float(os.environ.get("HOTWASH_IMPORT_MAX_MB", "200")) * (1 << 20))
# Webhook receivers /hooks/<name> (docs/api.md): one secret each; a receiver without a secret is off.
HOTWASH_HOOK_SECRETS = {name: os.environ.get(f"HOTWASH_HOOK_SECRET_{name.upper()}", "")
                        for name in ("alertmanager", "grafana", "pagerduty", "opsgenie")}
