"""Habeas settings, driven by the environment.

SQLite (WAL) under ``HABEAS_DATA_DIR`` is the embedded default; set ``DATABASE_URL`` to
``postgresql://user:pass@host:port/name`` for PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

from habeas.core.env import env_bool, env_int, env_str, transport_security

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("HABEAS_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()

DEBUG = env_bool("HABEAS_DEBUG", False)
_secret = env_str("HABEAS_SECRET_KEY", "")
if not _secret:
    # No secret in the repository: the embedded install keeps a generated one in its data dir.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    _secret = key_file.read_text().strip()
SECRET_KEY = _secret
ALLOWED_HOSTS = [h for h in env_str("HABEAS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "habeas.core",
    "habeas.accounts",
    "habeas.audit",
    "habeas.cases",
    "habeas.letters",
    "habeas.documents",
    "habeas.nre",
    "habeas.outcomes",
    "habeas.deadlines",
    "habeas.reports",
    "habeas.systemic",
    "habeas.linkage",
    "habeas.credibility",
    "habeas.disclosure",
    "habeas.administration",
    "habeas.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "habeas.core.api_answers.ApiJsonAnswersMiddleware",  # outside CSRF: its 403 is JSON under /api/
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "habeas.core.middleware.ResponseHygieneMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "habeas.accounts.middleware.TwoFactorRequiredMiddleware",
    "habeas.core.middleware.QueryTextMiddleware",
    "habeas.core.middleware.RequestContextMiddleware",
    "habeas.core.middleware.ApplicationErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "habeas.urls"
WSGI_APPLICATION = "habeas.wsgi.application"

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
            ],
            # The label registry's filters (label, money, person ...) on every page, PDF and e-mail.
            "builtins": ["habeas.core.templatetags.labels"],
        },
    }
]
# Django's widget templates, with the common widgets built in Python (same markup, a fraction of
# the time: a case page renders a dozen add-forms).
FORM_RENDERER = "habeas.core.form_renderer.FormRenderer"


def _database_from_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(f"DATABASE_URL scheme {parsed.scheme!r} is not supported")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": 60,
        "ATOMIC_REQUESTS": False,
    }


_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": _database_from_url(_database_url)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "habeas.sqlite3",
            # Kept open between requests: opening one (the pragmas below, Django's SQL functions)
            # cost 1.6 ms, a tenth of a typical page. Between requests a connection holds no
            # transaction, so the WAL is checkpointed as usual.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN so two writers queue instead of
                # failing with "database is locked" half-way through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out user is refused before any password check
    "habeas.accounts.backends.PasswordBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:list"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes): per username and address.
AXES_FAILURE_LIMIT = env_int("HABEAS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Two-factor: always for admins; HABEAS_REQUIRE_2FA_FOR_ALL extends it to everyone.
HABEAS_REQUIRE_2FA_FOR_ALL = env_bool("HABEAS_REQUIRE_2FA_FOR_ALL", False)
OTP_TOTP_ISSUER = "Habeas"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("HABEAS_TIME_ZONE", "America/Los_Angeles")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up if it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = env_str("HABEAS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("HABEAS_FROM_EMAIL", "habeas@localhost")
# Public base address for links in e-mails (the deadline digest), e.g. https://habeas.example.org; empty: paths only.
HABEAS_SITE_URL = env_str("HABEAS_SITE_URL", "")
# An https site URL turns on Secure cookies and HSTS (each can be overridden; see core/env.py).
_transport = transport_security(HABEAS_SITE_URL)
SESSION_COOKIE_SECURE = _transport.secure_cookies
CSRF_COOKIE_SECURE = _transport.secure_cookies
SECURE_HSTS_SECONDS = _transport.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = _transport.hsts_include_subdomains
SECURE_SSL_REDIRECT = _transport.ssl_redirect
if _transport.proxy_ssl_header:  # only when the operator names the header their proxy sets
    SECURE_PROXY_SSL_HEADER = _transport.proxy_ssl_header

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Case documents: content-addressed file store, the rebuildable full-text index, OCR parallelism.
HABEAS_BLOB_DIR = Path(env_str("HABEAS_BLOB_DIR", str(DATA_DIR / "blobs")))
HABEAS_INDEX_DIR = Path(env_str("HABEAS_INDEX_DIR", str(DATA_DIR / "index")))
HABEAS_OCR_WORKERS = env_int("HABEAS_OCR_WORKERS", max(1, os.cpu_count() or 1))
# Processes that burn and check the documents of one production (the engine's worker pool; 1 runs
# them in the worker itself).
HABEAS_PRODUCTION_WORKERS = env_int("HABEAS_PRODUCTION_WORKERS", 1)
# Bulk conviction records (DuckDB over Parquet), one folder per organization.
HABEAS_BULK_DIR = Path(env_str("HABEAS_BULK_DIR", str(DATA_DIR / "bulk")))
# Systemic review matching: "duckdb" (embedded) or "spark" (pyspark; HABEAS_SPARK_MASTER, e.g. local[2] or spark://host:7077).
HABEAS_REVIEW_BACKEND = env_str("HABEAS_REVIEW_BACKEND", "duckdb")
if HABEAS_REVIEW_BACKEND not in {"duckdb", "spark"}:
    raise ImproperlyConfigured("HABEAS_REVIEW_BACKEND must be duckdb or spark")
HABEAS_SPARK_MASTER = env_str("HABEAS_SPARK_MASTER", "local[2]")
# Person linkage (Splink): "duckdb" (embedded) or "spark" (the same HABEAS_SPARK_MASTER).
HABEAS_LINK_BACKEND = env_str("HABEAS_LINK_BACKEND", "duckdb")
if HABEAS_LINK_BACKEND not in {"duckdb", "spark"}:
    raise ImproperlyConfigured("HABEAS_LINK_BACKEND must be duckdb or spark")
HABEAS_UPLOAD_MAX_BYTES = env_int("HABEAS_UPLOAD_MAX_BYTES", 512 * 1024 * 1024)
# Background jobs: a running job's worker writes a heartbeat every HABEAS_JOB_HEARTBEAT_SECONDS; a job
# not heard from for HABEAS_JOB_ABANDONED_SECONDS is abandoned (its worker died) and is queued again
# until it has been taken HABEAS_JOB_MAX_ATTEMPTS times, then failed (and offered for Retry).
HABEAS_JOB_HEARTBEAT_SECONDS = env_int("HABEAS_JOB_HEARTBEAT_SECONDS", 10)
HABEAS_JOB_ABANDONED_SECONDS = env_int("HABEAS_JOB_ABANDONED_SECONDS", 60)
HABEAS_JOB_MAX_ATTEMPTS = env_int("HABEAS_JOB_MAX_ATTEMPTS", 3)
# Each running job's temporary files (OCR page images, archive members) live under WORK_DIR/<job>/
# and are removed when it ends, or when a worker reclaims it from a dead one.
HABEAS_WORK_DIR = Path(env_str("HABEAS_WORK_DIR", str(DATA_DIR / "work")))
# Work budgets per document: pages, OCR wall time, and the bytes one archive (nested archives
# included) may expand to. Past them a document "needs attention" and nothing of it is stored.
HABEAS_DOCUMENT_MAX_PAGES = env_int("HABEAS_DOCUMENT_MAX_PAGES", 10_000)
HABEAS_OCR_MAX_SECONDS = env_int("HABEAS_OCR_MAX_SECONDS", 4 * 3600)
HABEAS_ARCHIVE_MAX_BYTES = env_int("HABEAS_ARCHIVE_MAX_BYTES", 4096 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads spill to a temporary file, never RAM

# Pagination and field limits shared by the UI, the API and the CLI.
HABEAS_PAGE_SIZE = 25
HABEAS_MAX_PAGE_SIZE = 200
HABEAS_IMPORT_MAX_ROWS = env_int("HABEAS_IMPORT_MAX_ROWS", 100_000)

# Audit log integrity: the key (a file, one key per line, the last signs new rows) and the signed
# checkpoints live OUTSIDE the database and the data directory, so a copy of the data dir or
# database access is not enough to rewrite history. Unset: a generated key beside this user's
# home (the demo), said loudly; set in production, a missing file stops start-up.
try:
    _HABEAS_HOME = Path.home() / ".habeas"
except RuntimeError:  # a service user without a home: only the explicit variables will do
    _HABEAS_HOME = Path("/nonexistent-home/.habeas")
HABEAS_AUDIT_KEY_FILE_SET = bool(env_str("HABEAS_AUDIT_KEY_FILE", ""))
HABEAS_AUDIT_KEY_FILE = Path(
    env_str("HABEAS_AUDIT_KEY_FILE", "") or str(_HABEAS_HOME / "audit-key")
).resolve()
# One folder per install by default (the database it guards), so two installs never mix checkpoints.
_install = hashlib.sha256((_database_url or str(DATA_DIR)).encode()).hexdigest()[:12]
HABEAS_AUDIT_CHECKPOINT_DIR = Path(
    env_str("HABEAS_AUDIT_CHECKPOINT_DIR", "") or str(_HABEAS_HOME / "audit-checkpoints" / _install)
).resolve()
HABEAS_AUDIT_CHECKPOINT_EVERY = env_int("HABEAS_AUDIT_CHECKPOINT_EVERY", 500)
for _name, _path in (
    ("HABEAS_AUDIT_KEY_FILE", HABEAS_AUDIT_KEY_FILE),
    ("HABEAS_AUDIT_CHECKPOINT_DIR", HABEAS_AUDIT_CHECKPOINT_DIR),
):
    if _path == DATA_DIR or DATA_DIR in _path.parents:
        raise ImproperlyConfigured(
            f"{_name} must be outside HABEAS_DATA_DIR ({DATA_DIR}): whoever can copy or change the "
            "data could otherwise rewrite the audit log and sign it again"
        )
if HABEAS_AUDIT_CHECKPOINT_EVERY < 1:
    raise ImproperlyConfigured("HABEAS_AUDIT_CHECKPOINT_EVERY must be at least 1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("HABEAS_LOG_LEVEL", "WARNING")},
}
