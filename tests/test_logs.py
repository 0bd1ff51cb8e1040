"""Log lines (workbench/logs.py) and request ids (workbench/requestid.py):
every response names its request id, and every log line of the request
carries it. That the id follows a pack request into the worker's log is
shown with real processes in tests/test_production.py."""

import io
import json
import logging
import re

import pytest

from workbench.logs import JsonFormatter, RequestIdFilter


@pytest.fixture
def log_lines():
    """What the console handler of settings.LOGGING writes in production
    (JSON, request id filter), collected for the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.mark.django_db
def test_each_request_gets_an_id_in_its_response_and_its_log_line(client, log_lines):
    first = client.get("/sundhed/")
    second = client.get("/sundhed/")
    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and ids[0] != ids[1]
    access = [line for line in log_lines() if line["logger"] == "workbench.requests"]
    assert [(line["request_id"], line["path"], line["status"]) for line in access] == [
        (ids[0], "/sundhed/", 200),
        (ids[1], "/sundhed/", 200),
    ]


@pytest.mark.django_db
def test_a_safe_incoming_request_id_is_kept(client):
    response = client.get("/sundhed/", headers={"X-Request-ID": "lb-2f9c.41_a"})
    assert response["X-Request-ID"] == "lb-2f9c.41_a"


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["<script>alert(1)</script>", "a b", "x" * 65, "æøå", ""])
def test_an_unsafe_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/sundhed/", headers={"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_json_line_stays_one_line_with_its_fields_and_traceback(log_lines):
    log = logging.getLogger("tests.logs")
    try:
        raise ValueError("forkert værdi")
    except ValueError:
        log.exception("Linje et\nLinje to: æøå", extra={"pack_id": 7})
    (line,) = [entry for entry in log_lines() if entry["logger"] == "tests.logs"]
    assert line["message"] == "Linje et\nLinje to: æøå"
    assert line["level"] == "ERROR"
    assert line["pack_id"] == 7
    assert "ValueError: forkert værdi" in line["exception"]
    assert "request_id" not in line  # logged outside any request
