"""One id per request, on every log line of that request and of the tasks it
queues, so an operator can follow "Lav mødemateriale" from the web into the
worker that renders the pack.

The id is an incoming `X-Request-ID` when that is a safe token (a proxy in
front may set one), else a new random one; the response carries it back.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
# Letters, digits and . _ - only: the id goes into log lines and a response
# header, so nothing that could break either gets through.
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# The Celery message header that carries the id into a task.
TASK_HEADER = "workbench_request_id"

_current: ContextVar[str | None] = ContextVar("request_id", default=None)
_task_tokens = {}  # task id -> token to reset the id with when the task ends

access_log = logging.getLogger("workbench.requests")


def current_request_id() -> str | None:
    return _current.get()


def request_id_for(incoming: str | None) -> str:
    if incoming and _SAFE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives the request its id and writes one access log line per request
    (method, path, status, duration): gunicorn's own access log is off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request.headers.get(HEADER))
        token = _current.set(request.request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _current.reset(token)


# -- Celery signal handlers (connected in workbench/celery.py) -------------------


def add_to_task_headers(headers=None, **_kwargs):
    """before_task_publish: a task queued while a request is handled carries
    that request's id in its message."""
    request_id = _current.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def restore_in_task(task_id=None, task=None, **_kwargs):
    """task_prerun: the worker's log lines for the task carry the id. A task
    run in-process (no REDIS_URL) has no such header and keeps the id of the
    request it runs in."""
    request_id = task.request.get(TASK_HEADER) if task is not None else None
    if request_id and _SAFE_ID.fullmatch(str(request_id)):
        _task_tokens[task_id] = _current.set(request_id)


def forget_after_task(task_id=None, **_kwargs):
    """task_postrun: the next task in this worker process starts without it."""
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _current.reset(token)
