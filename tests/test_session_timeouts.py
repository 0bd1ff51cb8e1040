"""Sessions end after 30 minutes idle and 12 hours in all; what the user
sees then, on a page, on an htmx request and on an autosave. The clocks are
moved by rewriting the stored session timestamps, not by waiting."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer
from questionnaires.models import AnswerKind
from workbench.security import LAST_SEEN_AT, LOGGED_IN_AT

from .factories import PASSWORD

MINUTE = 60


def age_session(client, key, seconds):
    """Pretend `key` (a session timestamp) happened `seconds` earlier."""
    session = client.session
    session[key] -= seconds
    session.save()


def assert_logged_out(client):
    assert SESSION_KEY not in client.session


def login_url_with_next(response):
    url = urlsplit(response.headers.get("HX-Redirect") or response["Location"])
    assert url.path == reverse("login")
    return parse_qs(url.query).get("next", [None])[0]


@pytest.fixture
def logged_in(client, member):
    """Through the real login form, so the clocks start as they do for a person."""
    response = client.post(reverse("login"), {"username": member.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_activity_within_the_idle_limit_keeps_the_session(logged_in):
    for _request in range(3):
        age_session(logged_in, LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT - MINUTE)
        assert logged_in.get(reverse("dashboard")).status_code == 200
    assert SESSION_KEY in logged_in.session


def test_thirty_minutes_idle_ends_the_session_with_a_danish_message(logged_in):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * MINUTE
    age_session(logged_in, LAST_SEEN_AT, 30 * MINUTE + 1)

    response = logged_in.get(reverse("dashboard"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "ikke har brugt arbejdsbordet i 30 minutter" in response.content.decode()
    assert_logged_out(logged_in)


def test_twelve_hours_after_login_the_session_ends_even_when_active(logged_in):
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 3600
    age_session(logged_in, LOGGED_IN_AT, 12 * 3600 + 1)  # but active a moment ago

    response = logged_in.get(reverse("dashboard"), follow=True)

    assert "logget ind i 12 timer" in response.content.decode()
    assert_logged_out(logged_in)


def test_after_expiry_the_login_leads_back_to_the_page(logged_in, member, assessment):
    page = reverse("assessment", args=[assessment.pk])
    age_session(logged_in, LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT + 1)

    response = logged_in.get(page)
    assert login_url_with_next(response) == page

    again = logged_in.post(
        response["Location"], {"username": member.username, "password": PASSWORD}
    )
    assert again["Location"] == page


def test_an_htmx_request_after_expiry_is_sent_to_the_login_page(logged_in, assessment):
    page = f"http://testserver{reverse('assessment', args=[assessment.pk])}?fase=idéudvikling"
    question = assessment.questions()[0]
    age_session(logged_in, LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT + 1)

    response = logged_in.get(
        reverse("question_history", args=[assessment.pk, question.pk]),
        headers={"HX-Request": "true", "HX-Current-URL": page},
    )

    assert response.status_code == 401
    # Back to the page the user was on, not to the fragment's address.
    assert login_url_with_next(response) == page.removeprefix("http://testserver")
    assert_logged_out(logged_in)


def test_an_htmx_request_from_another_site_gets_no_way_back_there(logged_in, assessment):
    age_session(logged_in, LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT + 1)
    response = logged_in.get(
        reverse("assessment", args=[assessment.pk]),
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/"},
    )
    assert response.status_code == 401
    assert login_url_with_next(response) is None


def test_an_autosave_after_expiry_says_the_text_was_not_saved(logged_in, assessment):
    question = next(q for q in assessment.questions() if q.kind == AnswerKind.TEXT)
    page = f"http://testserver{reverse('assessment', args=[assessment.pk])}"
    age_session(logged_in, LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT + 1)

    response = logged_in.post(
        reverse("answer_save", args=[assessment.pk, question.pk]),
        {"version": "0", "text": "Vigtig tekst om ældreplejen"},
        headers={"HX-Request": "true", "HX-Current-URL": page},
    )

    assert response.status_code == 401
    html = response.content.decode()
    assert "det, du lige skrev, er ikke gemt" in html
    assert f'href="{response["HX-Redirect"]}"' in html.replace("&amp;", "&")
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_a_plain_form_post_after_expiry_returns_to_the_form_page(logged_in, assessment):
    question = assessment.questions()[0]
    page = reverse("assessment", args=[assessment.pk])
    age_session(logged_in, LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT + 1)

    response = logged_in.post(
        reverse("answer_save", args=[assessment.pk, question.pk]),
        {"version": "0", "text": "Uden JavaScript"},
        headers={"Referer": f"http://testserver{page}"},
    )

    assert response.status_code == 302
    assert login_url_with_next(response) == page


def test_logging_out_is_not_rewritten(logged_in):
    response = logged_in.post(reverse("logout"), headers={"Referer": "http://testserver/"})
    assert response["Location"] == reverse("login")


def test_the_session_cookie_ends_with_the_browser_and_the_stored_session_in_12_hours(
    client, member
):
    response = client.post(reverse("login"), {"username": member.username, "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    stored = Session.objects.get(session_key=cookie.value)
    assert stored.expire_date <= timezone.now() + timedelta(hours=12)
