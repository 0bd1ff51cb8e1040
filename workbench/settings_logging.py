"""The logging settings (`LOG_LEVEL`, `LOG_FORMAT`, `LOGGING`). Part of the one
settings module: `workbench/settings.py` imports them by name; read them
through `django.conf.settings`, never from this module directly."""

import os

from django.core.exceptions import ImproperlyConfigured

# Defined in workbench/settings.py before it imports this module.
from .settings import DEBUG

# Logs go to stderr: one JSON object per line in production (LOG_FORMAT=json,
# the default with DEBUG off), readable text in development. Every line of a
# request, and of the tasks it queues, carries its request id
# (workbench/requestid.py). The web, the worker (workbench/celery.py) and
# gunicorn itself (gunicorn.conf.py) all log through this.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "workbench.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "workbench.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # WeasyPrint reports every rendering step at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # gunicorn's own messages go the same way as everything else; its
        # access lines are left out: the app logs each request itself, with
        # the request id (workbench.requests).
        "gunicorn.error": {"level": LOG_LEVEL, "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
        # The same for runserver's access lines in development.
        "django.server": {"level": "WARNING", "handlers": [], "propagate": True},
        # django-axes says at INFO on every successful login that it cleared
        # nothing; failures and lockouts come at WARNING and are kept.
        "axes": {"level": "WARNING"},
    },
}
