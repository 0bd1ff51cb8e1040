"""Our busiest pages against a minimal Django view, side by side in one run.

    DEBUG=1 .venv/bin/python bench/page_benchmark.py [--requests 30]

Uses its own scratch SQLite database with the demo data, and Django's test
client in this process (no network), logged in as `formand`. Prints
milliseconds per request (median), SQL queries per request, and each page's
ratio to the minimal view.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = "sqlite:////tmp/page_benchmark.sqlite3"
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.decorators import login_required  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path  # noqa: E402


@login_required
def minimal(request):
    return HttpResponse("ok")


urlpatterns = [path("minimal/", minimal), path("", include("workbench.urls"))]


def measure(client, url, requests):
    client.get(url)  # warm caches and templates
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries), len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    Path("/tmp/page_benchmark.sqlite3").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)

    from assessments.models import Assessment
    from meetings.models import Meeting
    from organisations.models import User

    user = User.objects.get(username="formand")
    assessment = Assessment.objects.get(project__title__startswith="Skærmbesøg")
    in_drift = Assessment.objects.get(project__title__startswith="Faldsensorer")
    meeting = Meeting.objects.order_by("-starts_at").first()
    pages = {
        "minimal view": "/minimal/",
        "dashboard": "/",
        "project page": f"/projekter/{assessment.project_id}/",
        "assessment (all 83 questions)": f"/vurderinger/{assessment.pk}/?fase=alle",
        "comparison (all questions)": f"/vurderinger/{assessment.pk}/sammenligning/?fase=alle",
        "predicted vs experienced": f"/vurderinger/{in_drift.pk}/forventet-og-oplevet/",
        "meeting page": f"/moeder/{meeting.pk}/",
    }
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(user)
        results = {name: measure(client, url, args.requests) for name, url in pages.items()}
    base = results["minimal view"][0]
    print(f"{'page':32} {'ms/request':>11} {'ratio':>7} {'queries':>8} {'KiB':>7}")
    for name, (ms, queries, size) in results.items():
        print(f"{name:32} {ms:11.1f} {ms / base:7.1f} {queries:8d} {size / 1024:7.1f}")
    print(
        f"\nmedian of {args.requests} requests each, Django test client in one process, "
        f"Python {sys.version.split()[0]}, Django {django.get_version()}"
    )


if __name__ == "__main__":
    main()
