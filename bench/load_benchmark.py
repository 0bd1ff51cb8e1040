"""Load held: 50 committee members reading and autosaving while packs render,
against the app as production runs it, then a check that every answer sent
is stored exactly as sent.

    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/load_benchmark.py [--users 50 --duration 60]

Starts gunicorn (DEBUG off, static files collected with DEBUG off) and a
Celery worker on loopback against a PostgreSQL database of its own
(--database-url, dropped and created afresh) and Redis (REDIS_URL: give it a
Redis database of its own); loads the demo and adds the members. Each member
logs in through the login form and, until the time is up, reads the
dashboard, a project, its assessment (autosaving a few answers there the way
the page does: htmx posts carrying the version the form showed), the
comparison and the meeting page, pausing --think seconds between steps. The
project lead asks for a pack every --pack-interval seconds and polls it as
the page does. Prints latency per endpoint (also unloaded, measured first),
pack render times, and the verdict on every answer; exits 1 on any error,
unexpected status or lost or altered answer. See docs/performance.md.
"""

import argparse
import math
import os
import random
import re
import resource
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the Django project

from load_http import Browser, Recorder, Save, percentile, report  # noqa: E402
from load_stack import Stack, manage  # noqa: E402

FORM = re.compile(
    r'<form\b[^>]*\baction="(/vurderinger/\d+/(faelles-)?svar/(\d+)/)"[^>]*>(.*?)</form>', re.S
)
VERSION = re.compile(r'name="version"[^>]*\bvalue="(\d+)"')
CHOICE = re.compile(r'type="(radio|checkbox)" name="value" value="([^"]*)"')
SELECTED_STATUS = re.compile(r'<option value="([^"]+)" selected>')
PACK = re.compile(r'id="pack-(\d+)"')
STOP_POLLING = 286  # htmx: the pack is done, stop polling
EMOJI = ["🙂", "👍🏽", "🌙", "👩‍⚕️", "⚠️", "🇩🇰"]
MERGE_ATTEMPTS = 5
ENDPOINTS = ["dashboard", "project", "assessment", "autosave", "joint autosave", "comparison"]
ENDPOINTS += ["meeting", "pack request", "pack status"]


class TimeUp(Exception):
    pass


class Form:
    """One autosaving answer form on the assessment page."""

    def __init__(self, match):
        self.action, joint, question, inner = match.groups()
        self.joint, self.question = bool(joint), int(question)
        self.version = self.page_version = int(VERSION.search(inner).group(1))
        self.choices = CHOICE.findall(inner)
        status = SELECTED_STATUS.search(inner)
        self.status = status.group(1) if status else ""


class Member:
    def __init__(self, number, member, plan, base_url, recorder, saves, deadline, think):
        self.username, self.secretary = member["username"], member["secretary"]
        self.rng = random.Random(number)
        self.project = plan.projects[member["project"]]
        self.meeting = plan.meeting
        self.browser = Browser(base_url, recorder)
        self.saves, self.deadline, self.think = saves, deadline, think
        self.sent = 0

    def pause(self):
        wait = self.think * self.rng.uniform(0.5, 1.5)
        if time.monotonic() + wait > self.deadline:
            raise TimeUp
        time.sleep(wait)

    def work(self):
        try:
            while True:
                self.round()
        except TimeUp:
            pass

    def round(self):
        assessment = self.project["assessment"]
        for endpoint, path in (
            ("dashboard", "/"),
            ("project", f"/projekter/{self.project['project']}/"),
        ):
            self.browser.get(endpoint, path)
            self.pause()
        forms = self.read_assessment(assessment)
        own = [f for f in forms if not f.joint]
        for form in self.rng.sample(own, min(2, len(own))):
            self.type_answer(form, assessment, bursts=self.rng.randint(1, 3))
        if self.secretary:
            for form in [f for f in forms if f.joint][:2]:  # the same two for every secretary
                self.type_answer(form, assessment, bursts=1)
        for endpoint, path in (
            ("comparison", f"/vurderinger/{assessment}/sammenligning/"),
            ("meeting", f"/moeder/{self.meeting}/"),
        ):
            self.browser.get(endpoint, path)
            self.pause()

    def read_assessment(self, assessment) -> list[Form]:
        status, page = self.browser.get("assessment", f"/vurderinger/{assessment}/")
        self.browser.remember_csrf(page)
        self.pause()
        return [Form(m) for m in FORM.finditer(page)] if status == 200 else []

    def text(self) -> str:
        self.sent += 1
        return (
            f"{self.username}, udkast {self.sent}: Nattevagten på Solgården skal høres først "
            f"{self.rng.choice(EMOJI)}\nÆndringen rammer især de ældre kolleger – «øv» <&>.\n\n"
            f"Spørgsmål til ledelsen? Ja/nej/måske #{self.rng.randrange(10**6)}"
        )

    def values(self, form) -> list[str]:
        if not form.choices:
            return []
        options = [value for _kind, value in form.choices]
        if form.choices[0][0] == "checkbox":
            return self.rng.sample(options, min(len(options), self.rng.randint(1, 2)))
        return [self.rng.choice(options)]

    def type_answer(self, form, assessment, bursts):
        """Autosaves as typing pauses, with the version the last save gave;
        now and then also the save from a second tab opened earlier (its
        form still shows the old version: it must be refused as stale)."""
        for _ in range(bursts):
            self.save(form, assessment, self.text(), self.values(form), form.version)
            self.pause()
        if not form.joint and form.version != form.page_version and self.rng.random() < 0.2:
            self.save(form, assessment, self.text(), self.values(form), form.page_version, True)
            self.pause()

    def save(self, form, assessment, text, values, base, stale_on_purpose=False):
        """One autosave; after a 409 the member merges (keeps their text) and
        saves again on the version the conflict showed, as the page asks."""
        endpoint = "joint autosave" if form.joint else "autosave"
        for _attempt in range(MERGE_ATTEMPTS):
            fields = [("version", base), ("text", text), *[("value", v) for v in values]]
            if form.joint:
                fields.append(("status", form.status))
            status, body = self.browser.post(endpoint, form.action, fields, ok=(200, 409))
            found = VERSION.search(body)
            version = int(found.group(1)) if found else None
            self.saves.append(
                Save(
                    assessment,
                    form.question,
                    sender=self.username,
                    joint=form.joint,
                    text=text,
                    values=sorted(values),
                    status=form.status,
                    base=base,
                    http=status,
                    version=version,
                    stale_on_purpose=stale_on_purpose,
                )
            )
            if status != 409 or version is None:
                if status == 200 and version is not None:
                    form.version = version
                return
            base, text, stale_on_purpose = version, text + "\n(flettet)", False
            form.version = version


