"""Health endpoints, the one place that says whether the app works.

`/sundhed/` (liveness): the process answers requests. For restarts.
`/sundhed/klar/` (readiness): everything a user needs works: the database,
Redis (cache and broker), a worker consuming the queue, and the static files
pages link to (hashed names in the manifest). JSON with one entry per check;
503 as soon as one fails. The embedded default (no REDIS_URL: tasks run in
the web process) is ready with the database alone.

The answers name no hosts and no error messages: they are public.
"""

import redis
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import heartbeat

# The stylesheet every page links (templates/base.html).
PAGE_STYLESHEET = "css/workbench.css"


@never_cache
def health(request):
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    checks = {name: check() for name, check in CHECKS.items()}
    ok = all(result["ok"] for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )


def _down(exc: Exception) -> dict:
    return {"ok": False, "detail": f"unavailable ({type(exc).__name__})"}


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any database failure means "not ready"
        return _down(exc)
    return {"ok": True}


def check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "not used (local-memory cache, tasks in-process)"}
    try:
        heartbeat.redis_client().ping()
    except redis.RedisError as exc:
        return _down(exc)
    return {"ok": True}


def check_worker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "detail": "not used (tasks run in the web process)"}
    if not settings.REDIS_URL:
        return {"ok": False, "detail": "tasks are queued, but REDIS_URL is not set"}
    try:
        workers = heartbeat.live_workers(
            heartbeat.redis_client(), settings.CELERY_TASK_DEFAULT_QUEUE
        )
    except redis.RedisError as exc:
        return _down(exc)
    if not workers:
        return {
            "ok": False,
            "workers": 0,
            "detail": f"no worker heartbeat in the last {heartbeat.max_age()} s",
        }
    return {"ok": True, "workers": len(workers), "last_beat_seconds": min(workers.values())}


def check_static() -> dict:
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return {"ok": True, "detail": "not hashed (DEBUG)"}
    try:
        hashed = staticfiles_storage.stored_name(PAGE_STYLESHEET)
    except ValueError:  # "Missing staticfiles manifest entry": collectstatic did not run
        return {"ok": False, "detail": f"{PAGE_STYLESHEET} is not in the static files manifest"}
    if not staticfiles_storage.exists(hashed):
        return {"ok": False, "detail": f"{hashed} is missing from STATIC_ROOT"}
    return {"ok": True}


CHECKS = {
    "database": check_database,
    "redis": check_redis,
    "worker": check_worker,
    "static": check_static,
}
