"""Meetings that cannot go wrong: carry-over only from held meetings, never
held before it starts, minutes approved by the chair's and the
vice-chair's signatures after a confirm step, the agenda fixed once the
material is sent, the late-material warning, and who runs meetings."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.schedule import working_days_before
from method.vocabulary import Side
from organisations.models import Committee, Membership
from packs.services import request_pack
from tests.factories import make_user, seat


def make_meeting(committee, organiser, days_from_now, **fields):
    return Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() + timedelta(days=days_from_now),
        place="Rådhuset",
        created_by=organiser,
        **fields,
    )


@pytest.fixture
def upcoming(committee, lead):
    return make_meeting(committee, lead, 30)


@pytest.fixture
def held(committee, lead, project):
    """A meeting held two hours ago, with one item decided and one not."""
    meeting = make_meeting(committee, lead, 0)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    meeting.refresh_from_db()
    meeting.add_item(title="Valg af leverandør", kind="beslutning", project=project)
    meeting.add_item(title="Budget", kind="beslutning").record_outcome("Godkendt")
    meeting.mark_held()
    return meeting


def page(client, meeting):
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


# -- carry-over ---------------------------------------------------------------


def test_items_carry_over_only_from_meetings_that_were_held(login, lead, committee, project):
    held_earlier = make_meeting(committee, lead, -60)
    held_earlier.add_item(title="Fra det afholdte møde", kind="beslutning", project=project)
    held_earlier.mark_held()
    not_yet_held = make_meeting(committee, lead, 3)  # "8 December", not held yet
    not_yet_held.add_item(title="Fra mødet, der ikke er holdt", kind="beslutning")
    login(lead).post(
        reverse("meeting_create"),
        {
            "committee": committee.pk,
            "starts_at": (timezone.localtime() + timedelta(days=40)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Rådhuset",
            "carry_over": "on",
        },
    )
    newest = Meeting.objects.order_by("-starts_at").first()
    assert list(newest.items.values_list("title", flat=True)) == ["Fra det afholdte møde"]


# -- held only once it has begun ----------------------------------------------


def test_a_meeting_cannot_be_marked_held_before_it_starts(login, lead, upcoming):
    client = login(lead)
    assert "Markér som afholdt" not in page(client, upcoming)
    assert "kan markeres som afholdt, når det er begyndt" in page(client, upcoming)
    response = client.post(reverse("meeting_held", args=[upcoming.pk]), follow=True)
    assert "kan ikke markeres som afholdt før" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.status == Meeting.Status.PLANNED


def test_a_meeting_that_has_begun_is_marked_held(login, lead, committee):
    meeting = make_meeting(committee, lead, 0)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    client = login(lead)
    assert "Markér som afholdt" in page(client, meeting)
    client.post(reverse("meeting_held", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


# -- both signatures ------------------------------------------------------------


def test_approving_needs_the_chair_and_the_vice_chair(login, lead, chair, vice_chair, held):
    url = reverse("meeting_approve", args=[held.pk])
    # Neither the organiser nor a member signs, and they are not offered to.
    assert "Godkend og underskriv" not in page(login(lead), held)
    assert login(lead).get(url).status_code == 403
    assert login(lead).post(url, {"confirm": "on"}).status_code == 403

    client = login(chair)
    assert "Godkend og underskriv referatet" in page(client, held)
    confirm = client.get(url).content.decode()
    assert "Ét punkt til beslutning er ikke besluttet" in confirm
    assert "Valg af leverandør" in confirm and "Budget" not in confirm
    refused = client.post(url, {})
    assert refused.status_code == 400 and "Sæt kryds" in refused.content.decode()
    assert not held.signatures.exists()

    client.post(url, {"confirm": "on"})
    client.post(url, {"confirm": "on"})  # a second click signs nothing more
    held.refresh_from_db()
    assert held.status == Meeting.Status.HELD
    signature = held.signatures.get()
    assert (signature.role, signature.signed_by) == (Membership.Role.CHAIR, chair)
    assert signature.signed_at is not None
    body = page(client, held)
    assert "underskrevet af Formand" in body and "afventer Naestformand" in body
    assert "Godkend og underskriv" not in body

    login(vice_chair).post(url, {"confirm": "on"})
    held.refresh_from_db()
    assert held.status == Meeting.Status.APPROVED and held.approved_at is not None
    assert set(held.signatures.values_list("signed_by__username", flat=True)) == {
        "formand",
        "naestformand",
    }
    body = page(login(lead), held)
    assert "underskrevet af Formand" in body and "underskrevet af Naestformand" in body
    assert "Referat og opfølgning" not in body  # frozen: no minutes forms


def test_minutes_cannot_be_signed_before_the_meeting_is_held(login, chair, upcoming):
    url = reverse("meeting_approve", args=[upcoming.pk])
    client = login(chair)
    assert "Godkend og underskriv" not in page(client, upcoming)
    assert "når mødet er afholdt" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "når mødet er afholdt" in response.content.decode()
    assert not upcoming.signatures.exists()


def test_changing_the_minutes_after_a_signature_asks_for_both_again(
    login, lead, chair, vice_chair, held
):
    login(chair).post(reverse("meeting_approve", args=[held.pk]), {"confirm": "on"})
    client = login(lead)
    item = held.items.get(title="Valg af leverandør")
    minutes_form = client.get(
        reverse("item_minutes_form", args=[held.pk, item.pk]), headers={"HX-Request": "true"}
    )
    assert "skal formand og næstformand underskrive igen" in minutes_form.content.decode()
    client.post(reverse("item_outcome", args=[held.pk, item.pk]), {"decision": "Leverandør A"})
    assert not held.signatures.exists()
    login(vice_chair).post(reverse("meeting_approve", args=[held.pk]), {"confirm": "on"})
    held.refresh_from_db()
    assert held.status == Meeting.Status.HELD  # the chair must sign the new text


def test_a_committee_without_a_vice_chair_is_told_who_is_missing(login, chair, held):
    login(chair).post(reverse("meeting_approve", args=[held.pk]), {"confirm": "on"})
    assert "udvalget har ingen i rollen" in page(login(chair), held)
    held.refresh_from_db()
    assert held.status == Meeting.Status.HELD


# -- the agenda until the material is sent -------------------------------------


def test_items_are_edited_and_removed_until_the_material_is_sent(login, lead, upcoming, project):
    first = upcoming.add_item(title="Første", kind="orientering")
    second = upcoming.add_item(title="Andet", kind="orientering")
    third = upcoming.add_item(title="Tredje", kind="orientering")
    client = login(lead)
    response = client.post(
        reverse("item_edit", args=[upcoming.pk, second.pk]),
        {"title": "Andet, rettet", "kind": "beslutning", "project": project.pk, "is_closed": "on"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Andet, rettet" in response.content.decode()
    second.refresh_from_db()
    assert (second.kind, second.project, second.is_closed) == ("beslutning", project, True)
    client.post(reverse("item_remove", args=[upcoming.pk, first.pk]))
    assert list(upcoming.items.values_list("title", "order")) == [
        ("Andet, rettet", 1),
        ("Tredje", 2),
    ]

    client.post(reverse("material_sent", args=[upcoming.pk]))
    upcoming.refresh_from_db()
    assert upcoming.material_sent_at is not None and upcoming.material_sent_by == lead
    body = page(client, upcoming)
    assert "Dagsorden og materiale er sendt ud" in body
    for control in ("Ret eller fjern punktet", "Nyt punkt på dagsordenen", "Markér materialet"):
        assert control not in body
    attempts = [
        ("item_edit", [third.pk], {"title": "Sent rettet", "kind": "orientering"}),
        ("item_remove", [third.pk], {}),
        ("item_move", [third.pk], {"direction": "up"}),
        ("item_add", [], {"title": "Eftersendt", "kind": "orientering"}),
    ]
    for name, args, data in attempts:
        response = client.post(
            reverse(name, args=[upcoming.pk, *args]), data, headers={"HX-Request": "true"}
        )
        assert response.status_code == 400, name
        assert "dagsordenen kan ikke længere ændres" in response.content.decode(), name
    assert list(upcoming.items.values_list("title", "order")) == [
        ("Andet, rettet", 1),
        ("Tredje", 2),
    ]


def test_an_item_with_its_own_pack_is_not_removed(login, lead, upcoming):
    item = upcoming.add_item(title="Med materiale", kind="orientering")
    pack = request_pack(upcoming, item, lead)
    response = login(lead).post(
        reverse("item_remove", args=[upcoming.pk, item.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "der er lavet mødemateriale til det" in response.content.decode()
    assert upcoming.items.filter(pk=item.pk).exists()
    pack.refresh_from_db()
    assert pack.item == item


def test_an_empty_agenda_is_not_sent(login, lead, upcoming):
    response = login(lead).post(reverse("material_sent", args=[upcoming.pk]), follow=True)
    assert "Dagsordenen er tom" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.material_sent_at is None


# -- the date the material is due ---------------------------------------------


@pytest.mark.parametrize(
    ("meeting_day", "days", "due"),
    [
        (date(2027, 1, 13), 5, date(2027, 1, 6)),  # Wednesday → the Wednesday before
        (date(2027, 1, 11), 5, date(2027, 1, 4)),  # Monday → the Monday before
        (date(2027, 1, 11), 2, date(2027, 1, 7)),  # Monday, two days → Thursday
        (date(2027, 1, 16), 5, date(2027, 1, 11)),  # a Saturday meeting → that Monday
        (date(2027, 1, 13), 0, date(2027, 1, 13)),
    ],
)
def test_material_is_due_working_days_before_the_meeting(meeting_day, days, due):
    assert working_days_before(meeting_day, days) == due


def test_the_page_warns_when_the_material_is_late(login, lead, member, committee):
    soon = make_meeting(committee, lead, 3)  # five working days before lies in the past
    soon.add_item(title="Punkt", kind="orientering")
    later = make_meeting(committee, lead, 30)
    assert soon.material_is_late and not later.material_is_late
    assert "Materialet er forsinket" in page(login(member), soon)
    body = page(login(member), later)
    assert "Materialet er forsinket" not in body and "skal sendes ud senest" in body
    soon.mark_material_sent(lead)
    assert "Materialet er forsinket" not in page(login(member), soon)


def test_the_committee_sets_its_own_number_of_working_days(committee, lead):
    meeting = make_meeting(committee, lead, 30)
    assert committee.material_days == 5  # the default
    five = meeting.material_due_on
    Committee.objects.filter(pk=committee.pk).update(material_days=10)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.material_due_on == working_days_before(five, 5)


# -- who runs meetings --------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "runs"),
    [
        (Membership.Role.SECRETARY, True),
        (Membership.Role.CHAIR, True),
        (Membership.Role.VICE_CHAIR, True),
        (Membership.Role.MEMBER, False),
    ],
)
def test_the_secretary_the_chair_and_the_vice_chair_run_meetings(
    login, municipality, committee, upcoming, role, runs
):
    user = make_user("person", municipality)
    seat(user, committee, Side.MANAGEMENT, role)
    client = login(user)
    assert (client.get(reverse("meeting_create")).status_code == 200) is runs
    assert ("Nyt møde" in client.get(reverse("meeting_list")).content.decode()) is runs
    response = client.post(
        reverse("item_add", args=[upcoming.pk]),
        {"title": "Fra sekretariatet", "kind": "orientering"},
    )
    assert response.status_code == (302 if runs else 403)
    body = page(client, upcoming)
    for control in (
        "Nyt punkt på dagsordenen",
        "Lav mødemateriale",
        "Markér materialet som sendt ud",
    ):
        assert (control in body) is runs, control


def test_project_leads_run_every_committees_meetings(login, lead, upcoming):
    response = login(lead).post(
        reverse("item_add", args=[upcoming.pk]),
        {"title": "Fra projektlederen", "kind": "orientering"},
    )
    assert response.status_code == 302


def test_a_secretary_runs_only_their_own_committees_meetings(
    login, municipality, committee, upcoming
):
    other = Committee.objects.create(municipality=municipality, name="Andet udvalg", level="lokalt")
    secretary = make_user("sekretaer", municipality)
    seat(secretary, other, Side.MANAGEMENT, Membership.Role.SECRETARY)
    client = login(secretary)
    body = client.get(reverse("meeting_create")).content.decode()
    assert "Andet udvalg" in body and committee.name not in body
    response = client.post(
        reverse("item_add", args=[upcoming.pk]), {"title": "Fremmed", "kind": "orientering"}
    )
    assert response.status_code == 403


ORGANISER_CONTROLS = (
    "Nyt punkt på dagsordenen",
    "Ret eller fjern punktet",
    "Referat og opfølgning",
    "Markér som afholdt",
    "Markér materialet som sendt ud",
    "Lav mødemateriale",
)


@pytest.mark.parametrize("who", ["hr", "colleague", "member"])
def test_controls_a_user_may_not_use_are_not_shown(login, municipality, lead, member, held, who):
    begun = make_meeting(held.committee, lead, 0)
    begun.add_item(title="Punkt", kind="orientering")
    Meeting.objects.filter(pk=begun.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    organiser_view = page(login(lead), begun)
    assert all(control in organiser_view for control in ORGANISER_CONTROLS)

    user = member if who == "member" else make_user(who, municipality, is_template_admin=True)
    client = login(user)
    body = page(client, begun)
    for control in ORGANISER_CONTROLS:
        assert control not in body, control
    assert "Godkend og underskriv" not in page(client, held)
    assert client.get(reverse("meeting_create")).status_code == 403
    assert client.get(reverse("meeting_approve", args=[held.pk])).status_code == 403
