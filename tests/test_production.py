"""The image's commands, run for real without Docker (CI has none): static
files built by the Dockerfile's own RUN step (scripts/build_static.sh), the
Dockerfile's CMD (gunicorn) with DEBUG off and production settings against
the test PostgreSQL database and Redis, and a real Celery worker. A user
logs in, opens an assessment and downloads a pack the worker rendered; the
request id follows the pack request into the worker's log; readiness and
the compose health checks see the worker, and see it die.

Production settings here differ from a deployment in one way only: the
loopback has no TLS, so the test's client sends cookies marked Secure over
plain HTTP (as a browser would over HTTPS).
"""

import json
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from django.conf import global_settings

from packs.models import DialoguePack
from tests.factories import PASSWORD, make_meeting
from tests.processes import (
    MARKS,
    PACK_TIMEOUT,
    ROOT,
    Process,
    Workers,
    free_port,
    logs,
    new_queue_name,
    process_env,
    purge,
    require_worker_services,
    wait_for,
)

pytestmark = MARKS

WEB_BOOT_TIMEOUT = 60
# Seconds between worker heartbeats here: a killed worker counts as down
# after three (workbench/heartbeat.py).
HEARTBEAT_INTERVAL = 1
HASHED_STYLESHEET = re.compile(r'href="(/static/css/workbench\.[0-9a-f]{12}\.css)"')


# -- the Dockerfile ---------------------------------------------------------------


