"""The Celery application; configured from Django settings (CELERY_* names)."""

import logging.config
import os

from celery import Celery, signals
from django.conf import settings

from . import requestid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

app = Celery("workbench")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The worker records that it consumes its queue (readiness reads it). Named,
# not imported, so `python -m workbench.heartbeat` runs without importing
# itself twice.
app.steps["consumer"].add("workbench.heartbeat:Heartbeat")
# Every worker takes over packs whose worker died (packs/recovery.py).
app.steps["consumer"].add("packs.worker:PackRecovery")

# A task carries the id of the request that queued it into the worker's logs.
signals.before_task_publish.connect(requestid.add_to_task_headers)
signals.task_prerun.connect(requestid.restore_in_task)
signals.task_postrun.connect(requestid.forget_after_task)


@signals.setup_logging.connect
def log_like_the_web(**_kwargs):
    """Celery would give the worker a text format of its own (and ignore
    settings.LOGGING); the worker logs like the web instead: JSON in
    production, with request ids. Its --loglevel gives way to LOG_LEVEL."""
    logging.config.dictConfig(settings.LOGGING)
