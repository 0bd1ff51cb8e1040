"""Who sees a closed agenda item: one rule (`meetings.access.visible_items`)
for the meeting page, the project page, the packs and the preview."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from method.vocabulary import Side
from organisations.models import Membership
from packs.models import DialoguePack
from tests.factories import make_user, seat


@pytest.fixture
def meeting(committee, lead):
    return Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=7),
        place="Rådhuset",
        created_by=lead,
    )


@pytest.fixture
def closed_without_project(meeting):
    return meeting.add_item(title="Personalesag uden projekt", kind="droeftelse", is_closed=True)


def test_the_organiser_sees_and_packs_a_closed_item_without_a_project(
    committed, login, lead, meeting, closed_without_project
):
    client = login(lead)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Personalesag uden projekt" in page

    with committed():
        response = client.post(reverse("pack_request", args=[meeting.pk]))
    assert response.status_code == 302
    pack = DialoguePack.objects.get(meeting=meeting)
    assert pack.status == DialoguePack.Status.READY, pack.error
    state = client.get(reverse("pack_state", args=[pack.pk]))
    # Done: the poll stops (286) and the card offers the download.
    assert state.status_code == 286 and "Hent PDF" in state.content.decode()
    assert client.get(reverse("pack_download", args=[pack.pk])).status_code == 200
    assert client.get(reverse("pack_preview", args=[meeting.pk])).status_code == 200


def test_the_committees_secretary_sees_it_too(
    login, municipality, committee, meeting, closed_without_project
):
    secretary = make_user("sekretaer", municipality)
    seat(secretary, committee, Side.MANAGEMENT, Membership.Role.SECRETARY)
    page = login(secretary).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Personalesag uden projekt" in page


def test_a_colleague_without_a_seat_sees_neither_item_nor_its_material(
    committed, login, lead, municipality, meeting, closed_without_project
):
    with committed():
        client = login(lead)
        client.post(reverse("pack_request", args=[meeting.pk]))
    pack = DialoguePack.objects.get(meeting=meeting)
    colleague = login(make_user("kollega", municipality))
    page = colleague.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Personalesag uden projekt" not in page
    assert colleague.get(reverse("pack_state", args=[pack.pk])).status_code == 404
    assert colleague.get(reverse("pack_download", args=[pack.pk])).status_code == 404
    assert colleague.get(reverse("pack_preview", args=[meeting.pk])).status_code == 404
    item_preview = (
        reverse("pack_preview", args=[meeting.pk]) + f"?punkt={closed_without_project.pk}"
    )
    assert colleague.get(item_preview).status_code == 404
