"""Dialogue packs rendered by a REAL Celery worker (prefork, Redis broker,
PostgreSQL): end to end, and after the worker is killed halfway through a
render (Redis delivers the unacknowledged message again to a new worker).

Each test gets its own queue, so messages left over by other runs (or by a
developer's `make worker`) never reach these workers, and these messages
never reach anybody else's worker. Workers run in their own process group
and the whole group is killed when the test ends, pass or fail.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.services import Submission, save_answer
from meetings.models import AgendaItem, Meeting
from packs.models import DialoguePack
from packs.services import request_pack
from questionnaires.models import AnswerKind
from tests.services import unavailable
from workbench.celery import app

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("standard_template_restored", "standard_template_left_behind"),
]

ROOT = Path(__file__).resolve().parent.parent
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"

# Seconds. Generous: a loaded 2-core machine boots a worker (Django +
# WeasyPrint imports) in several seconds and renders slowly.
WORKER_BOOT_TIMEOUT = 60
PACK_TIMEOUT = 90
# Normally ~25 s after the kill; covers one missed restore at worker start
# plus kombu's next periodic sweep (~100 s, see test 2).
REDELIVERY_TIMEOUT = 150
# A message unacknowledged for this long is delivered again (see test 2).
VISIBILITY_TIMEOUT = 8
# Agenda items in the pack that is killed halfway: enough that the render
# takes several seconds, so the test can catch the worker while it renders.
SLOW_PACK_ITEMS = 20
# kombu's Redis transport (ack emulation) parks delivered, unacknowledged
# messages in these keys (no global_keyprefix is configured).
UNACKED_KEY = "unacked"
UNACKED_INDEX_KEY = "unacked_index"


# -- services -------------------------------------------------------------------


@pytest.fixture(scope="module")
def services():
    """Redis as Celery broker, PostgreSQL (a worker process must see the
    test's committed data), and pdftotext to read the PDFs."""
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
    if not Path(PDFTOTEXT).exists():
        unavailable("pdftotext (poppler-utils) is not installed")
    yield client
    client.close()


def _test_database_url() -> str:
    """The URL of the database the tests run on (test_medworkbench)."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def queue(services, transactional_db):
    """A queue of this test's own; tasks sent by this process go there."""
    name = f"test-packs-{uuid.uuid4().hex[:12]}"
    saved = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue = name
    app.conf.task_always_eager = False
    _purge(services, name)
    yield name
    app.conf.task_default_queue, app.conf.task_always_eager = saved
    _purge(services, name)


def _purge(client: redis.Redis, queue: str) -> None:
    """Empty the queue, and forget its unacknowledged messages so no later
    worker restores them into it."""
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    for tag, _message in _unacked(client, queue):
        client.hdel(UNACKED_KEY, tag)
        client.zrem(UNACKED_INDEX_KEY, tag)


def _unacked(client: redis.Redis, queue: str) -> list[tuple[bytes, list]]:
    """(delivery tag, [message, exchange, routing key]) of the messages
    delivered from `queue` and not acknowledged yet."""
    found = []
    for tag, raw in client.hgetall(UNACKED_KEY).items():
        entry = json.loads(raw)
        if entry[2] == queue:
            found.append((tag, entry))
    return found


# -- workers --------------------------------------------------------------------


class Worker:
    """`celery -A workbench worker` in a process group of its own."""

    def __init__(self, queue: str, log_path: Path, **env):
        self.label = f"test{uuid.uuid4().hex[:10]}"
        self.queue = queue
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "workbench.settings",
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "DEBUG": "1",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.proc = None
        self.started = None

    def start(self) -> "Worker":
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
            f"{self.label}@%h",
            "-Q",
            self.queue,
        ]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: killpg takes the pool too
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
        return f"--- worker {self.label} log ({self.log_path}), last {lines} lines ---\n{tail}"

    def wait_ready(self, timeout: float = WORKER_BOOT_TIMEOUT) -> float:
        """Seconds until the worker consumes its queue."""
        ready = re.compile(rf"{re.escape(self.label)}@\S+ ready\.")
        deadline = time.monotonic() + timeout
        while not ready.search(self.log()):
            if not self.alive:
                pytest.fail(
                    f"Worker exited with code {self.proc.returncode} before it was ready.\n"
                    + self.log_tail()
                )
            if time.monotonic() > deadline:
                pytest.fail(f"Worker not ready after {timeout} s.\n" + self.log_tail())
            time.sleep(0.2)
        return time.monotonic() - self.started

    def kill(self) -> None:
        """SIGKILL the main process and its pool child: no warm shutdown, no
        acknowledgement, no restore of unacknowledged messages."""
        if self.proc is None:
            return
        # The group outlives its leader while a pool child is alive.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=30)


