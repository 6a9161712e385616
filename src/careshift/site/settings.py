"""Django settings for careshift, read once from the environment with safe embedded defaults.

Every setting is documented in docs/reference/settings.md (tests keep that page honest).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from careshift.errors import ConfigurationError

BASE_DIR = Path(__file__).resolve().parent.parent  # src/careshift
PROJECT_DIR = BASE_DIR.parent.parent  # repository root (source checkout)

# CARESHIFT_HOME: where the embedded database, run outputs and collected static files live.
HOME_DIR = Path(os.environ.get("CARESHIFT_HOME", PROJECT_DIR / "var")).resolve()

# CARESHIFT_ENV: "development" (default), "test" or "production".
ENVIRONMENT = os.environ.get("CARESHIFT_ENV", "development")
DEVELOPMENT = ENVIRONMENT in {"development", "test"}
DEBUG = os.environ.get("CARESHIFT_DEBUG", "0") == "1"

_PLACEHOLDER_SECRET = "careshift-development-only-not-secret"
SECRET_KEY = os.environ.get("CARESHIFT_SECRET_KEY", _PLACEHOLDER_SECRET)
if not DEVELOPMENT and SECRET_KEY == _PLACEHOLDER_SECRET:
    raise ConfigurationError(
        "CARESHIFT_SECRET_KEY is the development placeholder in production.",
        hint="Set CARESHIFT_SECRET_KEY to a long random value "
        "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`).",
    )

ALLOWED_HOSTS = [
    h
    for h in os.environ.get("CARESHIFT_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CARESHIFT_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves /api/docs from its own static files (Swagger UI), never a CDN
    "axes",
    "careshift.apps.accounts",
    "careshift.apps.jobs",
    "careshift.apps.places",
    "careshift.apps.scenarios",
    "careshift.apps.appraisal",
    "careshift.apps.programme",
    "careshift.apps.engagement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "careshift.site.middleware.CareshiftErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a sign-in refused by django-axes into its 429 page
]

ROOT_URLCONF = "careshift.site.urls"
WSGI_APPLICATION = "careshift.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careshift.site.context_processors.site",
            ],
        },
    },
]

# DATABASE_URL: e.g. postgres://user@127.0.0.1:5432/careshift. Default: embedded SQLite in CARESHIFT_HOME.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{HOME_DIR / 'careshift.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    HOME_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the worker write results while pages read. The mode is stored in the database file;
    # init_command runs only when a connection opens, which with persistent connections is once per
    # server thread, not once per request (see docs/decisions/0008-serving-and-performance.md).
    # IMMEDIATE: every transaction takes the write lock at BEGIN, so concurrent writers (web threads,
    # job workers) wait for each other instead of failing at once with "database is locked" when a
    # read transaction tries to become a write (docs/decisions/0011-one-job-system.md).
    # CARESHIFT_SQLITE_TIMEOUT: seconds a connection waits for the write lock before "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": float(os.environ.get("CARESHIFT_SQLITE_TIMEOUT", "30")),
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Keep each server thread's connection open: opening one (and registering Django's SQL functions
    # on it) cost more than the rest of a light request.
    DATABASES["default"]["CONN_MAX_AGE"] = None
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Sign-in throttling (careshift.apps.accounts.throttle): django-axes' backend first, so it sees every
# sign-in (the web, the admin and, through ApiTokenBackend, API tokens).
AUTHENTICATION_BACKENDS = [
    "careshift.apps.accounts.throttle.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "careshift.apps.accounts.throttle.ApiTokenBackend",
]
# CARESHIFT_LOGIN_FAILURE_LIMIT: failed sign-ins (per username and address; per address for API
# tokens) before sign-in is blocked. Default 10.
AXES_FAILURE_LIMIT = int(os.environ.get("CARESHIFT_LOGIN_FAILURE_LIMIT", "10"))
# CARESHIFT_LOGIN_COOLOFF_MINUTES: how long a blocked sign-in stays blocked. Default 15.
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CARESHIFT_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = "careshift.apps.accounts.throttle.lockout_parameters"
AXES_USERNAME_CALLABLE = "careshift.apps.accounts.throttle.client_username"
AXES_LOCKOUT_CALLABLE = "careshift.apps.accounts.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "careshift.site.client_address.client_address"  # the same address as rate limits
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in careshift's own audit log
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # `careshift serve` fills it; WhiteNoise serves it
# Front-end packages installed by `npm ci` (package.json): only their built files are served.
NODE_MODULES = PROJECT_DIR / "node_modules"
_FRONTEND_PACKAGES = {
    "nhsuk": "nhsuk-frontend/dist/nhsuk",
    "htmx": "htmx.org/dist",
    "vega": "vega/build",
    "vega-lite": "vega-lite/build",
    "vega-embed": "vega-embed/build",
}
STATICFILES_DIRS: list[str | Path | tuple[str, str | Path]] = [BASE_DIR / "site" / "static"]
STATICFILES_DIRS += [
    (prefix, NODE_MODULES / sub)
    for prefix, sub in _FRONTEND_PACKAGES.items()
    if (NODE_MODULES / sub).exists()
]

# CARESHIFT_RUNS_DIR: where run outputs (Parquet/CSV) are written.
RUNS_DIR = Path(os.environ.get("CARESHIFT_RUNS_DIR", HOME_DIR / "runs"))
# CARESHIFT_DATAPACK: path to a data-pack folder; default the shipped Oxfordshire pack.
DATAPACK_PATH = os.environ.get("CARESHIFT_DATAPACK", "")
# CARESHIFT_DASK_SCHEDULER: address of a Dask scheduler for runs; empty = local executor.
DASK_SCHEDULER = os.environ.get("CARESHIFT_DASK_SCHEDULER", "")

# CARESHIFT_UPLOAD_MAX_BYTES: the largest spreadsheet (CSV/XLSX) upload accepted, checked before parsing.
UPLOAD_MAX_BYTES = int(os.environ.get("CARESHIFT_UPLOAD_MAX_BYTES", str(2 * 1024 * 1024)))
if UPLOAD_MAX_BYTES <= 0:
    raise ConfigurationError(
        "CARESHIFT_UPLOAD_MAX_BYTES must be a positive number of bytes.", hint="Unset it for 2 MB."
    )

# Background jobs (careshift.apps.jobs). CARESHIFT_JOB_STALE_SECONDS: a running job with no heartbeat for
# this long (its worker died or hung) goes back to the queue, at most CARESHIFT_JOB_MAX_ATTEMPTS claims.
JOB_STALE_SECONDS = float(os.environ.get("CARESHIFT_JOB_STALE_SECONDS", "60"))
JOB_MAX_ATTEMPTS = int(os.environ.get("CARESHIFT_JOB_MAX_ATTEMPTS", "3"))
# CARESHIFT_SCHEDULED_JOBS=0: long-running workers do not queue the apps' scheduled jobs (jobs/schedules.py).
SCHEDULED_JOBS = os.environ.get("CARESHIFT_SCHEDULED_JOBS", "1") != "0"
# CARESHIFT_WORKER_HEARTBEAT_SECONDS: how often a worker records that it is alive;
# CARESHIFT_WORKER_ALIVE_SECONDS: /healthz counts a worker alive if it did so this recently.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("CARESHIFT_WORKER_HEARTBEAT_SECONDS", "5"))
WORKER_ALIVE_SECONDS = float(os.environ.get("CARESHIFT_WORKER_ALIVE_SECONDS", "30"))
# CARESHIFT_HEALTHZ_REQUIRE_WORKER: "1" makes /healthz fail whenever no worker is alive, even with an
# empty queue (default: only while jobs are waiting).
HEALTHZ_REQUIRE_WORKER = os.environ.get("CARESHIFT_HEALTHZ_REQUIRE_WORKER", "0") == "1"

# Theme coding by a language model behind an OpenAI-compatible API: off unless the URL is set
# (careshift's own coder is used otherwise). Responses are redacted before they are sent.
THEMES_LLM_URL = os.environ.get("CARESHIFT_THEMES_LLM_URL", "")
THEMES_LLM_MODEL = os.environ.get("CARESHIFT_THEMES_LLM_MODEL", "")
THEMES_LLM_API_KEY = os.environ.get("CARESHIFT_THEMES_LLM_API_KEY", "")
THEMES_LLM_TIMEOUT = float(os.environ.get("CARESHIFT_THEMES_LLM_TIMEOUT", "60"))

# CARESHIFT_RESPONSE_RATE_LIMIT: public consultation responses per consultation per client address
# (careshift.site.client_address) per hour.
RESPONSE_RATE_LIMIT = int(os.environ.get("CARESHIFT_RESPONSE_RATE_LIMIT", "20"))

EMAIL_BACKEND = os.environ.get("CARESHIFT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("CARESHIFT_FROM_EMAIL", "careshift@localhost")

SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # pages pass the token in forms and HTMX headers, never read from the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# CARESHIFT_SSL_REDIRECT: "1" redirects plain HTTP to HTTPS (production behind TLS). Default "0".
SECURE_SSL_REDIRECT = os.environ.get("CARESHIFT_SSL_REDIRECT", "0") == "1"
# CARESHIFT_HSTS_SECONDS: Strict-Transport-Security max-age; default 0 in development, 1 year otherwise.
SECURE_HSTS_SECONDS = int(os.environ.get("CARESHIFT_HSTS_SECONDS", "0" if DEVELOPMENT else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
# CARESHIFT_BEHIND_PROXY: "1" trusts the X-Forwarded-Proto, -For, -Host and -Port headers of a
# TLS-terminating reverse proxy at CARESHIFT_TRUSTED_PROXY (waitress applies them: see site/cli.py).
BEHIND_PROXY = os.environ.get("CARESHIFT_BEHIND_PROXY", "0") == "1"
# CARESHIFT_TRUSTED_PROXY: the proxy's address (default 127.0.0.1, a proxy on the same machine); "*"
# trusts any peer, only where nothing but the proxy can reach careshift.
TRUSTED_PROXY = os.environ.get("CARESHIFT_TRUSTED_PROXY", "127.0.0.1") if BEHIND_PROXY else ""
# CARESHIFT_TRUSTED_PROXY_COUNT: how many proxies in a chain append to X-Forwarded-For; the client's
# address is the right-most entry none of them wrote (careshift.site.client_address). Default 1.
TRUSTED_PROXY_COUNT = int(os.environ.get("CARESHIFT_TRUSTED_PROXY_COUNT", "1"))
if TRUSTED_PROXY_COUNT < 1:
    raise ConfigurationError(
        "CARESHIFT_TRUSTED_PROXY_COUNT must be 1 or more.",
        hint="Unset it for one proxy in front of careshift.",
    )
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = 60 * 60 * 12  # a working day
# Content-Security-Policy (django-csp; docs/decisions/0012-content-security-policy.md): scripts only
# from this site's own files, never inline and never eval (Vega runs its CSP-safe interpreter, htmx
# has eval off); nothing from other origins but the NHS font host. Styles may be inline: Vega's SVG
# and its menu set them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "https://assets.nhs.uk"],  # NHS.UK frontend's Frutiger (Arial if unreachable)
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CARESHIFT_LOG_LEVEL", "WARNING")},
}