class Lead:
    """The project lead: asks for a pack every `interval` seconds (the whole
    meeting, then each item in turn) and polls those in progress every 2 s."""

    def __init__(self, plan, base_url, recorder, deadline, interval, drain):
        self.browser = Browser(base_url, recorder)
        self.targets = [None, *plan.items]
        self.meeting, self.deadline, self.interval, self.drain = (
            plan.meeting,
            deadline,
            interval,
            drain,
        )
        self.in_progress: set[int] = set()
        self.unfinished: set[int] = set()

    def work(self):
        _status, page = self.browser.get("meeting", f"/moeder/{self.meeting}/")
        self.browser.remember_csrf(page)
        asked, turn = 0.0, 0
        while time.monotonic() < self.deadline:
            if time.monotonic() - asked >= self.interval:
                asked = time.monotonic()
                self.ask(self.targets[turn % len(self.targets)])
                turn += 1
            self.poll()
            time.sleep(2)
        while self.in_progress and time.monotonic() < self.deadline + self.drain:
            self.poll()
            time.sleep(2)
        self.unfinished = set(self.in_progress)

    def ask(self, item):
        fields = [("punkt", item)] if item else []
        _status, body = self.browser.post(
            "pack request", f"/moedemateriale/moede/{self.meeting}/lav/", fields
        )
        found = PACK.search(body)
        if found and "hx-get=" in body:
            self.in_progress.add(int(found.group(1)))

    def poll(self):
        for pack in sorted(self.in_progress):
            status, _body = self.browser.get(
                "pack status", f"/moedemateriale/{pack}/status/", ok=(200, STOP_POLLING), htmx=True
            )
            if status == STOP_POLLING:
                self.in_progress.discard(pack)


def report_packs(packs, unfinished):
    done = [p for p in packs if p.started_at and p.finished_at]
    render = [(p.finished_at - p.started_at).total_seconds() for p in done]
    wait = [(p.started_at - p.requested_at).total_seconds() for p in done]
    states = {s: sum(p.status == s for p in packs) for s in {p.status for p in packs}}
    print(f"\npacks: {len(packs)} asked for, {states}")
    if render:
        print(
            f"  render s (worker): p50 {percentile(render, 0.5):.1f}, max {max(render):.1f}; "
            f"waiting in the queue s: p50 {percentile(wait, 0.5):.1f}, max {max(wait):.1f}; "
            f"pages {sorted({p.pages for p in done})}"
        )
    if unfinished:
        print(f"  {len(unfinished)} still being made when the lead stopped waiting (--drain)")
    return sum(p.status != p.Status.READY for p in packs) + len(unfinished)