@pytest.fixture
def start_worker(queue, tmp_path):
    """Start workers on this test's queue; all are killed at teardown
    (before the database is flushed, so no worker holds a lock on it)."""
    workers = []

    def _start(**env) -> Worker:
        worker = Worker(queue, tmp_path / f"worker-{len(workers) + 1}.log", **env)
        workers.append(worker)
        return worker.start()

    _start.workers = workers
    yield _start
    for worker in reversed(workers):
        worker.kill()


def logs(workers) -> str:
    return "\n".join(w.log_tail() for w in workers) or "(no worker started)"


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


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, timeout=60
    )
    assert result.returncode == 0, f"pdftotext failed: {result.stderr.decode(errors='replace')}"
    return " ".join(result.stdout.decode("utf-8").split())


def task_runtime(worker: Worker) -> float | None:
    """Seconds the worker reports for its last successful render."""
    found = re.findall(r"render_pack_task\[[^\]]+\] succeeded in ([0-9.]+)s", worker.log())
    return float(found[-1]) if found else None


def assert_ready(pack: DialoguePack, workers) -> None:
    pack.refresh_from_db()
    assert pack.status == DialoguePack.Status.READY, (
        f"status={pack.status} error={pack.error!r}\n" + logs(workers)
    )


def assert_valid_pdf(pack: DialoguePack, titles, workers) -> str:
    pdf = bytes(pack.pdf or b"")
    assert pdf.startswith(b"%PDF"), f"not a PDF: {pdf[:20]!r}\n" + logs(workers)
    assert pack.pages and pack.pages >= 2, f"pages={pack.pages}"
    assert re.fullmatch(r"[0-9a-f]{64}", pack.checksum), f"checksum={pack.checksum!r}"
    assert pack.checksum == DialoguePack.checksum_of(pack.source)
    assert pack.error == ""
    assert pack.finished_at is not None
    text = pdf_text(pdf)
    missing = [title for title in titles if title not in text]
    assert not missing, f"agenda items missing from the PDF text: {missing}"
    return text


# -- data -----------------------------------------------------------------------


def make_meeting(committee, chair, project, lead, titles) -> tuple[Meeting, list[AgendaItem]]:
    """A meeting whose agenda items all concern `project`, which has a couple
    of joint answers."""
    assessment = project.assessment
    questions = list(assessment.questions().filter(kind=AnswerKind.SCALE)[:2])
    assert len(questions) == 2, "the standard template should have scale questions"
    for question, value in zip(questions, ("2", "-1"), strict=True):
        save_answer(
            assessment,
            question,
            lead,
            Submission(value=value, text="Fælles svar fra udvalget.", status="enige"),
            joint=True,
        )
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=7),
        place="Mødelokale 2, Rådhuset",
        created_by=chair,
    )
    kinds = list(AgendaItem.Kind)
    items = [
        meeting.add_item(
            title=title,
            kind=kinds[number % len(kinds)],
            project=project,
            description=f"Udvalget drøfter punkt {number + 1} om projektet.",
        )
        for number, title in enumerate(titles)
    ]
    return meeting, items


# -- tests ----------------------------------------------------------------------


def test_worker_renders_a_meeting_pack_end_to_end(
    services, queue, start_worker, committee, chair, lead, project
):
    titles = ["Status på skærmbesøg", "Arbejdsmiljø og trivsel", "Næste skridt i piloten"]
    meeting, _items = make_meeting(committee, chair, project, lead, titles)

    # No worker yet: the pack waits in the queue, and asking again gives the
    # same pack without queuing another render.
    pack = request_pack(meeting, None, lead)
    again = request_pack(meeting, None, lead)
    assert again.pk == pack.pk
    assert DialoguePack.objects.filter(meeting=meeting).count() == 1
    assert status_of(pack.pk) == DialoguePack.Status.QUEUED
    assert services.llen(queue) == 1, "exactly one render should be queued (in Redis)"

    worker = start_worker()
    boot = worker.wait_ready()
    wait_for(
        lambda: status_of(pack.pk) in (DialoguePack.Status.READY, DialoguePack.Status.FAILED),
        PACK_TIMEOUT,
        f"pack {pack.pk} to be rendered",
        [worker],
        require_alive=[worker],
    )
    assert_ready(pack, [worker])
    assert pack.attempts == 1
    text = assert_valid_pdf(pack, titles, [worker])
    assert committee.name in text
    assert DialoguePack.objects.filter(meeting=meeting).count() == 1
    print(
        f"\nworker ready in {boot:.1f} s; {len(titles)}-item pack: "
        f"{pack.pages} pages, render {task_runtime(worker)} s"
    )


