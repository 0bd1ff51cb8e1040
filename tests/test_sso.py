"""Single sign-on against a real OpenID provider (django-oidc-provider in a
process of its own on 127.0.0.1): login, the first login creates the user
in the municipality the claim names, a municipality or provider not
configured is refused, the invited user takes the identity, logout ends
both sessions, and django-axes' throttling does not get in the way."""

import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from administration.models import ChangeRecord, Invitation
from organisations.models import Municipality, User
from tests.factories import PASSWORD as LOCAL_PASSWORD
from tests.factories import make_user
from tests.oidc_provider.provider import (
    AFTER_LOGOUT,
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    start_provider,
)
from workbench.security import PASSWORD_CONFIRMED_AT

pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    started = start_provider(tmp_path_factory.mktemp("idp"))
    yield started
    started.process.kill()


@pytest.fixture
def sso(settings, provider, municipality, other_municipality):
    """The workbench configured as the settings module does from the
    environment, for Fjordby (901) on this provider."""
    settings.OIDC_ENABLED = True
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.endpoint("authorize")
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.endpoint("token")
    settings.OIDC_OP_USER_ENDPOINT = provider.endpoint("userinfo")
    settings.OIDC_OP_JWKS_ENDPOINT = provider.endpoint("jwks")
    settings.OIDC_OP_LOGOUT_ENDPOINT = provider.endpoint("end-session")
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile kommune"
    settings.OIDC_MUNICIPALITY_CLAIM = "kommunekode"
    settings.OIDC_MUNICIPALITY_CODES = ["901"]
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_ROLE_GROUPS = {"projektleder": "MED-projektledere"}
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "organisations.oidc.MunicipalOIDCBackend",
    ]
    return provider


def sign_on(client, provider, username, *, query=""):
    """The browser's round trip: the workbench sends it to the provider, the
    person logs in there, the provider sends it back with a code."""
    start = client.get(reverse("oidc_authentication_init") + query)
    assert start.status_code == 302, start
    browser = requests.Session()
    at_provider = browser.get(start["Location"], allow_redirects=False)
    if at_provider.status_code == 302 and "/login/" in at_provider.headers["Location"]:
        login_page = urljoin(provider.url, at_provider.headers["Location"])
        browser.get(login_page)
        at_provider = browser.post(
            f"{provider.url}/login/",
            data={
                "username": username,
                "password": PASSWORD,
                "next": parse_qs(urlsplit(login_page).query)["next"][0],
                "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
            },
            allow_redirects=False,
        )
        at_provider = browser.get(
            urljoin(provider.url, at_provider.headers["Location"]), allow_redirects=False
        )
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("oidc_authentication_callback"), at_provider.headers
    return client.get(f"{back.path}?{back.query}"), browser


def test_the_first_login_creates_the_user_in_the_claims_municipality(client, sso):
    response, _ = sign_on(client, sso, "sso-fjordby")
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    user = User.objects.get(oidc_subject__startswith=sso.issuer)
    assert user.municipality == Municipality.objects.get(code="901")
    assert (user.first_name, user.last_name, user.email) == (
        "SSO",
        "Fjordby",
        "sso-fjordby@fjordby.example",
    )
    assert user.is_project_lead and not user.is_municipal_admin  # from the groups claim
    assert not user.has_usable_password()
    assert "SSO Fjordby" in client.get(reverse("dashboard")).content.decode()
    created = ChangeRecord.objects.get(object_id=user.pk, action="oprettet")
    assert created.actor is None and created.municipality == user.municipality
    # The next login finds the same user.
    again, _ = sign_on(Client(), sso, "sso-fjordby")
    assert again.status_code == 302
    assert User.objects.filter(oidc_subject__startswith=sso.issuer).count() == 1


@pytest.mark.parametrize("username", ["sso-nabo", "sso-ukendt"])
def test_a_municipality_not_configured_is_refused(client, sso, username):
    users = User.objects.count()
    response, _ = sign_on(client, sso, username)
    assert response.status_code == 302 and response["Location"] == reverse("sso_refused")
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users
    page = client.get(response["Location"])
    assert page.status_code == 403
    assert "Din kommune er ikke sat op til at logge ind her" in page.content.decode()


def test_a_provider_not_configured_is_refused(client, sso, settings):
    # The same provider's tokens, but the installation trusts another issuer.
    settings.OIDC_OP_ISSUER = "https://login.example/andet"
    response, _ = sign_on(client, sso, "sso-fjordby")
    assert response["Location"] == reverse("sso_refused")
    assert not User.objects.filter(oidc_subject__isnull=False).exists()


def test_an_invited_user_takes_the_identity(client, sso, municipality):
    admin = make_user("kommuneadmin", municipality, is_municipal_admin=True)
    invited = make_user("inviteret", municipality, email="sso-inviteret@inviteret.example")
    invited.set_unusable_password()
    invited.save()
    Invitation.issue(invited, admin)
    response, _ = sign_on(client, sso, "sso-inviteret")
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    invited.refresh_from_db()
    assert invited.oidc_subject.startswith(sso.issuer)
    assert not Invitation.objects.usable().filter(user=invited).exists()
    assert int(client.session["_auth_user_id"]) == invited.pk


def test_logout_ends_the_session_here_and_at_the_provider(client, sso):
    _, browser = sign_on(client, sso, "sso-fjordby")
    response = client.post(reverse("logout"))
    assert response["Location"].startswith(sso.endpoint("end-session"))
    assert "_auth_user_id" not in client.session
    ended = browser.get(response["Location"], allow_redirects=False)
    assert ended.headers["Location"] == AFTER_LOGOUT
    # At the provider, the next sign-on asks for the password again.
    again = browser.get(
        client.get(reverse("oidc_authentication_init"))["Location"], allow_redirects=False
    )
    assert "/login/" in again.headers["Location"]


def test_a_fresh_sso_login_confirms_like_the_password(client, sso):
    sign_on(client, sso, "sso-fjordby")
    session = client.session
    session[PASSWORD_CONFIRMED_AT] -= 3600
    session.save()
    page = client.get(reverse("password_confirm")).content.decode()
    assert "bekraeft=1" in page  # the SSO user confirms through the provider
    response, _ = sign_on(client, sso, "sso-fjordby", query="?bekraeft=1")
    assert response.status_code == 302
    assert time.time() - client.session[PASSWORD_CONFIRMED_AT] < 60


def test_throttling_does_not_get_in_the_way(client, sso, municipality):
    # A locked-out local username from this address...
    make_user("laast", municipality)
    for _ in range(6):
        Client().post(reverse("login"), {"username": "laast", "password": "forkert"})
    assert (
        not Client()
        .post(reverse("login"), {"username": "laast", "password": LOCAL_PASSWORD})
        .wsgi_request.user.is_authenticated
    )
    # ...and refused sign-ons from the same address do not block single sign-on.
    for _ in range(6):
        sign_on(Client(), sso, "sso-ukendt")
    response, _ = sign_on(client, sso, "sso-fjordby")
    assert response["Location"] == reverse("dashboard")
