"""Shared fixtures: one municipality with a committee whose members sit on
both sides, a project lead, a project on the standard template, and an
outsider from a second municipality."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from meetings.models import Meeting
from method.vocabulary import Side
from organisations.models import Committee, Membership, Municipality
from questionnaires import published

from .browser import browser  # noqa: F401 - one Chromium for the session
from .factories import make_project, make_user, seat
from .services import ensure_standard_template


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_published_questions():
    """Each test reads published versions' questions from its own database
    state: a test may change a published question by QuerySet.update and
    roll it back, and what the process kept must not outlive it."""
    published.forget()
    yield
    published.forget()


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """The tests keep their files (packs, attachments) in a folder of their
    own, never the checkout's media/; the web servers and workers they start
    get the same one (tests/processes.py)."""
    folder = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=folder):
        yield folder


@pytest.fixture
def municipality(db):
    return Municipality.objects.create(name="Fjordby Kommune", code="901")


@pytest.fixture
def other_municipality(db):
    return Municipality.objects.create(name="Nabokøbing Kommune", code="902")


@pytest.fixture
def committee(municipality):
    return Committee.objects.create(
        municipality=municipality, name="Lokal-MED Hjemmeplejen", level=Committee.Level.LOCAL
    )


@pytest.fixture
def chair(municipality, committee):
    user = make_user("formand", municipality)
    seat(user, committee, Side.MANAGEMENT, Membership.Role.CHAIR)
    return user


@pytest.fixture
def vice_chair(municipality, committee):
    user = make_user("naestformand", municipality)
    seat(user, committee, Side.EMPLOYEES, Membership.Role.VICE_CHAIR)
    return user


@pytest.fixture
def member(municipality, committee):
    user = make_user("medlem", municipality)
    seat(user, committee, Side.EMPLOYEES)
    return user


@pytest.fixture
def lead(municipality):
    return make_user("projektleder", municipality, is_project_lead=True)


@pytest.fixture
def outsider(other_municipality):
    return make_user("nabo", other_municipality)


@pytest.fixture
def project(municipality, committee, lead, chair, member):
    return make_project(municipality, lead, [committee])


@pytest.fixture
def meeting(committee, lead):
    """A meeting of the committee a week from now, organised by the lead."""
    return Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=7),
        place="Rådhuset",
        created_by=lead,
    )


@pytest.fixture
def assessment(project):
    return project.assessment


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs, at the end of the block, what would run
    when the transaction commits, with Celery tasks executed in this process
    (the embedded default). The real-worker tests are in test_worker.py."""
    from workbench.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield lambda: django_capture_on_commit_callbacks(execute=True)
    app.conf.task_always_eager = eager


@pytest.fixture
def standard_template_restored(transactional_db):
    """transaction=True flushes the database after every test, and with it
    the standard template a data migration ships; put it back before each."""
    ensure_standard_template()


@pytest.fixture(scope="module")
def standard_template_left_behind(django_db_blocker):
    """Leave the template in place for transactional tests in later modules."""
    yield
    with django_db_blocker.unblock():
        ensure_standard_template()
