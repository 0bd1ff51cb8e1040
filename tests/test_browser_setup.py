"""A municipality adopts the workbench alone, in a real Chromium: on an
empty database its new administrator creates the municipality, draws two
committees, invites two members and a project lead and gives the members
their seats; each of them opens the invitation from the e-mail a real SMTP
server received, sets a password and is logged in. No page needs what the
Content-Security-Policy forbids; the administration passes axe."""

from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from organisations.models import Membership, Municipality, User
from tests.mailserver import link_in, smtp_server  # noqa: F401 - fixture
from tests.test_browser import (  # noqa: F401 - fixtures
    assert_accessible,
    console_errors,
    page,
    requests_made,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("standard_template_restored", "standard_template_left_behind"),
]

ADMIN_PASSWORD = "Fjordby-Admin-2027!"
PEOPLE = [
    # (first name, last name, e-mail, project lead, seat role, side)
    ("Sofie", "Kragh", "sofie@fjordby.example", False, "Formand", "Ledelsessiden"),
    ("Per", "Damgaard", "per@fjordby.example", False, "Næstformand", "Medarbejdersiden"),
    ("Mads", "Overgaard", "mads@fjordby.example", True, None, None),
]


def path_of(page) -> str:
    return urlsplit(page.url).path


def create_committee(page, name, level, parent=None):
    page.goto("/administration/")
    page.get_by_role("link", name="Nyt udvalg").click()
    page.get_by_label("Navn").fill(name)
    page.get_by_label("Niveau").select_option(label=level)
    if parent:
        page.get_by_label("Overordnet udvalg").select_option(label=parent)
    page.get_by_role("button", name="Opret udvalget").click()
    page.get_by_role("heading", name=name).wait_for()


def invite(page, first, last, email, lead):
    page.goto("/administration/brugere/")
    page.get_by_label("Fornavn").fill(first)
    page.get_by_label("Efternavn").fill(last)
    page.locator("#id_email").fill(email)
    if lead:
        page.get_by_label("Projektleder").check()
    page.get_by_role("button", name="Send invitationen").click()
    page.get_by_text(f"Invitationen er sendt til {email}").wait_for()


def give_seat(page, committee, person, side, role):
    page.goto("/administration/")
    page.get_by_role("link", name=committee).click()
    page.get_by_label("Person").select_option(label=person)
    page.get_by_label("Side").select_option(label=side)
    page.get_by_label("Rolle").select_option(label=role)
    page.get_by_role("button", name="Tilføj pladsen").click()
    page.get_by_text(f"{person} har fået en plads i udvalget.").wait_for()


def test_a_new_administrator_sets_up_a_municipality_and_its_people_log_in(
    page, browser, live_server, settings, smtp_server, console_errors
):
    settings.FIRST_RUN_ENABLED = True
    assert not Municipality.objects.exists()

    page.goto("/log-ind/")
    page.get_by_role("link", name="Kom i gang: opret den første kommune").click()
    page.get_by_label("Kommunens navn").fill("Fjordby Kommune")
    page.get_by_label("Kommunekode").fill("901")
    page.get_by_label("Dit fornavn").fill("Karin")
    page.get_by_label("Dit efternavn").fill("Lund")
    page.get_by_label("Din e-mail").fill("karin@fjordby.example")
    page.get_by_label("Brugernavn").fill("karin")
    page.locator("#id_password1").fill(ADMIN_PASSWORD)
    page.locator("#id_password2").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Opret kommunen").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/administration/")

    create_committee(page, "Hovedudvalget", "Hovedudvalg")
    create_committee(page, "Lokal-MED Hjemmeplejen", "Lokalt MED-udvalg", parent="Hovedudvalget")
    page.goto("/administration/")
    tree = page.locator(".committee-tree")
    # The local committee sits in a list inside the main committee's item.
    nested = tree.locator("li", has_text="Hovedudvalget").locator(".committee-tree li")
    assert nested.inner_text().startswith("Lokal-MED Hjemmeplejen")
    assert_accessible(page)

    for first, last, email, lead, _role, _side in PEOPLE:
        invite(page, first, last, email, lead)
    for first, last, _email, _lead, role, side in PEOPLE:
        if role:
            give_seat(page, "Lokal-MED Hjemmeplejen", f"{first} {last}", side, role)
    page.goto("/administration/brugere/")
    assert_accessible(page)
    page.goto("/administration/aendringer/")
    assert page.get_by_text("inviteret").count() == 3

    for first, last, email, lead, role, _side in PEOPLE:
        mail = smtp_server.wait_for(email)
        context = browser.new_context(base_url=live_server.url, locale="da-DK")
        person = context.new_page()
        person.goto(link_in(mail))
        person.get_by_role("heading", name=f"Velkommen, {first} {last}").wait_for()
        person.locator("#id_new_password1").fill(f"{first}-MED-2027!")
        person.locator("#id_new_password2").fill(f"{first}-MED-2027!")
        person.get_by_role("button", name="Gem og log ind").click()
        person.wait_for_url(lambda url: urlsplit(url).path == "/")
        header = person.locator(".who").inner_text()
        assert f"{first} {last}" in header and "Fjordby Kommune" in header
        body = person.locator("main").inner_text()
        if role:
            assert "Lokal-MED Hjemmeplejen" in body
        if lead:
            assert person.get_by_role("link", name="Nyt projekt").count() == 1
        context.close()

    municipality = Municipality.objects.get(code="901")
    people = User.objects.filter(municipality=municipality)
    assert people.count() == 4 and all(user.has_usable_password() for user in people)
    seats = Membership.objects.current().filter(committee__name="Lokal-MED Hjemmeplejen")
    assert sorted(seats.values_list("role", flat=True)) == ["formand", "naestformand"]
    assert seats.first().valid_from == timezone.localdate()
    assert console_errors == []