def dockerfile_instructions(keyword: str) -> list[str]:
    """The arguments of every `keyword` instruction (continuation lines joined)."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    prefix = keyword + " "
    return [line[len(prefix) :].strip() for line in text.splitlines() if line.startswith(prefix)]


def dockerfile_static_build() -> str:
    steps = [step for step in dockerfile_instructions("RUN") if "build_static" in step]
    assert steps == ["scripts/build_static.sh"], f"the Dockerfile builds static files by {steps}"
    return steps[0]


def dockerfile_web_command() -> list[str]:
    (cmd,) = dockerfile_instructions("CMD")
    command = json.loads(cmd)
    assert command[0] == "gunicorn", f"the image's command is {command}"
    return [sys.executable, "-m", "gunicorn", *command[1:]]


# -- processes ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_client():
    client = require_worker_services()
    yield client
    client.close()


@pytest.fixture(scope="module")
def queue(redis_client):
    name = new_queue_name()
    purge(redis_client, name)
    yield name
    purge(redis_client, name)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """Settings as a deployment sets them (docker-compose.yml), for web and worker."""
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Behind the TLS-terminating proxy every deployment has; the tests'
        # client stands where the proxy stands (PROXY_HEADERS).
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("staticfiles")),
        "WORKER_HEARTBEAT_INTERVAL": str(HEARTBEAT_INTERVAL),
    }


def app_env(queue: str, production: dict) -> dict:
    env = {**process_env(queue), **production}
    env.pop("LOG_FORMAT", None)  # production's default: JSON
    return env


@pytest.fixture(scope="module")
def static_files(queue, production):
    build = subprocess.run(
        ["sh", "-c", dockerfile_static_build()],
        cwd=ROOT,
        env={**app_env(queue, production), "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr


@dataclass
class Web:
    base_url: str
    server: Process

    def healthcheck(self) -> subprocess.CompletedProcess:
        """docker-compose.yml's health check of the web service."""
        return subprocess.run(
            [sys.executable, "scripts/healthcheck.py", self.base_url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )


def start_web(env: dict, log_dir) -> Web:
    """The image's command (gunicorn) on a free port, once it answers."""
    port = free_port()
    env = {**env, "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    server = Process(dockerfile_web_command(), log_dir / "gunicorn.log", env)
    server.label = "gunicorn"
    server.start()
    web = Web(f"http://127.0.0.1:{port}", server)
    deadline = time.monotonic() + WEB_BOOT_TIMEOUT
    while Client(web.base_url).get("/sundhed/", timeout=2, quiet=True).status != 200:
        server.fail_if_dead("gunicorn to answer")
        if time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"gunicorn not answering after {WEB_BOOT_TIMEOUT} s\n" + server.log_tail())
        time.sleep(0.2)
    return web


@pytest.fixture(scope="module")
def web(queue, production, static_files, tmp_path_factory):
    web = start_web(app_env(queue, production), tmp_path_factory.mktemp("gunicorn"))
    yield web
    web.server.kill()


@pytest.fixture
def start_worker(queue, production, tmp_path):
    workers = Workers(queue, tmp_path)
    yield lambda: workers.start(**production)
    workers.kill_all()


# -- a client --------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# What the TLS-terminating proxy in front of the app adds to each request.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


class Client:
    """Cookies and CSRF token as a browser keeps them, behind the proxy;
    redirects not followed."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        # Cookies are Secure with DEBUG off; the loopback has no TLS.
        self.cookies = CookieJar(DefaultCookiePolicy(secure_protocols=("https", "http")))
        self.opener = build_opener(HTTPCookieProcessor(self.cookies), _NoRedirects)

    def get(self, path, headers=None, timeout=30, quiet=False) -> Response:
        request = Request(self.base_url + path, headers={**PROXY_HEADERS, **(headers or {})})
        return self._send(request, timeout, quiet)

    def post(self, path, data, headers=None) -> Response:
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        # A browser names the page's origin on every post; over HTTPS Django's
        # CSRF check requires it to be this site.
        origin = {"Origin": self.base_url.replace("http://", "https://", 1)}
        request = Request(
            self.base_url + path, body, headers={**PROXY_HEADERS, **origin, **(headers or {})}
        )
        return self._send(request, 30, False)

    def _send(self, request, timeout, quiet) -> Response:
        try:
            with self.opener.open(request, timeout=timeout) as answer:
                return Response(answer.status, dict(answer.headers), answer.read())
        except HTTPError as error:
            return Response(error.code, dict(error.headers), error.read())
        except OSError:
            if quiet:
                return Response(0, {}, b"")
            raise


def json_lines(process: Process) -> list[dict]:
    return [json.loads(line) for line in process.log().splitlines() if line.startswith("{")]


# -- tests -----------------------------------------------------------------------


def test_a_user_logs_in_reads_an_assessment_and_downloads_a_pack(
    web, start_worker, settings, committee, chair, lead, project
):
    # The server checks passwords with the production hashers.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    lead.set_password(PASSWORD)
    lead.save()
    meeting, _items = make_meeting(committee, chair, project, lead, ["Status på skærmbesøg"])
    worker = start_worker()
    browser = Client(web.base_url)

    # Plain HTTP that did not come through the TLS proxy is sent to HTTPS.
    plain = browser.get("/log-ind/", headers={"X-Forwarded-Proto": "http"})
    assert plain.status == 301 and plain.headers["Location"].startswith("https://")
    login = browser.get("/log-ind/")
    assert login.status == 200, login.body[:2000]
    assert "max-age=31536000" in login.headers["Strict-Transport-Security"]
    stylesheet = HASHED_STYLESHEET.search(login.body.decode())
    assert stylesheet, "the login page should link the stylesheet by its hashed name"
    css = browser.get(stylesheet.group(1))
    assert css.status == 200
    assert css.headers["Content-Type"].startswith("text/css")
    assert "immutable" in css.headers["Cache-Control"]  # whitenoise knows it is hashed

    signed_in = browser.post("/log-ind/", {"username": lead.username, "password": PASSWORD})
    assert signed_in.status == 302, signed_in.body[:2000]
    page = browser.get(f"/vurderinger/{project.assessment.pk}/")
    assert page.status == 200, page.body[:2000]
    assert project.title in page.body.decode()

    request_id = f"prodtest-{uuid.uuid4().hex}"
    pack_path = f"/moedemateriale/moede/{meeting.pk}/lav/"
    asked = browser.post(pack_path, {}, headers={"X-Request-ID": request_id})
    assert asked.status == 302, asked.body[:2000]
    assert asked.headers["X-Request-ID"] == request_id
    worker.wait_ready()
    pack = wait_for(
        lambda: DialoguePack.objects.filter(
            meeting=meeting, status=DialoguePack.Status.READY
        ).first(),
        PACK_TIMEOUT,
        "the worker to render the pack",
        [worker],
        require_alive=[worker],
    )
    download = browser.get(f"/moedemateriale/{pack.pk}/pdf/")
    assert download.status == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.body.startswith(b"%PDF")

    # Production logs JSON, gunicorn's own lines included; the pack request's
    # id is on the web's line for it and on the worker's lines for its task.
    lines = web.server.log().splitlines()
    assert lines and all(line.startswith("{") for line in lines), web.server.log_tail()
    web_lines = [e for e in json_lines(web.server) if e.get("request_id") == request_id]
    assert [(e["path"], e["status"]) for e in web_lines] == [(pack_path, 302)]
    worker_lines = [e for e in json_lines(worker) if e.get("request_id") == request_id]
    assert any("render_pack_task" in e["message"] for e in worker_lines), logs([worker])


def test_readiness_reports_the_worker_and_its_death(web, start_worker):
    worker = start_worker()
    worker.wait_ready()
    worker_name = f"{worker.label}@{socket.gethostname()}"
    browser = Client(web.base_url)

    ready = browser.get("/sundhed/klar/")
    assert ready.status == 200, ready.body
    checks = ready.json()["checks"]
    assert all(check["ok"] for check in checks.values()), checks
    assert checks["worker"]["workers"] >= 1
    assert web.healthcheck().returncode == 0, web.healthcheck().stderr
    assert worker_heartbeat_check(worker_name, web).returncode == 0

    worker.kill()
    deadline = time.monotonic() + 3 * HEARTBEAT_INTERVAL + 5
    while (ready := browser.get("/sundhed/klar/")).status == 200:
        assert time.monotonic() < deadline, "readiness still 200 after the worker died"
        time.sleep(0.2)
    assert ready.status == 503
    checks = ready.json()["checks"]
    assert checks["worker"]["ok"] is False
    assert all(checks[name]["ok"] for name in ("database", "redis", "static")), checks
    unhealthy = web.healthcheck()
    assert unhealthy.returncode == 1 and "/sundhed/klar/ answered 503" in unhealthy.stderr
    assert worker_heartbeat_check(worker_name, web).returncode == 1


def worker_heartbeat_check(worker_name: str, web: Web) -> subprocess.CompletedProcess:
    """docker-compose.yml's health check of the worker service."""
    return subprocess.run(
        [sys.executable, "-m", "workbench.heartbeat", worker_name],
        cwd=ROOT,
        env=web.server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
