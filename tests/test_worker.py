"""Dialogue packs rendered by a REAL Celery worker (prefork, Redis broker,
PostgreSQL): end to end, and after the worker is killed halfway through a
render (Redis delivers the unacknowledged message again to a new worker).

Each test gets its own queue (tests/processes.py). Workers run in their own
process group and the whole group is killed when the test ends, pass or fail.
"""

import re
import shutil
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from packs.models import DialoguePack, Part
from packs.services import request_pack
from packs.tasks import render_pack_task
from tests.factories import make_meeting
from tests.processes import (
    MARKS,
    PACK_TIMEOUT,
    Worker,
    Workers,
    logs,
    new_queue_name,
    purge,
    require_worker_services,
    status_of,
    unacked,
    wait_for,
)
from tests.services import unavailable
from workbench.celery import app

pytestmark = MARKS

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"

# The lease a worker keeps on the pack it renders, here (production: 30 s).
LEASE_SECONDS = 4
# The bound: ready within 90 s of the worker's restart.
TAKEOVER_TIMEOUT = 90
# Agenda items in the pack that is killed halfway: enough that the render
# takes several seconds, so the test can catch the worker while it renders.
SLOW_PACK_ITEMS = 20


# -- services -------------------------------------------------------------------


@pytest.fixture(scope="module")
def services():
    """Redis, PostgreSQL, and pdftotext to read the PDFs."""
    client = require_worker_services()
    if not Path(PDFTOTEXT).exists():
        unavailable("pdftotext (poppler-utils) is not installed")
    yield client
    client.close()


@pytest.fixture
def queue(services, transactional_db):
    """A queue of this test's own; tasks sent by this process go there."""
    name = new_queue_name()
    saved = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue = name
    app.conf.task_always_eager = False
    purge(services, name)
    yield name
    app.conf.task_default_queue, app.conf.task_always_eager = saved
    purge(services, name)


@pytest.fixture
def start_worker(queue, tmp_path):
    """Start workers on this test's queue; all are killed at teardown."""
    workers = Workers(queue, tmp_path)
    yield workers.start
    workers.kill_all()


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
    pdf = pack.read_file()
    assert pdf.startswith(b"%PDF"), f"not a PDF: {pdf[:20]!r}\n" + logs(workers)
    # Exactly one result in storage (its PDF and Word file): a second run's
    # files are removed again.
    _folders, files = default_storage.listdir(f"packs/{pack.meeting_id}")
    kept = {name.rsplit("/", 1)[-1] for name in (pack.file.name, pack.docx.name)}
    assert {name for name in files if name.startswith(f"{pack.pk}-")} == kept, files
    assert pack.pages and pack.pages >= 2, f"pages={pack.pages}"
    assert re.fullmatch(r"[0-9a-f]{64}", pack.checksum), f"checksum={pack.checksum!r}"
    assert pack.checksum == DialoguePack.checksum_of(pack.source)
    assert pack.error == ""
    assert pack.finished_at is not None
    text = pdf_text(pdf)
    missing = [title for title in titles if title not in text]
    assert not missing, f"agenda items missing from the PDF text: {missing}"
    return text


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


def test_pack_is_taken_over_after_the_whole_worker_is_killed_mid_render(
    services, queue, start_worker, committee, chair, lead, project
):
    """The whole worker (main process and child) is killed while it renders.
    Redis would deliver the unacknowledged message again only after the
    visibility timeout (CELERY_TASK_TIME_LIMIT + 60 s, left at its production
    value here); instead the pack's lease runs out, and the next worker's
    recovery sweep queues it again. Leases and sweeps are shortened (they are
    settings) so the test is quick; the production values give at most
    PACK_LEASE_SECONDS + PACK_RECOVERY_INTERVAL = 45 s."""
    titles = [f"Punkt om skærmbesøg nr. {n}" for n in range(1, SLOW_PACK_ITEMS + 1)]
    meeting, _items = make_meeting(committee, chair, project, lead, titles)
    quick = {"PACK_LEASE_SECONDS": str(LEASE_SECONDS), "PACK_RECOVERY_INTERVAL": "1"}

    first = start_worker(**quick)
    first.wait_ready()
    pack = request_pack(meeting, None, lead)
    wait_for(
        lambda: status_of(pack.pk) != DialoguePack.Status.QUEUED,
        PACK_TIMEOUT,
        f"the first worker to start rendering pack {pack.pk}",
        [first],
        require_alive=[first],
    )
    first.kill()  # SIGKILL to the whole process group

    pack.refresh_from_db()
    assert pack.status == DialoguePack.Status.RENDERING, (
        f"the pack should be caught mid-render, but it is {pack.status!r} "
        f"(render faster than the test? raise SLOW_PACK_ITEMS)\n" + logs([first])
    )
    assert pack.attempts == 1 and not pack.file
    assert len(unacked(services, queue)) == 1  # the killed worker never acknowledged it

    second = start_worker(**quick)
    second.wait_ready()
    restarted_at = time.time()
    wait_for(
        lambda: status_of(pack.pk) in (DialoguePack.Status.READY, DialoguePack.Status.FAILED),
        TAKEOVER_TIMEOUT,
        f"pack {pack.pk} to be taken over by the second worker",
        [first, second],
        require_alive=[second],
    )
    ready_after = time.time() - restarted_at

    packs = list(DialoguePack.objects.filter(meeting=meeting))
    assert len(packs) == 1, f"one pack per meeting, found {packs}"
    pack = packs[0]
    assert pack.status == DialoguePack.Status.READY, (
        f"status={pack.status} error={pack.error!r}\n" + logs([first, second])
    )
    assert pack.attempts == 2, f"attempts={pack.attempts}"
    assert_valid_pdf(pack, [titles[0], titles[-1]], [first, second])
    assert ready_after < TAKEOVER_TIMEOUT
    print(
        f"\n{SLOW_PACK_ITEMS}-item pack: {pack.pages} pages, render "
        f"{task_runtime(second)} s; ready {ready_after:.1f} s after the worker restarted"
    )

    # The old message, when Redis delivers it at last, finds the pack made.
    checksum = pack.checksum
    assert render_pack_task.apply(args=[pack.pk]).get() == DialoguePack.Status.READY
    pack.refresh_from_db()
    assert (pack.attempts, pack.checksum) == (2, checksum)


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
    pack = DialoguePack.objects.get(meeting=meeting, part=Part.CLOSED)  # the open one is empty

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
    text = pdf_text(b"".join(download.streaming_content))
    assert "Personalesag uden projekt" in text and "Lukket punkt" in text