def test_pack_survives_worker_killed_mid_render(
    services, queue, start_worker, committee, chair, lead, project
):
    titles = [f"Punkt om skærmbesøg nr. {n}" for n in range(1, SLOW_PACK_ITEMS + 1)]
    meeting, _items = make_meeting(committee, chair, project, lead, titles)
    visibility = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}

    first = start_worker(**visibility)
    first.wait_ready()
    pack = request_pack(meeting, None, lead)
    wait_for(
        lambda: status_of(pack.pk) != DialoguePack.Status.QUEUED,
        PACK_TIMEOUT,
        f"the first worker to start rendering pack {pack.pk}",
        [first],
        require_alive=[first],
    )
    first.kill()
    killed_at = time.time()

    pack.refresh_from_db()
    assert pack.status == DialoguePack.Status.RENDERING, (
        f"the pack should be caught mid-render, but it is {pack.status!r} "
        f"(render faster than the test? raise SLOW_PACK_ITEMS)\n" + logs([first])
    )
    assert pack.attempts == 1
    assert not pack.pdf
    # Acks late: the killed worker never acknowledged the message; Redis
    # keeps it among the unacknowledged ones, with the time it was delivered.
    unacked = _unacked(services, queue)
    assert len(unacked) == 1, f"expected one unacknowledged message, found {unacked}"
    tag, _entry = unacked[0]
    delivered_at = services.zscore(UNACKED_INDEX_KEY, tag)
    assert delivered_at is not None
    assert services.llen(queue) == 0

    # kombu restores unacknowledged messages older than visibility_timeout
    # when a worker starts consuming, and after that only in a sweep every
    # unacked_restore_interval × unacked_restore_throttle seconds (10 × 10 by
    # default). So the new worker comes up once the message is overdue, as a
    # worker restarted after a crash in production would (there the
    # visibility timeout is CELERY_TASK_TIME_LIMIT + 60 s).
    overdue_in = delivered_at + VISIBILITY_TIMEOUT + 1 - time.time()
    if overdue_in > 0:
        time.sleep(overdue_in)
    second = start_worker(**visibility)
    second.wait_ready()
    wait_for(
        lambda: status_of(pack.pk) in (DialoguePack.Status.READY, DialoguePack.Status.FAILED),
        REDELIVERY_TIMEOUT,
        f"pack {pack.pk} to be rendered again by the second worker (Redis should "
        f"redeliver the unacknowledged message, overdue after {VISIBILITY_TIMEOUT} s; "
        f"unacked when the second worker started: {_unacked(services, queue)})",
        [first, second],
        require_alive=[second],
    )
    redelivered_after = time.time() - killed_at

    packs = list(DialoguePack.objects.filter(meeting=meeting))
    assert len(packs) == 1, f"one pack per meeting, found {packs}"
    pack = packs[0]
    assert pack.status == DialoguePack.Status.READY, (
        f"status={pack.status} error={pack.error!r}\n" + logs([first, second])
    )
    assert pack.attempts >= 2, f"attempts={pack.attempts}"
    assert_valid_pdf(pack, [titles[0], titles[-1]], [first, second])
    wait_for(
        lambda: not _unacked(services, queue),
        30,
        "the second worker to acknowledge the message",
        [first, second],
    )
    print(
        f"\n{SLOW_PACK_ITEMS}-item pack: {pack.pages} pages, render "
        f"{task_runtime(second)} s; ready {redelivered_after:.1f} s after the kill; "
        f"attempts={pack.attempts}"
    )


def test_lead_packs_a_closed_item_without_a_project_through_the_pages(
    services, queue, start_worker, client, committee, lead
):
    """A project lead adds a closed item without a project to a meeting and
    asks for "Lav mødemateriale"; the card goes i kø → klar and the download
    holds the item (it once stayed "I kø" and then showed a 404)."""
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=7),
        place="Mødelokale 2, Rådhuset",
        created_by=lead,
    )
    client.force_login(lead)
    worker = start_worker()
    added = client.post(
        reverse("item_add", args=[meeting.pk]),
        {"title": "Personalesag uden projekt", "kind": "droeftelse", "is_closed": "on"},
    )
    assert added.status_code == 302, added.content.decode()[:500]
    item = meeting.items.get()
    assert item.is_closed and item.project_id is None
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Personalesag uden projekt" in page

    card = client.post(reverse("pack_request", args=[meeting.pk]), headers={"HX-Request": "true"})
    assert card.status_code == 200 and "I kø" in card.content.decode()
    pack = DialoguePack.objects.get(meeting=meeting)

    worker.wait_ready()
    state_url = reverse("pack_state", args=[pack.pk])
    done = wait_for(
        lambda: (response := client.get(state_url)).status_code == 286 and response,
        PACK_TIMEOUT,
        f"the card of pack {pack.pk} to stop polling",
        [worker],
        require_alive=[worker],
    )
    assert_ready(pack, [worker])
    assert "Hent PDF" in done.content.decode()
    download = client.get(reverse("pack_download", args=[pack.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    text = pdf_text(download.content)
    assert "Personalesag uden projekt" in text and "Lukket punkt" in text
