"""The meeting the pack benchmark renders (`bench/pack_benchmark.py`): the
demo in a scratch database, and an agenda of demo projects repeated until
its pack is about the target number of pages."""

import itertools
from pathlib import Path

DB_PATH = Path("/tmp/pack_benchmark.sqlite3")


def scratch_database() -> None:
    from io import StringIO

    from django.core.management import call_command

    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=StringIO())


def make_meeting():
    from datetime import timedelta

    from django.utils import timezone

    from meetings.models import AgendaItem, Meeting
    from organisations.models import Committee, User
    from projects.models import Project

    committee = Committee.objects.get(municipality__code="901", level=Committee.Level.MAIN)
    projects = list(Project.objects.filter(municipality=committee.municipality).order_by("title"))
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=(timezone.localtime() + timedelta(days=14)).replace(
            hour=13, minute=0, second=0, microsecond=0
        ),
        place="Rådhuset, mødelokale 2",
        created_by=User.objects.get(username="projektleder"),
    )
    kinds = list(AgendaItem.Kind)

    def set_items(agenda: list) -> None:
        """Replace the agenda with one item per project in `agenda`."""
        meeting.items.all().delete()
        for index, project in enumerate(agenda):
            meeting.add_item(
                title=f"{project.title}: status og dialog",
                kind=kinds[index % len(kinds)],
                project=project,
                description="Udvalget drøfter projektets stade på grundlag af materialet.",
            )

    return meeting, projects, set_items


def build_html(meeting) -> tuple[str, float, float]:
    """The pack's HTML, and the seconds for its content and its template."""
    from packs.pipeline import make_pack

    pack = make_pack(meeting, pdf=False)
    return pack.html, pack.seconds["content"], pack.seconds["html"]


def calibrate(meeting, projects, set_items, target: int) -> tuple[list, int, list]:
    """An agenda (demo projects, repeated) whose pack is closest to `target`
    pages. Each item starts on a new page, so pages add up: measure the pack
    with no items and with each project alone, choose the multiset of
    projects whose pages sum closest to the target (then the most distinct
    projects, then the most items), and check it with a real render."""
    from packs.pipeline import make_pack

    tried = []

    def pages_for(agenda: list) -> int:
        set_items(agenda)
        pages = make_pack(meeting).pages
        tried.append(([p.title for p in agenda], pages))
        print(f"  calibration: {len(agenda)} items -> {pages} pages", flush=True)
        return pages

    base = pages_for([])
    weight = {p.pk: pages_for([p]) - base for p in projects}
    candidates = []
    for size in range(1, 13):
        for combo in itertools.combinations_with_replacement(projects, size):
            total = base + sum(weight[p.pk] for p in combo)
            distinct = len({p.pk for p in combo})
            candidates.append((abs(total - target), -distinct, -size, combo))
    candidates.sort(key=lambda c: c[:3])
    best = None
    for *_, combo in candidates[:3]:
        # Round-robin order, so a repeated project is not next to itself.
        rest, agenda = list(combo), []
        while rest:
            for project in dict.fromkeys(rest):
                agenda.append(project)
                rest.remove(project)
        pages = pages_for(agenda)
        if best is None or abs(pages - target) < abs(best[1] - target):
            best = (agenda, pages)
        if pages == target:
            break
    set_items(best[0])
    return best[0], best[1], tried
