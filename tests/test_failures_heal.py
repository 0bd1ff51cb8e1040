"""Failures that heal, against the image's own commands (gunicorn with
production settings, a real Celery worker) and a Redis of this test's own,
which the test stops and starts again: with the broker down, "Lav
mødemateriale" says so in Danish, readiness says 503, and no pack is left
"I kø" to block the next request; with the broker back, "Prøv igen" queues
the pack and the worker makes it."""

import shutil
import subprocess
import time

import pytest
from django.conf import global_settings

from packs.models import DialoguePack
from tests.factories import PASSWORD, make_meeting
from tests.processes import MARKS, PACK_TIMEOUT, Worker, logs, wait_for
from tests.services import unavailable
from tests.test_production import (  # noqa: F401 - fixtures
    Client,
    app_env,
    free_port,
    production,
    queue,
    redis_client,
    start_web,
    static_files,
)

pytestmark = MARKS


class PrivateRedis:
    """A redis-server on a port of its own, to stop and start at will."""

    def __init__(self, log_dir):
        if shutil.which("redis-server") is None:
            unavailable("redis-server is not installed")
        self.port = free_port()
        self.log_dir = log_dir
        self.proc = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=(self.log_dir / "redis.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while (
            subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            ).stdout.strip()
            != "PONG"
        ):
            assert time.monotonic() < deadline, "the private Redis did not start"
            time.sleep(0.1)

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture
def broker(tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


def test_broker_down_says_so_blocks_nothing_and_heals(
    broker, queue, production, static_files, tmp_path, settings, committee, chair, lead, project
):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    lead.set_password(PASSWORD)
    lead.save()
    meeting, _items = make_meeting(committee, chair, project, lead, ["Status på skærmbesøg"])
    env = {**app_env(queue, production), "REDIS_URL": broker.url}
    web = start_web(env, tmp_path)
    worker = None
    try:
        browser = Client(web.base_url)
        browser.get("/log-ind/")
        browser.post("/log-ind/", {"username": lead.username, "password": PASSWORD})
        ask = f"/moedemateriale/moede/{meeting.pk}/lav/"

        broker.stop()
        assert browser.get("/sundhed/klar/").status == 503
        card = browser.post(ask, {}, headers={"HX-Request": "true"})
        assert card.status == 200, card.body[:500]
        assert "opgavekøen ikke svarer" in card.body.decode()
        again = browser.post(ask, {}, headers={"HX-Request": "true"})
        assert "opgavekøen ikke svarer" in again.body.decode()  # a new try, not a blocked one
        packs = DialoguePack.objects.filter(meeting=meeting)
        assert packs.count() == 2 and not packs.in_progress().exists()

        broker.start()
        failed = packs.first()
        retried = browser.post(
            f"/moedemateriale/{failed.pk}/igen/", {}, headers={"HX-Request": "true"}
        )
        assert retried.status == 200 and "I kø" in retried.body.decode()
        worker = Worker(queue, tmp_path / "worker.log", **production, REDIS_URL=broker.url)
        worker.start()
        wait_for(
            lambda: DialoguePack.objects.filter(pk=failed.pk, status="klar").exists(),
            PACK_TIMEOUT,
            "the worker to make the retried pack",
            [worker],
            require_alive=[worker],
        )
        assert browser.get("/sundhed/klar/").status == 200, logs([worker])
    finally:
        if worker is not None:
            worker.kill()
        web.server.kill()
