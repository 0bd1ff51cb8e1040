"""A person's account: changing the password, resetting it by e-mail (the
same answer whether or not the address is anyone's), the first-run page of
an empty installation, and local accounts switched off."""

import pytest
from django.test import Client
from django.urls import reverse

from administration.models import ChangeRecord
from organisations.models import Municipality, User
from tests.factories import PASSWORD, make_user
from tests.mailserver import body_of, link_in, smtp_server  # noqa: F401 - fixture

NEW_PASSWORD = "Fjordby-MED-2027!"


def logs_in(username, password) -> bool:
    browser = Client()
    browser.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in browser.session


def test_a_password_is_changed(client, member):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert logs_in("medlem", NEW_PASSWORD) and not logs_in("medlem", PASSWORD)


def test_a_reset_answers_the_same_for_any_address_and_mails_only_a_real_one(
    client, member, smtp_server
):
    member.email = "sofie@fjordby.example"
    member.save()
    known = client.post(reverse("password_reset"), {"email": "Sofie@fjordby.example"})
    unknown = client.post(reverse("password_reset"), {"email": "ingen@fjordby.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    mail = smtp_server.wait_for("sofie@fjordby.example")
    assert not smtp_server.to("ingen@fjordby.example")
    assert mail["Subject"] == "Ny adgangskode til MED-arbejdsbordet"
    assert "Dit brugernavn er medlem." in body_of(mail)
    form_page = client.get(link_in(mail), follow=True)
    assert "Vælg en ny adgangskode" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert logs_in("medlem", NEW_PASSWORD)
    assert client.get(link_in(mail), follow=True).context["validlink"] is False  # used


def test_an_invited_user_without_a_password_gets_no_reset_mail(client, municipality, smtp_server):
    invited = make_user("inviteret", municipality, email="ny@fjordby.example")
    invited.set_unusable_password()
    invited.save()
    client.post(reverse("password_reset"), {"email": "ny@fjordby.example"})
    member_mail = make_user("kendt", municipality, email="kendt@fjordby.example")
    client.post(reverse("password_reset"), {"email": member_mail.email})
    smtp_server.wait_for("kendt@fjordby.example")
    assert not smtp_server.to("ny@fjordby.example")


def first_run_data(**changes):
    return {
        "municipality_name": "Fjordby Kommune",
        "municipality_code": "901",
        "first_name": "Karin",
        "last_name": "Lund",
        "email": "karin@fjordby.example",
        "username": "karin",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **changes,
    }


def test_the_first_run_page_sets_up_an_empty_installation_once(client, db, settings):
    settings.FIRST_RUN_ENABLED = True
    assert not Municipality.objects.exists()
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("first_run") in login_page
    bad = client.post(reverse("first_run"), first_run_data(municipality_code="9x1"))
    assert bad.status_code == 400 and "Kommunekoden er tre cifre" in bad.content.decode()
    response = client.post(reverse("first_run"), first_run_data())
    assert response.status_code == 302 and response["Location"] == reverse("admin_overview")
    admin = User.objects.get(username="karin")
    assert admin.is_municipal_admin and admin.municipality.code == "901"
    assert client.get(reverse("admin_overview")).status_code == 200
    assert ChangeRecord.objects.filter(kind="kommune", action="oprettet").exists()
    # Once there is a municipality, the page is gone.
    assert Client().get(reverse("first_run")).status_code == 404
    assert reverse("first_run") not in Client().get(reverse("login")).content.decode()


def test_the_first_run_page_is_off_unless_enabled(client, db, settings):
    settings.FIRST_RUN_ENABLED = False
    assert client.get(reverse("first_run")).status_code == 404
    assert client.post(reverse("first_run"), first_run_data()).status_code == 404
    assert not Municipality.objects.exists()


@pytest.fixture
def local_accounts_off(settings):
    # As settings.py does with LOCAL_LOGIN_ENABLED=0.
    settings.LOCAL_LOGIN_ENABLED = False
    settings.AUTHENTICATION_BACKENDS = [
        backend
        for backend in settings.AUTHENTICATION_BACKENDS
        if backend != "django.contrib.auth.backends.ModelBackend"
    ]


def test_local_accounts_can_be_switched_off(client, member, local_accounts_off):
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page
    response = client.post(reverse("login"), {"username": "medlem", "password": PASSWORD})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("password_reset")).status_code == 404
