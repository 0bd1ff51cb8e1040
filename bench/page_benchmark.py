"""Our pages against a minimal view, at 1× and at national scale, for a user
of the demo municipality and one of the biggest, in one run.

    REDIS_URL=redis://127.0.0.1:6379/4 .venv/bin/python bench/page_benchmark.py \\
        --small postgres://postgres@127.0.0.1:5432/med_perf_small \\
        --national postgres://postgres@127.0.0.1:5432/med_perf_national [--prepare] [--rounds 30]

Two gunicorn servers as the image runs them (gunicorn.conf.py, DEBUG off,
static files collected with DEBUG off), one per database: "1×" holds the
demo and the biggest generated municipality alone (`generate_national
--municipalities 1`), "national" the demo and all 96 generated ones
(`generate_national`), from the same seed, so the biggest municipality is
the same in both. `--prepare` makes both databases afresh first (dropped and
created; the national one takes several minutes).

The minimal view reads the session and the user and answers "ok"
(bench/bench_urls.py adds it to the product's URLs). Each user logs in
through the login form on each server; then every round asks each page
once, on both servers in turn, so load from elsewhere on the machine falls on
every page alike: page by page, each asked of the four (server, user)
pairs in turn, so every request follows one to another server or user and
none is timed warmer than the rest. The client sends `Accept-Encoding: gzip`, as browsers do,
and one request at a time. The autosave is the htmx post the assessment
page sends, with the version from the previous save's answer.

Prints per server, user and page: requests/s (one client, back to back),
p50 and p95 in ms, p50 ÷ the minimal view's p50 on the same server for the
same user, and national p50 ÷ 1× p50. docs/performance.md has the figures.
"""

import argparse
import gzip
import http.client
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
from psycopg import sql

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from load_http import CSRF_TOKEN, percentile  # noqa: E402
from load_stack import (  # noqa: E402
    DETACHED,
    ROOT,
    free_port,
    gunicorn_command,
    manage,
    production_env,
    recreate_database,
)

VERSION = re.compile(r'name="version" id="version-o(\d+)" value="(\d+)"')
PASSWORD_DEMO = "demo"
PASSWORD_GENERATED = "genereret"  # noqa: S105 - demo/national.py's known password
PAGES = [
    "minimal view",
    "dashboard",
    "project",
    "assessment",
    "assessment, one core question",
    "assessment, all phases",
    "comparison",
    "meeting",
    "pack status poll",
    "autosave",
]


class Server:
    """One gunicorn (the image's command) against one database."""

    def __init__(self, name: str, database_url: str, redis_url: str, work: Path):
        self.name = name
        self.work = work / name
        self.work.mkdir(parents=True, exist_ok=True)
        self.env = production_env(database_url, redis_url, self.work)
        self.env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        self.env["PYTHONPATH"] = f"{BENCH}:{ROOT}"
        self.env["MEDIA_ROOT"] = str(work / "media")
        self.port = free_port()
        self.process = None

    def prepare(self, *generate_args: str) -> None:
        started = time.monotonic()
        recreate_database(self.env["DATABASE_URL"])
        manage(self.env, "migrate", "--noinput")
        manage(self.env, "load_demo")
        manage(self.env, "generate_national", "--seed", "1", *generate_args)
        print(f"{self.name}: data made in {time.monotonic() - started:.0f} s", flush=True)

    def tune(self) -> None:
        """docs/deployment.md's planner setting, for this database only (the
        machine's PostgreSQL is shared)."""
        parts = urlsplit(self.env["DATABASE_URL"])
        name = parts.path.lstrip("/")
        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(
                sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(sql.Identifier(name))
            )

    def start(self) -> None:
        self.tune()
        subprocess.run(
            ["sh", "scripts/build_static.sh"],
            cwd=ROOT,
            check=True,
            env={**self.env, "PYTHON": sys.executable},
            stdout=subprocess.DEVNULL,
        )
        with (self.work / "web.log").open("wb") as log:
            self.process = subprocess.Popen(
                gunicorn_command(self.port), env=self.env, stdout=log, **DETACHED
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.work / 'web.log'}")
            try:
                url = f"http://127.0.0.1:{self.port}/log-ind/"
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer in 120 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)

    def query(self, code: str) -> str:
        """Run Python in Django against this server's database; its output."""
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v0", "-c", code],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()


