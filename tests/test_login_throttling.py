"""Login throttling (django-axes) through the real login forms: after five
wrong passwords for one username from one address, that pair is locked for
15 minutes, on /log-ind/ and /admin/login/ alike; unknown usernames get
exactly the answers known ones get."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from .factories import PASSWORD, make_user

LOGIN_PAGES = ["login", "admin:login"]
WRONG = "forkert-kodeord"


@pytest.fixture
def staff(municipality):
    return make_user("it-admin", municipality, is_staff=True, is_superuser=True)


def attempt(client, page, username, password, address="10.0.0.7", **headers):
    return client.post(
        reverse(page),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def fail(client, page, username, times, **kwargs):
    return [attempt(client, page, username, WRONG, **kwargs) for _attempt in range(times)]


def minutes_pass(minutes):
    """Move the recorded failures back in time instead of waiting."""
    for row in AccessAttempt.objects.all():
        row.attempt_time -= timedelta(minutes=minutes)
        row.save(update_fields=["attempt_time"])


def answer(response):
    """What the person sees: the status and the page, without what differs on
    every request anyway (the CSRF token, the clock) or echoes the input."""
    html = response.content.decode()
    html = re.sub(r"[A-Za-z0-9]{64}", "<csrf token>", html)
    html = re.sub(r"kl\. \d{2}:\d{2}", "kl. <time>", html)
    html = re.sub(r'name="username"[^>]*>', "", html)
    return response.status_code, html


def assert_locked(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert "For mange forsøg" in html
    assert re.search(r"prøve igen om 15 minutter, kl\. \d{2}:\d{2}", html)
    assert response["Retry-After"] == str(15 * 60)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(client, page, staff):
    assert settings.AXES_FAILURE_LIMIT == 5
    first_four = fail(client, page, staff.username, 4)
    assert [response.status_code for response in first_four] == [200] * 4

    assert_locked(attempt(client, page, staff.username, WRONG))
    assert_locked(attempt(client, page, staff.username, PASSWORD))
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_unknown_user_and_wrong_password_get_the_same_answers(client, page, staff):
    known = fail(client, page, staff.username, 5)
    unknown = fail(client, page, "findes-ikke", 5)

    assert [answer(r) for r in known] == [answer(r) for r in unknown]
    assert [r.status_code for r in known] == [200, 200, 200, 200, 429]


def test_the_wrong_password_message_is_danish(client, member):
    response = attempt(client, "login", member.username, WRONG)
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()


def test_the_lock_holds_one_username_from_one_address_only(client, member, chair):
    fail(client, "login", member.username, 5)

    assert attempt(client, "login", chair.username, PASSWORD).status_code == 302
    client.logout()
    assert (
        attempt(client, "login", member.username, PASSWORD, address="10.0.0.8").status_code == 302
    )


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(client, member):
    for number in range(5):
        attempt(client, "login", member.username, WRONG, **{"X-Forwarded-For": f"192.0.2.{number}"})
    assert_locked(
        attempt(client, "login", member.username, PASSWORD, **{"X-Forwarded-For": "1.2.3.4"})
    )


def test_after_the_cool_off_the_right_password_works_again(client, member):
    fail(client, "login", member.username, 5)
    minutes_pass(16)

    assert attempt(client, "login", member.username, PASSWORD).status_code == 302


def test_a_successful_login_clears_the_earlier_failures(client, member):
    fail(client, "login", member.username, 4)
    assert attempt(client, "login", member.username, PASSWORD).status_code == 302
    client.logout()

    fail(client, "login", member.username, 4)
    assert attempt(client, "login", member.username, PASSWORD).status_code == 302


def test_each_attempt_during_the_lock_starts_the_wait_again(client, member):
    fail(client, "login", member.username, 5)
    minutes_pass(10)
    assert_locked(attempt(client, "login", member.username, WRONG))
    minutes_pass(10)  # 20 minutes after the lock, 10 after the last attempt
    assert_locked(attempt(client, "login", member.username, PASSWORD))
