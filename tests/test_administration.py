"""A municipality runs itself: its administrator draws the committee tree,
gives and ends seats (history kept), invites users by e-mail (a single-use
link that expires), names, deactivates and reactivates them, and sets who
leads projects and keeps templates. Every change is recorded: who, when,
before, after. Role and seat changes ask for the password again."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from administration.models import ChangeRecord, Invitation
from method.vocabulary import Side
from organisations.models import Committee, Membership, User
from tests.factories import PASSWORD, make_user
from tests.mailserver import body_of, link_in, smtp_server  # noqa: F401 - fixture
from tests.processes import free_port
from tests.test_reauth import confirm_next, logged_in_long_ago

TODAY = timezone.localdate()


@pytest.fixture
def kommuneadmin(municipality):
    return make_user("kommuneadmin", municipality, is_municipal_admin=True)


@pytest.fixture
def admin_client(client, kommuneadmin):
    client.force_login(kommuneadmin)
    return client


def logs_in(client, username, password) -> bool:
    """Through the login form, as a person would."""
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def new_committee(client, name, level, parent=None):
    data = {"name": name, "level": level, "material_days": 5}
    if parent:
        data["parent"] = parent.pk
    return client.post(reverse("admin_committee_create"), data)


def test_the_committee_tree_is_drawn_as_nested_lists(admin_client, municipality):
    assert new_committee(admin_client, "Hovedudvalget", "hovedudvalg").status_code == 302
    main = Committee.objects.get(name="Hovedudvalget")
    assert new_committee(admin_client, "Område-MED Skole", "omraade", main).status_code == 302
    area = Committee.objects.get(name="Område-MED Skole")
    assert new_committee(admin_client, "Lokal-MED Fjordby Skole", "lokalt", area).status_code == 302
    page = admin_client.get(reverse("admin_overview")).content.decode()
    # Each level is a list inside the item of the committee above it.
    top = page.index('<ul class="committee-tree">')
    middle = page.index('<ul class="committee-tree">', top + 1)
    bottom = page.index('<ul class="committee-tree">', middle + 1)

    def link(name):
        return page.index(f">{name}</a>")

    assert top < link("Hovedudvalget") < middle < link("Område-MED Skole") < bottom
    assert link("Lokal-MED Fjordby Skole") > bottom
    assert ChangeRecord.objects.filter(kind="udvalg", action="oprettet").count() == 3


def test_the_tree_refuses_what_is_no_tree(admin_client, municipality, other_municipality):
    response = new_committee(admin_client, "Lokal-MED uden forælder", "lokalt")
    assert response.status_code == 400
    assert "Vælg det udvalg, dette udvalg hører under." in response.content.decode()
    foreign = Committee.objects.create(
        municipality=other_municipality, name="Nabos Hovedudvalg", level="hovedudvalg"
    )
    response = new_committee(admin_client, "Område-MED", "omraade", foreign)
    assert response.status_code == 400
    assert not Committee.objects.filter(name="Område-MED").exists()


def seat_data(user, role="medlem", side=Side.EMPLOYEES, valid_from=TODAY, valid_to=""):
    return {
        "user": user.pk,
        "side": side,
        "role": role,
        "valid_from": valid_from.isoformat(),
        "valid_to": valid_to,
    }


def test_a_seat_change_asks_for_the_password_again(client, kommuneadmin, committee, lead):
    logged_in_long_ago(client, kommuneadmin)
    url = reverse("admin_seat_add", args=[committee.pk])
    response = client.post(
        url, seat_data(lead), HTTP_REFERER=reverse("admin_committee", args=[committee.pk])
    )
    assert response.status_code == 302
    assert confirm_next(response["Location"]) == reverse("admin_committee", args=[committee.pk])
    assert not lead.memberships.exists()
    client.post(reverse("password_confirm"), {"password": PASSWORD})
    assert client.post(url, seat_data(lead)).status_code == 302
    assert lead.memberships.get().role == "medlem"


def test_seats_keep_their_history_and_every_change_is_recorded(
    admin_client, kommuneadmin, committee, chair, municipality
):
    successor = make_user("efterfoelger", municipality, first_name="Eva", last_name="Efter")
    old_seat = chair.memberships.get()
    old_seat.valid_from = TODAY - timedelta(days=365)
    old_seat.save()
    response = admin_client.post(
        reverse("admin_seat_end", args=[old_seat.pk]), {"ends_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    admin_client.post(
        reverse("admin_seat_add", args=[committee.pk]),
        seat_data(successor, role="formand", side=Side.MANAGEMENT),
    )
    assert list(
        Membership.objects.current().filter(role="formand").values_list("user", flat=True)
    ) == [successor.pk]
    page = admin_client.get(reverse("admin_committee", args=[committee.pk])).content.decode()
    assert "Tidligere og kommende pladser" in page and str(chair) in page
    ended = ChangeRecord.objects.get(kind="plads", action="afsluttet")
    assert ended.actor == kommuneadmin
    assert ended.before["ophører"] is None and ended.after["ophører"] == TODAY.isoformat()
    log = admin_client.get(reverse("admin_change_log")).content.decode()
    assert "afsluttet" in log and "Eva Efter" in log and str(kommuneadmin) in log


def test_a_seat_cannot_overlap_another_of_the_same_person(admin_client, committee, member):
    response = admin_client.post(reverse("admin_seat_add", args=[committee.pk]), seat_data(member))
    assert response.status_code == 400
    assert "har allerede en plads i udvalget i den periode" in response.content.decode()


def test_invite_accept_once_and_log_in(admin_client, kommuneadmin, smtp_server, client):
    response = admin_client.post(
        reverse("admin_user_invite"),
        {
            "first_name": "Ny",
            "last_name": "Kollega",
            "email": "Ny.Kollega@fjordby.example",
            "is_project_lead": "on",
        },
    )
    assert response.status_code == 302
    invited = User.objects.get(email="ny.kollega@fjordby.example")
    assert invited.is_project_lead and not invited.has_usable_password()
    assert invited.municipality == kommuneadmin.municipality
    mail = smtp_server.wait_for("ny.kollega@fjordby.example")
    assert "Fjordby Kommune" in mail["Subject"]
    assert "udløber om 7 dage" in body_of(mail)
    link = link_in(mail)
    assert Invitation.objects.get().token_digest not in link  # only the digest is stored
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Velkommen, Ny Kollega" in page.content.decode()
    new_password = "Fjordby-MED-2027!"
    response = client.post(link, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    client.logout()
    assert client.get(link).status_code == 404  # single use
    assert logs_in(client, "ny.kollega@fjordby.example", new_password)
    assert ChangeRecord.objects.filter(object_id=invited.pk, action="tiltraadt").exists()


def test_an_expired_invitation_does_not_work(client, municipality, kommuneadmin):
    invited = make_user("ny", municipality)
    invitation, token = Invitation.issue(invited, kommuneadmin)
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()
    response = client.get(reverse("invitation_accept", args=[token]))
    assert response.status_code == 404
    assert "Invitationen er allerede brugt, er udløbet" in response.content.decode()
    # A newer invitation replaces the older one.
    _, first = Invitation.issue(invited, kommuneadmin)
    _, second = Invitation.issue(invited, kommuneadmin)
    assert client.get(reverse("invitation_accept", args=[first])).status_code == 404
    assert client.get(reverse("invitation_accept", args=[second])).status_code == 200


def test_roles_need_the_password_and_are_recorded(client, kommuneadmin, member):
    url = reverse("admin_user_roles", args=[member.pk])
    logged_in_long_ago(client, kommuneadmin)
    assert confirm_next(client.post(url, {"is_template_admin": "on"}, HTTP_REFERER=url)["Location"])
    member.refresh_from_db()
    assert not member.is_template_admin
    client.post(reverse("password_confirm"), {"password": PASSWORD})
    assert client.post(url, {"is_template_admin": "on"}).status_code == 302
    member.refresh_from_db()
    assert member.is_template_admin
    change = ChangeRecord.objects.get(action="roller")
    assert change.changes() == [("skabelonadministrator (HR)", False, True)]


def test_an_administrator_cannot_lock_themselves_out(admin_client, kommuneadmin):
    response = admin_client.post(reverse("admin_user_roles", args=[kommuneadmin.pk]), {})
    assert response.status_code == 400
    response = admin_client.post(reverse("admin_user_deactivate", args=[kommuneadmin.pk]))
    assert response.status_code == 400
    kommuneadmin.refresh_from_db()
    assert kommuneadmin.is_municipal_admin and kommuneadmin.is_active


def test_deactivate_and_reactivate(admin_client, member):
    browser = Client()
    admin_client.post(reverse("admin_user_deactivate", args=[member.pk]))
    member.refresh_from_db()
    assert not member.is_active
    assert not logs_in(browser, member.username, PASSWORD)
    admin_client.post(reverse("admin_user_reactivate", args=[member.pk]))
    member.refresh_from_db()
    assert member.is_active
    assert logs_in(browser, member.username, PASSWORD)
    actions = ChangeRecord.objects.filter(object_id=member.pk).values_list("action", flat=True)
    assert set(actions) == {"deaktiveret", "genaktiveret"}


def test_a_name_is_set_and_recorded(admin_client, member):
    admin_client.post(
        reverse("admin_user_profile", args=[member.pk]),
        {"first_name": "Sofie", "last_name": "Kragh", "email": "sofie@fjordby.example"},
    )
    member.refresh_from_db()
    assert member.get_full_name() == "Sofie Kragh"
    change = ChangeRecord.objects.get(action="aendret")
    assert ("efternavn", "", "Kragh") in change.changes()


def test_only_the_municipalitys_administrators_reach_the_administration(
    client, member, lead, outsider, committee, kommuneadmin
):
    for user in (member, lead):
        client.force_login(user)
        assert client.get(reverse("admin_overview")).status_code == 403
        assert client.get(reverse("admin_committee", args=[committee.pk])).status_code == 403
    foreign_admin = make_user("nabo-admin", outsider.municipality, is_municipal_admin=True)
    client.force_login(foreign_admin)
    assert client.get(reverse("admin_overview")).status_code == 200
    assert client.get(reverse("admin_committee", args=[committee.pk])).status_code == 404
    assert client.get(reverse("admin_user", args=[kommuneadmin.pk])).status_code == 404
    users_page = client.get(reverse("admin_users")).content.decode()
    assert f">{kommuneadmin}</a>" not in users_page


def test_an_invitation_the_mail_server_refuses_is_reported_not_lost(admin_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    response = admin_client.post(
        reverse("admin_user_invite"),
        {"first_name": "Ny", "last_name": "Kollega", "email": "ny@fjordby.example"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Invitationen kunne ikke sendes" in response.content.decode()
    assert "Send en ny invitation" in response.content.decode()
    assert User.objects.filter(email="ny@fjordby.example").exists()
