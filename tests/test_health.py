import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection


@pytest.mark.django_db
def test_health_answers_ok_when_database_answers(client):
    response = client.get("/sundhed/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI runs against PostgreSQL and Redis")
@pytest.mark.django_db
def test_ci_runs_on_postgresql_and_redis():
    # In CI this must fail, never skip, when the services are missing.
    assert connection.vendor == "postgresql"
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("ci-probe", "æøå", 10)
    assert cache.get("ci-probe") == "æøå"
