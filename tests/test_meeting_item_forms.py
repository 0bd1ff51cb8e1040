"""The new item's form and an item's edit and minutes forms come when the
organiser opens them: the meeting page does not carry every project and
person of the municipality, the forms work without JavaScript too, and a
refused form keeps what was typed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_project, make_user

HTMX = {"HX-Request": "true"}


@pytest.fixture
def agenda(meeting, project):
    meeting.add_item(title="Valg af system", kind="beslutning", project=project)
    meeting.add_item(title="Budget", kind="orientering")
    return meeting


def meeting_page(client, meeting):
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def project_selects(html):
    return len(re.findall(r'<select[^>]* name="project"', html))


def test_the_page_lists_no_projects_however_many_items(login, lead, agenda, municipality):
    for number in range(5):
        make_project(municipality, lead, [agenda.committee], title=f"Projekt {number}")
    body = meeting_page(login(lead), agenda)
    assert project_selects(body) == 0 and "Projekt 4" not in body
    assert 'name="owner"' not in body
    assert body.count("Nyt punkt på dagsordenen") == 1
    assert body.count("Ret eller fjern punktet") == 2
    assert body.count("Referat og opfølgning") == 2


def test_opening_the_new_items_form_brings_the_projects_to_choose(
    login, lead, agenda, municipality
):
    make_project(municipality, lead, [agenda.committee], title="Robot i lønkontoret")
    client = login(lead)
    url = reverse("item_add_form", args=[agenda.pk])
    assert f'hx-get="{url}"' in meeting_page(client, agenda)
    html = client.get(url, headers=HTMX).content.decode()
    assert project_selects(html) == 1 and "Robot i lønkontoret" in html
    assert "Tilføj punkt" in html and "<h1>" not in html
    # Without JavaScript the link opens the page with the form open.
    body = client.get(url).content.decode()
    assert "<h1>" in body and '<details class="card minutes" id="nyt-punkt" open>' in body
    assert "Robot i lønkontoret" in body


def test_after_adding_an_item_the_form_stays_open_for_the_next(login, lead, agenda):
    response = login(lead).post(
        reverse("item_add", args=[agenda.pk]),
        {"title": "Eftersendt punkt", "kind": "orientering"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Eftersendt punkt" in html
    assert '<details class="card minutes" id="nyt-punkt" open>' in html
    assert 'value="Eftersendt punkt"' not in html  # empty again


def test_a_refused_new_item_keeps_what_was_typed(login, lead, agenda):
    response = login(lead).post(
        reverse("item_add", args=[agenda.pk]),
        {"title": "Nyt system", "kind": "ikke-en-type"},
        headers=HTMX,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<details class="card minutes" id="nyt-punkt" open>' in html
    assert 'value="Nyt system"' in html
    assert not agenda.items.filter(title="Nyt system").exists()


def test_opening_an_items_forms_brings_them_filled_in(login, lead, agenda, project):
    item = agenda.items.get(title="Valg af system")
    client = login(lead)
    edit = client.get(reverse("item_edit_form", args=[agenda.pk, item.pk]), headers=HTMX)
    assert edit.status_code == 200
    html = edit.content.decode()
    assert project_selects(html) == 1 and "Gem punktet" in html
    assert 'value="Valg af system"' in html
    assert re.search(rf'<option value="{project.pk}" selected>', html)
    assert f'id="title-e{item.pk}"' in html
    minutes = client.get(reverse("item_minutes_form", args=[agenda.pk, item.pk]), headers=HTMX)
    html = minutes.content.decode()
    assert "Gem referat" in html and 'name="owner"' in html and lead.get_full_name() in html


def test_without_javascript_the_link_opens_the_page_with_the_forms(login, lead, agenda):
    item = agenda.items.get(title="Budget")
    url = reverse("item_edit_form", args=[agenda.pk, item.pk])
    client = login(lead)
    assert f'href="{url}#punkt-{item.pk}"' in meeting_page(client, agenda)
    body = client.get(url).content.decode()
    assert "<h1>" in body and body.count('<details class="minutes" open>') == 2
    assert 'value="Budget"' in body and "Gem referat" in body


def test_a_refused_edit_keeps_what_was_typed(login, lead, agenda):
    item = agenda.items.get(title="Budget")
    response = login(lead).post(
        reverse("item_edit", args=[agenda.pk, item.pk]),
        {"title": "Budget 2027, rettet", "kind": "ikke-en-type"},
        headers=HTMX,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Punktet er ikke gemt" in html and 'value="Budget 2027, rettet"' in html
    assert '<details class="minutes" open>' in html
    item.refresh_from_db()
    assert item.title == "Budget"


def test_a_refused_follow_up_keeps_what_was_typed_without_javascript(login, lead, agenda):
    item = agenda.items.get(title="Budget")
    response = login(lead).post(
        reverse("action_add", args=[agenda.pk, item.pk]), {"what": "Indhent tilbud"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Opfølgningen er ikke gemt" in html and "Indhent tilbud" in html
    assert '<details class="minutes" open>' in html and "<h1>" in html
    assert not item.actions.exists()


def test_only_organisers_get_the_forms(login, member, outsider, agenda):
    item = agenda.items.get(title="Budget")
    urls = [
        reverse(name, args=[agenda.pk, item.pk]) for name in ("item_edit_form", "item_minutes_form")
    ]
    for url in [*urls, reverse("item_add_form", args=[agenda.pk])]:
        assert login(member).get(url, headers=HTMX).status_code == 403
        assert login(outsider).get(url, headers=HTMX).status_code == 404
    body = meeting_page(login(member), agenda)
    assert "Ret eller fjern punktet" not in body and "Nyt punkt på dagsordenen" not in body


def test_the_edit_form_is_refused_once_the_material_is_sent(login, lead, agenda):
    item = agenda.items.get(title="Budget")
    agenda.mark_material_sent(lead)
    client = login(lead)
    assert client.get(reverse("item_edit_form", args=[agenda.pk, item.pk])).status_code == 403
    minutes = client.get(reverse("item_minutes_form", args=[agenda.pk, item.pk]), headers=HTMX)
    assert minutes.status_code == 200


def test_the_organisers_page_costs_the_same_queries_with_more_items(
    login, lead, agenda, municipality
):
    client = login(lead)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            meeting_page(client, agenda)
        return len(captured)

    before = queries()
    for number in range(6):
        agenda.add_item(title=f"Punkt {number}", kind="orientering")
        make_user(f"kollega{number}", municipality)
    assert queries() == before
