"""The health endpoints (workbench/health.py): liveness, and readiness that
answers 503 and names the part that is down. With the real processes (a
worker that dies, the compose health checks) in tests/test_production.py."""

import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.processes import require_worker_services
from workbench import heartbeat

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.mark.django_db
def test_liveness_answers_ok(client):
    response = client.get("/sundhed/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_embedded_default_is_ready_without_redis_or_worker(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/sundhed/klar/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "worker", "static"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.fixture
def queued_to_a_worker(settings):
    """Tasks go to a worker on a queue of this test's own, over real Redis."""
    client = require_worker_services()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = f"test-health-{uuid.uuid4().hex[:12]}"
    yield client, settings.CELERY_TASK_DEFAULT_QUEUE
    client.close()


@pytest.mark.services
@pytest.mark.django_db
def test_readiness_follows_the_worker_heartbeat(client, queued_to_a_worker):
    redis_client, queue = queued_to_a_worker
    response = client.get("/sundhed/klar/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["worker"] == {
        "ok": False,
        "workers": 0,
        "detail": f"no worker heartbeat in the last {heartbeat.max_age()} s",
    }

    heartbeat.record(redis_client, queue, "celery@probe")  # what a worker does every beat
    response = client.get("/sundhed/klar/")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["workers"] == 1

    heartbeat.forget(redis_client, queue, "celery@probe")  # what a worker does when it stops
    assert client.get("/sundhed/klar/").status_code == 503


@pytest.mark.django_db
def test_readiness_is_503_when_redis_does_not_answer_and_names_no_host(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/sundhed/klar/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["redis"]["ok"] is False and checks["worker"]["ok"] is False
    assert checks["database"]["ok"] is True
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_readiness_is_503_when_collectstatic_wrote_no_manifest(client, settings, tmp_path):
    # The image as first shipped: every page answered 500 for want of a manifest.
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    response = client.get("/sundhed/klar/")
    assert response.status_code == 503
    assert response.json()["checks"]["static"] == {
        "ok": False,
        "detail": "css/workbench.css is not in the static files manifest",
    }


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI runs against PostgreSQL and Redis")
@pytest.mark.django_db
def test_ci_runs_on_postgresql_and_redis():
    # In CI this must fail, never skip, when the services are missing.
    assert connection.vendor == "postgresql"
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("ci-probe", "æøå", 10)
    assert cache.get("ci-probe") == "æøå"
