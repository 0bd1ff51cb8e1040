"""Real processes for the tests that need them (test_worker.py,
test_production.py): a Celery worker, and any other server command, each in
a process group of its own with its output in a log file, killed whole when
the test ends; plus the Redis queue helpers they share.

Each test run uses a queue of its own, so messages left over by other runs
(or by a developer's `make worker`) never reach these workers, and these
messages never reach anybody else's worker.
"""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from packs.models import DialoguePack
from tests.services import unavailable
from workbench.celery import app

ROOT = Path(__file__).resolve().parent.parent

# `pytestmark` of a module whose tests start processes: they need the
# services, and data committed (other processes see it), including the
# standard template a flush between tests would remove.
MARKS = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("standard_template_restored", "standard_template_left_behind"),
]

# Seconds. Generous: a loaded 2-core machine boots a worker (Django +
# WeasyPrint imports) in several seconds and renders slowly.
WORKER_BOOT_TIMEOUT = 60
PACK_TIMEOUT = 90
# kombu's Redis transport (ack emulation) parks delivered, unacknowledged
# messages in these keys (no global_keyprefix is configured).
UNACKED_KEY = "unacked"
UNACKED_INDEX_KEY = "unacked_index"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- services -------------------------------------------------------------------


def require_worker_services() -> redis.Redis:
    """Redis as Celery broker and PostgreSQL (a worker process must see the
    test's committed data); returns a Redis client."""
    if not settings.REDIS_URL:
        unavailable("REDIS_URL is not set: worker tests need Redis as the Celery broker")
    if connection.vendor != "postgresql":
        unavailable(
            f"the database is {connection.vendor}, not PostgreSQL: worker tests need "
            "DATABASE_URL=postgres://… (a separate worker process must share the test database)"
        )
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis at REDIS_URL does not answer: {exc}")
    return client


def shared_database_url() -> str:
    """The URL of the database the tests run on (test_…), for other processes."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{quote(db['NAME'], safe='')}"


def new_queue_name() -> str:
    return f"test-packs-{uuid.uuid4().hex[:12]}"


def purge(client: redis.Redis, queue: str) -> None:
    """Empty the queue, and forget its unacknowledged messages so no later
    worker restores them into it."""
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    for tag, _message in unacked(client, queue):
        client.hdel(UNACKED_KEY, tag)
        client.zrem(UNACKED_INDEX_KEY, tag)


def unacked(client: redis.Redis, queue: str) -> list[tuple[bytes, list]]:
    """(delivery tag, [message, exchange, routing key]) of the messages
    delivered from `queue` and not acknowledged yet."""
    found = []
    for tag, raw in client.hgetall(UNACKED_KEY).items():
        entry = json.loads(raw)
        if entry[2] == queue:
            found.append((tag, entry))
    return found


# -- processes ------------------------------------------------------------------


class Process:
    """A command in a process group of its own, output to `log_path`."""

    label = "process"

    def __init__(self, command: list[str], log_path: Path, env: dict):
        self.command = command
        self.log_path = log_path
        self.env = env
        self.proc = None
        self.started = None

    def start(self):
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: killpg takes the children too
            )
        self.started = time.monotonic()
        return self

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        tail = "\n".join(self.log().splitlines()[-lines:])
        return f"--- {self.label} log ({self.log_path}), last {lines} lines ---\n{tail}"

    def fail_if_dead(self, waiting_for: str) -> None:
        if not self.alive:
            pytest.fail(
                f"{self.label} exited with code {self.proc.returncode} while waiting for "
                f"{waiting_for}.\n" + self.log_tail()
            )

    def kill(self) -> None:
        """SIGKILL the whole group: no warm shutdown, no acknowledgement."""
        if self.proc is None:
            return
        # The group outlives its leader while a child is alive.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=30)


class Worker(Process):
    """`celery -A workbench worker` consuming `queue`, against the test
    database and Redis; `env` adds or overrides settings."""

    def __init__(self, queue: str, log_path: Path, **env):
        name = f"test{uuid.uuid4().hex[:10]}"
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workbench",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{name}@%h",
            "-Q",
            queue,
        ]
        super().__init__(command, log_path, {**process_env(queue), **env})
        self.label = name
        self.queue = queue

    def wait_ready(self, timeout: float = WORKER_BOOT_TIMEOUT) -> float:
        """Seconds until the worker consumes its queue."""
        ready = re.compile(rf"{re.escape(self.label)}@\S+ ready\.")
        deadline = time.monotonic() + timeout
        while not ready.search(self.log()):
            self.fail_if_dead("the worker to be ready")
            if time.monotonic() > deadline:
                pytest.fail(f"Worker not ready after {timeout} s.\n" + self.log_tail())
            time.sleep(0.2)
        return time.monotonic() - self.started


def process_env(queue: str) -> dict:
    """The environment of a process of the app: the test database, Redis,
    tasks on `queue`, development settings unless overridden."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DATABASE_URL": shared_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # where the worker stores the packs' files
        "CELERY_QUEUE": queue,
        "DEBUG": "1",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }


class Workers:
    """The workers one test starts on its queue; `kill_all()` at teardown,
    before the database is flushed, so no worker holds a lock on it."""

    def __init__(self, queue: str, log_dir: Path):
        self.queue = queue
        self.log_dir = log_dir
        self.started = []

    def start(self, **env) -> Worker:
        worker = Worker(self.queue, self.log_dir / f"worker-{len(self.started) + 1}.log", **env)
        self.started.append(worker)
        return worker.start()

    def kill_all(self) -> None:
        for worker in reversed(self.started):
            worker.kill()


def logs(processes) -> str:
    return "\n".join(p.log_tail() for p in processes) or "(no worker started)"


TASK_CRASHED = re.compile(r"render_pack_task\[[^\]]+\] raised unexpected")


def wait_for(predicate, timeout: float, what: str, workers, require_alive=()):
    """Poll until `predicate()` is truthy; fail with the workers' logs as
    soon as a worker dies or the task raises instead of recording a result."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if any(TASK_CRASHED.search(w.log()) for w in workers):
            pytest.fail(
                f"The render task raised (the pack keeps its status) while waiting for {what}.\n"
                + logs(workers)
            )
        for worker in require_alive:
            if not worker.alive:
                pytest.fail(
                    f"Worker exited (code {worker.proc.returncode}) while waiting for {what}.\n"
                    + logs(workers)
                )
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout} s waiting for {what}.\n" + logs(workers))
        time.sleep(0.1)


def status_of(pack_id: int):
    return DialoguePack.objects.filter(pk=pack_id).values_list("status", flat=True).first()
