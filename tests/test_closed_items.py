"""Who sees a closed agenda item: one rule (`meetings.access.visible_items`)
for the meeting page, the project page, the packs and the preview."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.access import visible_items
from meetings.models import Meeting
from method.vocabulary import Side
from organisations.models import Committee, Membership, User
from packs.access import readable_packs
from packs.models import DialoguePack, Part
from packs.pipeline import make_pack
from tests.factories import make_project, make_user, seat


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
    pack = DialoguePack.objects.get(meeting=meeting, part=Part.CLOSED)
    assert pack.status == DialoguePack.Status.READY, pack.error
    state = client.get(reverse("pack_state", args=[pack.pk]))
    # Done: the poll stops (286) and the card offers the download.
    assert state.status_code == 286 and "Hent PDF" in state.content.decode()
    assert client.get(reverse("pack_download", args=[pack.pk])).status_code == 200
    preview = reverse("pack_preview", args=[meeting.pk]) + "?lukkede=1"
    assert "Personalesag uden projekt" in client.get(preview).content.decode()


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
    pack = DialoguePack.objects.get(meeting=meeting, part=Part.CLOSED)
    colleague = login(make_user("kollega", municipality))
    page = colleague.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Personalesag uden projekt" not in page
    assert colleague.get(reverse("pack_state", args=[pack.pk])).status_code == 404
    assert colleague.get(reverse("pack_download", args=[pack.pk])).status_code == 404
    preview = reverse("pack_preview", args=[meeting.pk])
    assert colleague.get(preview + "?lukkede=1").status_code == 404
    assert "Personalesag uden projekt" not in colleague.get(preview).content.decode()
    item_preview = (
        reverse("pack_preview", args=[meeting.pk]) + f"?punkt={closed_without_project.pk}"
    )
    assert colleague.get(item_preview).status_code == 404


# -- earlier closed items in a pack: what its readers may see ----------------------------


@pytest.fixture
def history(committee, municipality, lead, project):
    """Decisions on the project at two earlier meetings: an open one and a
    closed one of this committee, and a closed one of another committee."""
    other = Committee.objects.create(
        municipality=municipality, name="Hovedudvalget", level=Committee.Level.MAIN
    )
    earlier = {}
    for name, on, is_closed in (
        ("Åben beslutning", committee, False),
        ("Lukket beslutning", committee, True),
        ("Hovedudvalgets lukkede beslutning", other, True),
    ):
        past = Meeting.objects.create(
            committee=on,
            starts_at=timezone.now() - timedelta(days=30),
            place="R",
            created_by=lead,
        )
        item = past.add_item(title=name, kind="beslutning", project=project, is_closed=is_closed)
        item.record_outcome(decision=name)
        earlier[name] = item
    seat(make_user("hovedudvalg", municipality), other, Side.EMPLOYEES)
    return earlier


def _decisions(pack: DialoguePack) -> set[str]:
    content = make_pack(pack.meeting, pack.item, pdf=False).content
    return {
        decision["decision"]
        for item in content["items"]
        if item["project"]
        for decision in item["project"]["decisions"]
    }


def _readers_see_all_of(pack, shown, earlier):
    """Everyone who may download the pack may see every decision in it."""
    for user in User.objects.filter(municipality=pack.meeting.committee.municipality):
        if readable_packs(user).filter(pk=pack.pk).exists():
            for name in shown:
                assert visible_items(user).filter(pk=earlier[name].pk).exists(), (
                    user.username,
                    name,
                )


def test_a_pack_shows_earlier_closed_decisions_only_to_those_who_may_see_them(
    municipality, committee, lead, member, meeting, project, history
):
    # A project of a lead without the project-lead role: only the lead
    # clause of the rule lets them see closed items on it.
    other_lead = make_user("anden_leder", municipality)
    other_project = make_project(municipality, other_lead, [committee], title="Robotstøvsuger")
    make_user("kollega", municipality)

    open_item = meeting.add_item(title="Status", kind="orientering", project=project)
    closed_item = meeting.add_item(
        title="Lukket", kind="droeftelse", project=project, is_closed=True
    )
    open_pack = DialoguePack.objects.create(meeting=meeting, item=open_item, requested_by=lead)
    closed_pack = DialoguePack.objects.create(meeting=meeting, item=closed_item, requested_by=lead)
    # Anyone in the municipality may read the open item's pack.
    assert _decisions(open_pack) == {"Åben beslutning"}
    # The closed item's readers see the committee's closed items on the project.
    assert _decisions(closed_pack) == {"Åben beslutning", "Lukket beslutning"}

    # A whole-meeting pack whose only closed item is on another lead's
    # project: that lead may read the pack, but not this project's closed
    # decision.
    next_meeting = Meeting.objects.create(
        committee=committee, starts_at=meeting.starts_at, place="R", created_by=lead
    )
    next_meeting.add_item(title="Status", kind="orientering", project=project)
    next_meeting.add_item(title="Robot", kind="droeftelse", project=other_project, is_closed=True)
    meeting_pack = DialoguePack.objects.create(meeting=next_meeting, requested_by=lead)
    assert _decisions(meeting_pack) == {"Åben beslutning"}
    assert readable_packs(other_lead).filter(pk=meeting_pack.pk).exists()

    for pack in (open_pack, closed_pack, meeting_pack):
        _readers_see_all_of(pack, _decisions(pack), history)
