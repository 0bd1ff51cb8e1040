"""The pages' latency while packs render, against the same pages idle, in one
run on one server at national scale (issue 13: within 1.3× of idle).

    REDIS_URL=redis://127.0.0.1:6379/4 .venv/bin/python bench/latency_under_packs.py \\
        --national postgres://postgres@127.0.0.1:5432/med_perf_national [--blocks 4 --rounds 4]

The national database is the one `bench/page_benchmark.py --prepare` makes.
One gunicorn as the image runs it and one Celery worker as
docker-compose.yml runs it (the idle scheduling class, one process;
`--worker-priority nice --worker-concurrency 0` for the earlier `nice -n
10` with a process per core). The pages
and users are page_benchmark.py's. Blocks alternate: idle (the worker has
nothing to do), then busy: the chair of the biggest municipality asks for
the material of one of the Hovedudvalget's meetings after another through
the meeting page's button, two in flight, each a cold render of real
content, for the whole block. Each block asks every page `--rounds` times
for both users; alternating blocks lets drift in the machine's load fall
on both alike.

Prints per user and page the p50 idle, the p50 while packs render and
their ratio, and how many packs the worker finished in the busy blocks.
"""

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from load_http import percentile  # noqa: E402
from load_stack import CELERY_WORKER, DETACHED, IDLE_CLASS  # noqa: E402
from page_benchmark import (  # noqa: E402
    PAGES,
    PASSWORD_DEMO,
    PASSWORD_GENERATED,
    Server,
    Session,
    biggest_chair,
)

PRIORITIES = {"idle": IDLE_CLASS, "nice": ["nice", "-n", "10"]}
STATUS_URL = re.compile(r"/moedemateriale/(\d+)/status/")
MEETINGS = """
from meetings.models import Meeting
from organisations.models import User
user = User.objects.get(username={username!r})
meetings = Meeting.objects.filter(
    committee__memberships__user=user, committee__memberships__role="formand",
    items__project__isnull=False,
).distinct().order_by("-starts_at")[:200]
print(" ".join(str(m.pk) for m in meetings))
"""


class PackFeeder(threading.Thread):
    """Keeps the worker busy: asks for one meeting's material after another,
    `in_flight` at a time, while `busy` is set."""

    def __init__(self, session: Session, meetings: list[int], in_flight: int = 2):
        super().__init__(daemon=True)
        self.session, self.meetings, self.in_flight = session, meetings, in_flight
        self.busy = threading.Event()
        self.stopped = threading.Event()
        self.waiting: list[int] = []
        self.finished = 0
        self.failed = 0

    def run(self) -> None:
        client = self.session.client
        _status, page, *_rest = client.send("GET", f"/moeder/{self.meetings[0]}/")
        client.remember_csrf(page)
        next_meeting = 0
        while not self.stopped.is_set():
            self._poll(client)
            if self.busy.is_set() and len(self.waiting) < self.in_flight:
                meeting = self.meetings[next_meeting % len(self.meetings)]
                next_meeting += 1
                status, html, *_rest = client.send(
                    "POST", f"/moedemateriale/moede/{meeting}/lav/", [], htmx=True
                )
                if status != 200:
                    raise RuntimeError(f"pack request for meeting {meeting}: {status}")
                self.waiting += [int(pk) for pk in STATUS_URL.findall(html)]
            time.sleep(0.2)

    def _poll(self, client) -> None:
        for pk in list(self.waiting):
            status, html, *_rest = client.send("GET", f"/moedemateriale/{pk}/status/", htmx=True)
            if status == 286:  # done: htmx stops polling
                self.waiting.remove(pk)
                self.finished += 1
                self.failed += "pack-state--fejlet" in html  # DialoguePack.Status.FAILED

    def drain(self, timeout: float = 300) -> None:
        """Wait until the worker has nothing left (the idle block's start)."""
        self.busy.clear()
        deadline = time.monotonic() + timeout
        while self.waiting and time.monotonic() < deadline:
            time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--national", default="postgres://postgres@127.0.0.1:5432/med_perf_national"
    )
    parser.add_argument("--redis", default=None, help="default: $REDIS_URL")
    parser.add_argument("--blocks", type=int, default=4, help="idle/busy pairs")
    parser.add_argument("--rounds", type=int, default=4, help="rounds per block")
    parser.add_argument(
        "--worker-priority",
        choices=PRIORITIES,
        default="idle",
        help="idle: the idle scheduling class, as docker-compose.yml (default); nice: nice 10",
    )
    parser.add_argument(
        "--worker-concurrency",
        type=int,
        default=1,
        help="worker processes (default 1, as docker-compose.yml; 0: one a core)",
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/med_latency_bench"))
    args = parser.parse_args()

    redis_url = args.redis or os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4")
    server = Server("national", args.national, redis_url, args.work)
    worker = None
    try:
        server.start()
        with (server.work / "worker.log").open("wb") as log:
            command = [*PRIORITIES[args.worker_priority], *CELERY_WORKER]
            if args.worker_concurrency:
                command.append(f"--concurrency={args.worker_concurrency}")
            worker = subprocess.Popen(command, env=server.env, stdout=log, **DETACHED)
        chair = biggest_chair(server)
        sessions = [
            Session(server, "formand", PASSWORD_DEMO),
            Session(server, chair, PASSWORD_GENERATED),
        ]
        meetings = [int(pk) for pk in server.query(MEETINGS.format(username=chair)).split()]
        in_flight = args.worker_concurrency or os.cpu_count()
        feeder = PackFeeder(Session(server, chair, PASSWORD_GENERATED), meetings, in_flight)
        feeder.start()
        for session in sessions:  # warm-up
            for page in PAGES:
                session.hit(page, record=False)
        times = {(s.username, state, p): [] for s in sessions for state in "ib" for p in PAGES}
        started = time.monotonic()
        for _block in range(args.blocks):
            for state in "ib":
                if state == "b":
                    feeder.busy.set()
                    time.sleep(3)  # the first renders under way
                else:
                    feeder.drain()
                run_block(sessions, args.rounds, state, times)
        feeder.drain()
        feeder.stopped.set()
        print(
            f"\n{args.blocks} idle and {args.blocks} busy blocks in "
            f"{time.monotonic() - started:.0f} s; packs finished while busy: "
            f"{feeder.finished} ({feeder.failed} failed)"
        )
        report(sessions, times)
    finally:
        if worker and worker.poll() is None:
            os.killpg(worker.pid, 15)
            worker.wait(30)
        server.stop()


def run_block(sessions, rounds, state, times) -> None:
    for _ in range(rounds):
        for session in sessions:
            for page in PAGES:
                before = len(session.times[page])
                session.hit(page)
                times[(session.username, state, page)].append(session.times[page][before])


def report(sessions, times) -> None:
    for s in sessions:
        print(f"\n{s.username}")
        print(f"{'page':30} {'idle p50':>9} {'busy p50':>9} {'× idle':>7}")
        for page in PAGES:
            idle = percentile(times[(s.username, "i", page)], 0.5)
            busy = percentile(times[(s.username, "b", page)], 0.5)
            print(f"{page:30} {idle:9.1f} {busy:9.1f} {busy / idle:7.2f}")


if __name__ == "__main__":
    main()
