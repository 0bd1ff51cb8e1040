"""The one settings module. Everything that differs between machines is read
from the environment; with nothing set the app runs on its embedded default
(SQLite file, Celery tasks executed in-process, local-memory cache).

Every setting read from the environment is listed in docs/deployment.md.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no, not {raw!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


# With nothing set (the embedded default: no DATABASE_URL) the app runs in
# development mode; a deployment that names its database runs with DEBUG off
# unless told otherwise, and then needs a real SECRET_KEY.
DEBUG = env_bool("DEBUG", "DATABASE_URL" not in os.environ)

_DEV_SECRET_KEY = "insecure-development-key-only-for-debug"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set a long random SECRET_KEY, or DEBUG=1 for development."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("SECRET_KEY must be a real random key of 32+ characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Django admin, for superusers only (workbench/admin_site.py).
    "workbench.apps.OperatorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "template_partials.apps.SimpleAppConfig",
    "method",  # no models: the vocabulary and its template filters
    "organisations",
    "questionnaires",
    "projects",
    "assessments",
    "businesscase",
    "competences",
    "meetings",
    "actions",
    "packs",
    "pulse",
    "notifications",
    "administration",
    "attachments",
    "demo",
    "workbench",
]

MIDDLEWARE = [
    "workbench.requestid.RequestIdMiddleware",  # first: every later log line has the id
    "django.middleware.security.SecurityMiddleware",
    # Compresses what every later middleware and the view wrote (it must come
    # before any that reads or changes the body); static files come
    # compressed from WhiteNoise, inserted before it. Not the pages with a
    # secret in them (workbench/compression.py, BREACH: docs/security.md).
    "workbench.compression.PageGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "workbench.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workbench.security.SessionTimeoutMiddleware",
    "workbench.security.SecurityHeadersMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workbench.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workbench.context_processors.limits",
            ],
            # Listing loaders turns Django's default cached loader off; keep it
            # (templates are compiled once per process; in development Django's
            # autoreloader clears it when a template changes).
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

WSGI_APPLICATION = "workbench.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
# Choice lists (ModelChoiceField) read their rows with .iterator(), which on
# PostgreSQL opens a server-side cursor WITH HOLD: three round trips and a
# materialised result for a list of a few hundred rows (8 ms of the meeting
# page at national scale). Nothing here streams more rows than fit in
# memory; PgBouncer in transaction mode needs this too.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# Prepared statements: PostgreSQL spends longer planning our pages' queries
# (the access rules' subqueries) than running them, 3–11 ms a page at
# national scale. With the parameters bound on the server, psycopg prepares
# a query the second time a connection runs it, and PostgreSQL can keep its
# plan. Off (DB_PREPARED_STATEMENTS=0) behind a PgBouncer older than 1.21 in
# transaction mode (docs/deployment.md).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DB_PREPARED_STATEMENTS", True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=2
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
# django-axes first: it refuses a locked-out username+address before the
# password is even checked (see "Login throttling" below).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# Local accounts (username and password); can be switched off where every
# user logs in through single sign-on: then no password logs anyone in.
LOCAL_LOGIN_ENABLED = env_bool("LOCAL_LOGIN_ENABLED", True)
if not LOCAL_LOGIN_ENABLED:
    AUTHENTICATION_BACKENDS.remove("django.contrib.auth.backends.ModelBackend")
# The first-run page (/kom-i-gang/) creates the first municipality and its
# administrator while the database has none; on by default in the embedded
# default only (a deployment creates its first administrator from the shell).
FIRST_RUN_ENABLED = env_bool("FIRST_RUN_ENABLED", "DATABASE_URL" not in os.environ)

# Single sign-on through OpenID Connect (organisations/oidc.py, settings in
# docs/deployment.md): on when OIDC_OP_ISSUER is set.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").rstrip("/")
OIDC_ENABLED = bool(OIDC_OP_ISSUER)
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_MUNICIPALITY_CLAIM = os.environ.get("OIDC_MUNICIPALITY_CLAIM", "kommunekode")
OIDC_MUNICIPALITY_CODES = env_list("OIDC_MUNICIPALITY_CODES", "")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "")
# "role=group,role=group" with the roles kommuneadministrator, projektleder,
# skabelonadministrator.
OIDC_ROLE_GROUPS = dict(
    pair.split("=", 1) for pair in env_list("OIDC_ROLE_GROUPS", "") if "=" in pair
)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for logging out at the provider
OIDC_CREATE_USER = True
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_MUNICIPALITY_CODES",
        )
        if not globals()[name]
    ]
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) and not OIDC_OP_JWKS_ENDPOINT:
        _missing.append("OIDC_OP_JWKS_ENDPOINT")
    if _missing:
        raise ImproperlyConfigured(
            "OIDC_OP_ISSUER is set, so single sign-on also needs: " + ", ".join(_missing)
        )
    unknown_roles = set(OIDC_ROLE_GROUPS) - {
        "kommuneadministrator",
        "projektleder",
        "skabelonadministrator",
    }
    if unknown_roles:
        raise ImproperlyConfigured(f"OIDC_ROLE_GROUPS names unknown roles: {sorted(unknown_roles)}")
    AUTHENTICATION_BACKENDS.append("organisations.oidc.MunicipalOIDCBackend")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "da"
# Each language named in itself, as a language switch does: someone looking
# for their language finds it whatever language the page is in.
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
if not DEBUG:
    # Our own static files, served by the app itself after collectstatic (no CDN).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
# Files the app keeps (the packs' PDF and Word files, attachments) go
# through Django's storage API: the local file system under MEDIA_ROOT by
# default, or S3-compatible object storage (FILE_STORAGE=s3, through
# django-storages), which several web servers and workers can share. They
# are never served as static files: only through views that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
FILE_STORAGE = os.environ.get("FILE_STORAGE", "local")
if FILE_STORAGE == "local":
    DEFAULT_FILE_STORAGE_SETTINGS = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif FILE_STORAGE == "s3":
    DEFAULT_FILE_STORAGE_SETTINGS = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "file_overwrite": False,  # a name taken gets a new one: nothing is replaced
            "default_acl": None,  # private: the bucket's own policy
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured("FILE_STORAGE must be 'local' or 's3'")
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_SETTINGS,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The fonts are for the PDF packs (read from static/, never sent to a browser:
# pages use system fonts), so collectstatic spends no time compressing them.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "ttf")

# Redis, when configured, serves as cache and Celery broker; without it the
# app runs alone: local-memory cache and tasks executed in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
# A message not acknowledged within this many seconds (its worker died) is
# delivered again: when a worker starts, or at the broker's periodic check
# (about every 100 s with kombu's defaults). Must exceed the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 60)
}

# The queue the web sends tasks to and the worker consumes: lets two
# deployments (or a test run) share one Redis without taking each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
# A worker records in Redis every WORKER_HEARTBEAT_INTERVAL seconds that it
# consumes the queue (workbench/heartbeat.py); readiness (/sundhed/klar/)
# reports the worker down when no worker did for three intervals.
WORKER_HEARTBEAT_INTERVAL = env_int("WORKER_HEARTBEAT_INTERVAL", 10)
if WORKER_HEARTBEAT_INTERVAL < 1:
    raise ImproperlyConfigured("WORKER_HEARTBEAT_INTERVAL must be 1 second or more")

# Dialogue packs: longest PDF made in one go.
PACK_MAX_PAGES = env_int("PACK_MAX_PAGES", 400)
# A worker renews the lease of the pack it renders every third of this many
# seconds; a pack whose lease ran out lost its worker, and the recovery sweep
# every worker runs (every PACK_RECOVERY_INTERVAL seconds, and when it
# starts) queues it again (packs/recovery.py).
PACK_LEASE_SECONDS = env_int("PACK_LEASE_SECONDS", 30)
PACK_RECOVERY_INTERVAL = env_int("PACK_RECOVERY_INTERVAL", 15)
# Finished packs older than this many days are deleted by
# `manage.py delete_old_packs` (docs/data-protection.md); 0 keeps them all.
PACK_RETENTION_DAYS = env_int("PACK_RETENTION_DAYS", 0)

# E-mail (invitations, password reset, notifications) through Django's e-mail API. With no
# EMAIL_HOST (the embedded default) mails are printed to the console; with
# one, they go by SMTP (docs/deployment.md).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# Empty counts as unset (docker-compose.yml passes it on empty when not given).
DEFAULT_FROM_EMAIL = (
    os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "MED-arbejdsbordet <noreply@localhost>"
)
# The address people open the workbench at (scheme and host, no path), for
# the links in the notifications: a task has no request to read it from.
# Set it in every deployment; `check --deploy` reports it missing.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL must start with https:// or http://, not {SITE_URL!r}")
SITE_URL = SITE_URL or ("http://127.0.0.1:8000" if DEBUG else "")

# Notifications (notifications/, docs/decisions.md): the daily run at
# NOTIFICATION_DAILY_AT (local time, HH:MM) finds the actions due tomorrow
# and overdue and sends each person's digest; every
# NOTIFICATION_SWEEP_SECONDS the sweep sends what a lost task left unsent.
# The `beat` service (docker-compose.yml) starts both on time.
NOTIFICATION_DAILY_AT = os.environ.get("NOTIFICATION_DAILY_AT", "07:00")
try:
    _daily_hour, _daily_minute = (int(part) for part in NOTIFICATION_DAILY_AT.split(":"))
    if not (0 <= _daily_hour < 24 and 0 <= _daily_minute < 60):
        raise ValueError(NOTIFICATION_DAILY_AT)
except ValueError as exc:
    raise ImproperlyConfigured(
        f"NOTIFICATION_DAILY_AT must be a time of day such as 07:00, not {NOTIFICATION_DAILY_AT!r}"
    ) from exc
NOTIFICATION_SWEEP_SECONDS = env_int("NOTIFICATION_SWEEP_SECONDS", 300)
if NOTIFICATION_SWEEP_SECONDS < 1:
    raise ImproperlyConfigured("NOTIFICATION_SWEEP_SECONDS must be 1 second or more")
CELERY_TIMEZONE = TIME_ZONE
# The beat records that it is alive (workbench/beat.py), as workers do.
CELERY_BEAT_SCHEDULER = "workbench.beat:Scheduler"
CELERY_BEAT_SCHEDULE = {
    "notifications-daily": {
        "task": "notifications.tasks.daily_task",
        "schedule": crontab(hour=_daily_hour, minute=_daily_minute),
    },
    "notifications-sweep": {
        "task": "notifications.tasks.sweep_task",
        "schedule": NOTIFICATION_SWEEP_SECONDS,
    },
}

# An invitation link works once, for this many days.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)
# A password reset link works for this many seconds (Django's setting).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 24 * 3600)

# Medarbejderpuls: results are shown only once this many employees have
# answered, and while a pulse is open they move in steps of this many
# answers (pulse/services.py). Never fewer than five: fewer answers could
# point to the person behind them.
PULSE_MIN_ANSWERS = env_int("PULSE_MIN_ANSWERS", 5)
if PULSE_MIN_ANSWERS < 5:
    raise ImproperlyConfigured(
        f"PULSE_MIN_ANSWERS must be 5 or more (anonymity), not {PULSE_MIN_ANSWERS}"
    )

# Attachments on projects and agenda items (PDF, Word, Excel, PNG, JPEG): the
# largest file accepted, in bytes.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)

# An answer's history keeps one revision per editing run: one author's
# saves within this many seconds of the run's first save, nobody else
# saving in between (assessments.services.save_answer).
REVISION_RUN_SECONDS = env_int("REVISION_RUN_SECONDS", 5 * 60)

# Longest free text accepted anywhere (answers, comments, notes), in characters.
TEXT_MAX_LENGTH = 20_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Two blocks live in modules of their own, imported here by name, after
# DEBUG and the env_* helpers they read:
# - logs: one JSON object per line in production, text in development
#   (workbench/settings_logging.py);
# - security: HTTPS, headers, CSP, cookies, sessions, login throttling (what
#   each setting guarantees, and the test showing it: docs/security.md;
#   workbench/settings_security.py).
from .settings_logging import LOG_FORMAT, LOG_LEVEL, LOGGING  # noqa: E402, F401
from .settings_security import (  # noqa: E402, F401
    AXES_COOLOFF_TIME,
    AXES_FAILURE_LIMIT,
    AXES_HTTP_RESPONSE_CODE,
    AXES_IPWARE_META_PRECEDENCE_ORDER,
    AXES_IPWARE_PROXY_COUNT,
    AXES_LOCKOUT_CALLABLE,
    AXES_LOCKOUT_PARAMETERS,
    AXES_RESET_ON_SUCCESS,
    AXES_WHITELIST_CALLABLE,
    CONTENT_SECURITY_POLICY,
    CSRF_COOKIE_HTTPONLY,
    CSRF_COOKIE_SAMESITE,
    CSRF_COOKIE_SECURE,
    PASSWORD_CONFIRMATION_TIMEOUT,
    PERMISSIONS_POLICY_DENIED,
    SECURE_CONTENT_TYPE_NOSNIFF,
    SECURE_CROSS_ORIGIN_OPENER_POLICY,
    SECURE_HSTS_INCLUDE_SUBDOMAINS,
    SECURE_HSTS_PRELOAD,
    SECURE_HSTS_SECONDS,
    SECURE_PROXY_SSL_HEADER,
    SECURE_REFERRER_POLICY,
    SECURE_SSL_REDIRECT,
    SESSION_ABSOLUTE_TIMEOUT,
    SESSION_COOKIE_AGE,
    SESSION_COOKIE_HTTPONLY,
    SESSION_COOKIE_SAMESITE,
    SESSION_COOKIE_SECURE,
    SESSION_EXPIRE_AT_BROWSER_CLOSE,
    SESSION_IDLE_TIMEOUT,
    SILENCED_SYSTEM_CHECKS,
    X_FRAME_OPTIONS,
)