def run_threads(workers):
    threads = [threading.Thread(target=w, daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between steps, s")
    parser.add_argument("--pack-interval", type=float, default=5, help="s between pack requests")
    parser.add_argument("--drain", type=float, default=180, help="s to let packs finish after")
    parser.add_argument("--idle", type=int, default=10, help="unloaded requests per endpoint")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/med_load_bench"
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/med_load_bench"))
    args = parser.parse_args()
    if not args.redis_url:
        parser.error("give a Redis database of its own: --redis-url or REDIS_URL")

    stack = Stack(args.database_url, args.redis_url, args.work)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the stack on kill, too
    try:
        return 1 if measure(stack, args) else 0
    finally:
        stack.stop()


def measure(stack, args):
    began = time.monotonic()
    stack.prepare()
    stack.start()  # gunicorn and the worker boot while the demo loads
    manage(stack.env, "load_demo")
    os.environ.update(stack.env)  # this process reads and writes the same database
    import django

    django.setup()
    import load_data

    plan = load_data.seed(args.users)
    stack.wait_ready()
    print(
        f"stack up in {time.monotonic() - began:.0f} s at {stack.url} "
        f"(gunicorn + Celery worker, DEBUG off); logs in {args.work}"
    )
    recorder, idle, saves = Recorder(), Recorder(), []
    members = [
        Member(n, m, plan, stack.url, recorder, saves, math.inf, args.think)
        for n, m in enumerate(plan.members)
    ]
    lead = Lead(plan, stack.url, recorder, 0, args.pack_interval, args.drain)
    run_threads([lambda m=m: m.browser.login(m.username, load_data.PASSWORD) for m in members])
    lead.browser.login(load_data.LEAD, load_data.LEAD_PASSWORD)
    logins = [h.ms for h in recorder.hits if h.endpoint == "login" and h.ok]
    print(
        f"{len(logins)} of {len(members) + 1} logged in through the login form, "
        f"p50 {percentile(logins, 0.5):.0f} ms"
    )
    if args.idle:  # one member alone, nothing rendering: the unloaded figures
        probe = members[0]
        probe.browser.recorder, probe.think = idle, 0
        for _ in range(args.idle):
            probe.round()
        probe.browser.recorder, probe.think = recorder, args.think
    failed_before = sum(not h.ok for h in recorder.hits + idle.hits)
    recorder.hits.clear()

    since = datetime.now(UTC)
    seconds = run_load(stack, members, lead, args)
    errors = failed_before + report(recorder.hits, idle.hits, seconds, ENDPOINTS)
    errors += report_packs(load_data.packs_since(plan.meeting, since), lead.unfinished)
    if failed_before:
        print(f"{failed_before} requests failed while logging in or measuring unloaded")
    return verdict(load_data.check_answers(saves), saves) or errors > 0


def run_load(stack, members, lead, args) -> float:
    """All members and the lead at once until the deadline; then the lead
    waits for its last packs. Returns the seconds the members ran."""
    start = time.monotonic()
    for worker in (*members, lead):
        worker.deadline = start + args.duration
    cpu_before, own_before, load_before = stack.cpu_seconds(), _own_cpu(), os.getloadavg()[0]
    lead_thread = threading.Thread(target=lead.work, daemon=True)
    lead_thread.start()
    run_threads([m.work for m in members])
    seconds = time.monotonic() - start
    cpu = {k: v - cpu_before[k] for k, v in stack.cpu_seconds().items()}
    cpu["this driver"] = _own_cpu() - own_before
    print(
        f"\n{len(members)} members for {seconds:.0f} s (think {args.think} s); CPU s used "
        f"meanwhile (of {os.cpu_count()} cores × {seconds:.0f} s): "
        + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
        + f"; load average {load_before:.1f} → {os.getloadavg()[0]:.1f}"
    )
    lead_thread.join()
    return seconds


def verdict(problems, saves) -> bool:
    """Print the differences and "N lost, M altered"; True if anything is wrong."""
    for kind, found in problems.items():
        for line in found[:20]:
            print(f"  {kind}: {line}")
    lost, altered = len(problems["lost"]), len(problems["altered"])
    others = sum(map(len, problems.values())) - lost - altered
    tabs = sum(s.http == 409 and s.stale_on_purpose for s in saves)
    races = sum(s.http == 409 and not s.stale_on_purpose for s in saves)
    print(
        f"\n{lost} lost, {altered} altered: {len(saves)} saves checked against the database; "
        f"409 (stale, then merged and saved again): {tabs} from a second tab, {races} from "
        f"secretaries saving the joint answer at once; {others} unaccounted 409s, "
        "refused saves stored anyway or unexpected statuses"
    )
    if not saves:
        print("no answer was saved, so nothing was checked: run longer (--duration)")
    return any(problems.values()) or not saves


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
