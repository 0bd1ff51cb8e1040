"""Nothing doubled or lost when the same request arrives many times at once:
real concurrent HTTP requests against the live server on PostgreSQL (each
request in its own thread with its own database connection)."""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, Comment
from projects.models import PhaseTransition
from questionnaires.models import AnswerKind

from .services import unavailable

AT_ONCE = 10

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("standard_template_restored", "standard_template_left_behind"),
]


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        unavailable("needs PostgreSQL: set DATABASE_URL=postgres://…")


class Session:
    """A logged-in browser session, as cookies, for plain HTTP requests."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.base = live_server.url
        self.cookies = {"sessionid": client.cookies["sessionid"].value}

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self._request(path)) as response:  # noqa: S310 - loopback
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _sep, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.read().decode()

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        request = self._request(path, body)
        request.add_header("X-CSRFToken", self.cookies["csrftoken"])
        request.add_header("HX-Request", "true")
        try:
            with urllib.request.urlopen(request) as response:  # noqa: S310 - loopback
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def _request(self, path, body=None):
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        return request


def all_at_once(send, times=AT_ONCE) -> list[int]:
    """Call `send` from `times` threads released at the same instant."""
    start = threading.Barrier(times)
    statuses = []

    def one():
        start.wait()
        statuses.append(send())

    threads = [threading.Thread(target=one) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return statuses


def test_the_same_comment_sent_ten_times_at_once_is_stored_once(live_server, member, assessment):
    question = assessment.questions().first()
    session = Session(live_server, member)
    url = reverse("comments", args=[assessment.pk, question.pk])
    key = re.search(r'name="key" value="([0-9a-f-]+)"', session.get(url)).group(1)

    statuses = all_at_once(lambda: session.post(url, {"key": key, "body": "Hvad med natten?"}))

    assert statuses == [200] * AT_ONCE
    assert Comment.objects.filter(body="Hvad med natten?").count() == 1


def test_ten_clicks_on_move_on_at_once_move_the_project_one_step(live_server, lead, project):
    session = Session(live_server, lead)
    session.get(reverse("project_detail", args=[project.pk]))
    url = reverse("project_move_on", args=[project.pk])

    statuses = all_at_once(lambda: session.post(url, {"from_step": project.step, "note": ""}))

    assert set(statuses) <= {200, 302}, statuses
    assert PhaseTransition.objects.filter(project=project).count() == 1
    project.refresh_from_db()
    assert project.step == "ide"


def test_ten_saves_from_the_same_version_at_once_keep_exactly_one(live_server, member, assessment):
    question = assessment.questions().filter(kind=AnswerKind.TEXT).first()
    session = Session(live_server, member)
    session.get(reverse("assessment", args=[assessment.pk]))
    url = reverse("answer_save", args=[assessment.pk, question.pk])
    texts = iter(f"Udkast {n}" for n in range(AT_ONCE))
    lock = threading.Lock()
    phase = assessment.project.phase

    def save():
        with lock:
            text = next(texts)
        return session.post(url, {"text": text, "version": 0, "phase": phase})

    statuses = all_at_once(save)

    # One save wins; every other is told that the answer changed under it.
    assert sorted(statuses) == [200] + [409] * (AT_ONCE - 1), statuses
    answer = Answer.objects.get(question=question, respondent=member)
    assert answer.version == 1 and answer.revisions.count() == 1
    assert answer.text.startswith("Udkast ")