class Client:
    """One logged-in browser on one server: cookies, CSRF token, gzip."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def send(self, method, path, data=None, htmx=False) -> tuple[int, str, float, int]:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Accept-Encoding": "gzip",
        }
        body = None
        if data is not None:
            body = urlencode([*data, ("csrfmiddlewaretoken", self.csrf)])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf
        if htmx:
            headers["HX-Request"] = "true"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # sync workers close; the next request reconnects
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            raw = response.read()
        ms = (time.perf_counter() - start) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = gzip.decompress(raw) if response.getheader("Content-Encoding") == "gzip" else raw
        return response.status, text.decode(), ms, len(raw)

    def login(self, username: str, password: str) -> None:
        _status, page, _ms, _size = self.send("GET", "/log-ind/")
        self.remember_csrf(page)
        status, *_rest = self.send(
            "POST", "/log-ind/", [("username", username), ("password", password)]
        )
        if status != 302:
            raise RuntimeError(f"{username} could not log in ({status})")

    def remember_csrf(self, page: str) -> None:
        found = CSRF_TOKEN.search(page)
        if found:
            self.csrf = found.group(1) or found.group(2)


# What each user opens: their first own project in its current phase, its
# assessment, and the next meeting of one of their committees with its
# newest pack. Printed by the server's own Django as "key=value" lines.
TARGETS = """
from assessments.access import seat_for_answering
from meetings.models import Meeting
from organisations.models import User
from packs.models import DialoguePack
from projects.models import Project
user = User.objects.get(username={username!r})
projects = Project.objects.for_user(user).annotate_is_mine(user).filter(is_mine=True)
project = next(p for p in projects.order_by("title") if seat_for_answering(user, p.assessment))
question = next(
    q for q in project.assessment.questions() if q.applies_in(project.phase) and q.kind == "text"
)
meeting = (
    Meeting.objects.filter(committee__memberships__user=user, packs__isnull=False)
    .order_by("-starts_at").distinct().first()
)
pack = DialoguePack.objects.filter(meeting=meeting).order_by("-id").first()
print(f"project={{project.pk}}\\nassessment={{project.assessment.pk}}\\nquestion={{question.pk}}")
print(f"meeting={{meeting.pk}}\\npack={{pack.pk}}\\nprojects={{Project.objects.for_user(user).count()}}")
print(f"phase={{project.phase}}\\ncore={{question.section.core_question}}")
"""


def targets(server: Server, username: str) -> dict:
    out = server.query(TARGETS.format(username=username))
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def biggest_chair(server: Server) -> str:
    return server.query(
        "from organisations.models import Municipality, Membership\n"
        "from django.db.models import Count\n"
        "m = Municipality.objects.annotate(n=Count('projects')).order_by('-n').first()\n"
        "print(Membership.objects.filter(committee__municipality=m, committee__level='hovedudvalg',"
        " role='formand').first().user.username)"
    )


class Session:
    """One user on one server: the pages and their timings."""

    def __init__(self, server: Server, username: str, password: str):
        self.server, self.username = server, username
        self.client = Client(server.port)
        self.client.login(username, password)
        self.at = targets(server, username)
        self.version = None
        self.saves = 0
        self.times = {page: [] for page in PAGES}
        self.sizes = {}

    def urls(self) -> dict:
        at = self.at
        return {
            "minimal view": "/minimal/",
            "dashboard": "/",
            "project": f"/projekter/{at['project']}/",
            "assessment": f"/vurderinger/{at['assessment']}/",
            "assessment, one core question": f"/vurderinger/{at['assessment']}/?del={at['core']}",
            "assessment, all phases": (
                f"/vurderinger/{at['assessment']}/?fase=alle&del={at['core']}"
            ),
            "comparison": f"/vurderinger/{at['assessment']}/sammenligning/",
            "meeting": f"/moeder/{at['meeting']}/",
            "pack status poll": f"/moedemateriale/{at['pack']}/status/",
        }

    def hit(self, page: str, record: bool = True) -> None:
        if page == "autosave":
            return self._autosave(record)
        status, text, ms, size = self.client.send(
            "GET", self.urls()[page], htmx=page == "pack status poll"
        )
        if status not in (200, 286):
            raise RuntimeError(f"{self.server.name} {self.username} {page}: {status}")
        if page == "assessment, one core question":  # the part with the question
            self.client.remember_csrf(text)
            for question, version in VERSION.findall(text):
                if question == self.at["question"]:
                    self.version = int(version)
        if record:
            self.times[page].append(ms)
            self.sizes[page] = size

    def _autosave(self, record: bool) -> None:
        self.saves += 1
        path = f"/vurderinger/{self.at['assessment']}/svar/{self.at['question']}/"
        data = [
            ("version", str(self.version or 0)),
            ("phase", self.at["phase"]),
            ("text", f"Benchmarkens svar nr. {self.saves}: æøå"),
        ]
        status, text, ms, size = self.client.send("POST", path, data, htmx=True)
        if status != 200:
            raise RuntimeError(
                f"{self.server.name} {self.username} autosave: {status} {text[:200]}"
            )
        found = re.search(r'value="(\d+)" hx-swap-oob', text)
        self.version = int(found.group(1))
        if record:
            self.times["autosave"].append(ms)
            self.sizes["autosave"] = size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", default="postgres://postgres@127.0.0.1:5432/med_perf_small")
    parser.add_argument(
        "--national", default="postgres://postgres@127.0.0.1:5432/med_perf_national"
    )
    parser.add_argument("--prepare", action="store_true", help="make both databases afresh")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/med_page_bench"))
    args = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4")
    servers = [
        Server("1×", args.small, redis_url, args.work),
        Server("national", args.national, redis_url, args.work),
    ]
    try:
        if args.prepare:
            servers[0].prepare("--municipalities", "1")
            servers[1].prepare()
        for server in servers:
            server.start()
        sessions = []
        for server in servers:
            chair = biggest_chair(server)
            sessions.append(Session(server, "formand", PASSWORD_DEMO))
            sessions.append(Session(server, chair, PASSWORD_GENERATED))
        for session in sessions:
            for page in PAGES:
                for _ in range(args.warmup):
                    session.hit(page, record=False)
        started = time.monotonic()
        for _ in range(args.rounds):
            # Page by page, each asked of the four (server, user) pairs in
            # turn: every request follows one to another pair. Asked user by
            # user, the first requests of a turn paid for the switch from the
            # other server (formand's minimal view, first in its turn, took
            # 3.6-4.2 ms where it takes 2.1-2.3 ms asked alone, even after an
            # untimed request: the server's three workers each warm up).
            for page in PAGES:
                for session in sessions:
                    session.hit(page)
        print(f"\n{args.rounds} rounds in {time.monotonic() - started:.0f} s")
        report(sessions)
    finally:
        for server in servers:
            server.stop()


def report(sessions) -> None:
    p50 = {}
    for s in sessions:
        for page in PAGES:
            p50[(s.server.name, s.username, page)] = percentile(s.times[page], 0.5)
    for s in sessions:
        base = p50[(s.server.name, s.username, "minimal view")]
        print(f"\n{s.server.name}, {s.username} ({s.at['projects']} projects in the municipality)")
        print(
            f"{'page':30} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'× minimal':>9} "
            f"{'× 1×':>6} {'KiB sent':>8}"
        )
        for page in PAGES:
            times = s.times[page]
            mine = p50[(s.server.name, s.username, page)]
            small = p50.get(("1×", s.username, page))
            growth = f"{mine / small:6.2f}" if small and s.server.name != "1×" else f"{'':>6}"
            print(
                f"{page:30} {1000 * len(times) / sum(times):6.1f} {mine:7.1f} "
                f"{percentile(times, 0.95):7.1f} {mine / base:9.1f} {growth} "
                f"{s.sizes[page] / 1024:8.1f}"
            )


if __name__ == "__main__":
    main()
