"""EXPLAIN ANALYZE of every query our main pages send, at national scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/med_perf_national \\
        .venv/bin/python bench/explain_pages.py [--slowest 12]

Opens the pages of bench/page_benchmark.py with Django's test client in this
process, as the demo's `formand` and as the chair of the biggest generated
municipality, captures the SQL of each, and runs EXPLAIN (ANALYZE, BUFFERS)
on every SELECT. Prints, slowest first, the execution time, whether the
plan reads a whole table (Seq Scan) of more than a thousand rows, and the
query's start. Read-only: EXPLAIN ANALYZE of a SELECT changes nothing.
"""

import argparse
import os
import re
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

SEQ_SCAN = re.compile(r"Seq Scan on (\w+).*?rows=(\d+) loops=(\d+)\)", re.S)
EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")


def pages_for(username: str) -> dict:
    from meetings.models import Meeting
    from organisations.models import User
    from packs.models import DialoguePack
    from projects.models import Project

    user = User.objects.get(username=username)
    mine = Project.objects.for_user(user).annotate_is_mine(user).filter(is_mine=True)
    project = mine.order_by("title").first()
    meeting = (
        Meeting.objects.filter(committee__memberships__user=user, packs__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    pack = DialoguePack.objects.filter(meeting=meeting).order_by("-id").first()
    assessment = project.assessment.pk
    return user, {
        "dashboard": "/",
        "project": f"/projekter/{project.pk}/",
        "assessment": f"/vurderinger/{assessment}/",
        "comparison": f"/vurderinger/{assessment}/sammenligning/",
        "meeting": f"/moeder/{meeting.pk}/",
        "pack status poll": f"/moedemateriale/{pack.pk}/status/",
    }


def biggest_chair() -> str:
    from django.db.models import Count

    from organisations.models import Membership, Municipality

    biggest = Municipality.objects.annotate(n=Count("projects")).order_by("-n").first()
    chair = Membership.objects.filter(
        committee__municipality=biggest, committee__level="hovedudvalg", role="formand"
    ).first()
    return chair.user.username


def explain(sql: str) -> tuple[float, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    took = float(EXECUTION.search(plan).group(1))
    scans = [
        f"{table} ({int(rows) * int(loops):,} rows)"
        for table, rows, loops in SEQ_SCAN.findall(plan)
        if int(rows) * int(loops) > 1000
    ]
    return took, scans


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--slowest", type=int, default=12)
    args = parser.parse_args()
    found = []
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for username in ("formand", biggest_chair()):
            user, pages = pages_for(username)
            client = Client()
            client.force_login(user)
            for page, url in pages.items():
                headers = {"HX-Request": "true"} if page == "pack status poll" else {}
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url, headers=headers)
                assert response.status_code in (200, 286), (url, response.status_code)
                for query in queries.captured_queries:
                    if query["sql"].lstrip().upper().startswith("SELECT"):
                        took, scans = explain(query["sql"])
                        found.append((took, username, page, scans, query["sql"]))
                print(f"{username:12} {page:18} {len(queries):3d} queries", flush=True)
    found.sort(reverse=True)
    print(f"\nslowest {args.slowest} of {len(found)} queries (EXPLAIN ANALYZE execution time):")
    for took, username, page, scans, sql in found[: args.slowest]:
        where = ", ".join(scans) or "index scans only"
        print(f"{took:8.2f} ms  {username:12} {page:18} {where}\n           {sql[:160]}")
    whole = [entry for entry in found if entry[3]]
    print(f"\nqueries reading a whole table of > 1,000 rows: {len(whole)}")


if __name__ == "__main__":
    main()
