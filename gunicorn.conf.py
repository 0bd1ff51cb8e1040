"""gunicorn's settings for the image (Dockerfile CMD), docker-compose.yml and
tests/test_production.py. Override per run with GUNICORN_CMD_ARGS, e.g.
GUNICORN_CMD_ARGS="--bind 127.0.0.1:8001"."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

from django.conf import settings  # noqa: E402 - needs the settings module named first

wsgi_app = "workbench.wsgi"
bind = ["0.0.0.0:8000"]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A request that takes longer is cut off (the worker is restarted); packs
# are rendered by the Celery worker, never in a request.
timeout = 30
graceful_timeout = 20
# Each request is logged once, with its request id, by the app itself
# (workbench/requestid.py); gunicorn's own messages use settings.LOGGING too.
accesslog = None
logconfig_dict = settings.LOGGING
