"""MED meetings: agenda in order, closed items, minutes, actions, carry-over."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from meetings.followups import Action
from meetings.models import AgendaItem, Meeting
from method.vocabulary import Side
from tests.factories import make_user


def test_project_lead_creates_a_meeting_in_the_product(login, lead, committee):
    response = login(lead).post(
        reverse("meeting_create"),
        {"committee": committee.pk, "starts_at": "2026-12-10T14:00", "place": "Mødelokale 2"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.committee, meeting.place, meeting.created_by) == (
        committee,
        "Mødelokale 2",
        lead,
    )


def test_ordinary_members_cannot_create_or_run_meetings(login, member, meeting):
    client = login(member)
    assert client.get(reverse("meeting_create")).status_code == 403
    response = client.post(
        reverse("item_add", args=[meeting.pk]), {"title": "x", "kind": "orientering"}
    )
    assert response.status_code == 403


def test_items_are_added_with_htmx_and_reordered(login, lead, meeting, project):
    client = login(lead)
    url = reverse("item_add", args=[meeting.pk])
    for title in ("Første", "Anden", "Tredje"):
        response = client.post(
            url,
            {"title": title, "kind": "droeftelse", "project": project.pk},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200 and 'id="agenda"' in response.content.decode()
    third = AgendaItem.objects.get(title="Tredje")
    client.post(
        reverse("item_move", args=[meeting.pk, third.pk]),
        {"direction": "up"},
        headers={"HX-Request": "true"},
    )
    assert list(meeting.items.order_by("order").values_list("title", flat=True)) == [
        "Første",
        "Tredje",
        "Anden",
    ]


def test_invalid_item_is_refused_in_danish(login, lead, meeting):
    response = login(lead).post(
        reverse("item_add", args=[meeting.pk]), {"title": "", "kind": "nonsens"}
    )
    assert response.status_code == 400
    assert "Dette felt er påkrævet" in response.content.decode()
    assert not meeting.items.exists()


def test_closed_items_are_visible_only_to_the_committee(
    login, lead, member, meeting, project, municipality
):
    closed = meeting.add_item(title="Personaleforhold", kind="droeftelse", is_closed=True)
    meeting.add_item(title="Åbent punkt", kind="orientering")
    colleague = make_user("kollega", municipality)  # same municipality, not in the committee
    body = login(colleague).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Åbent punkt" in body and "Personaleforhold" not in body
    assert "lukket punkt er kun synligt" in body
    assert (
        "Personaleforhold"
        in login(member).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    )
    url = reverse("pack_preview", args=[meeting.pk]) + f"?punkt={closed.pk}"
    assert login(colleague).get(url).status_code == 404


def test_minutes_with_decision_dissent_and_actions(login, lead, member, meeting, project):
    item = meeting.add_item(title="Businesscase", kind="beslutning", project=project)
    client = login(lead)
    client.post(
        reverse("item_outcome", args=[meeting.pk, item.pk]),
        {
            "decision": "Projektet går videre.",
            "dissent": "Vi ønsker en garanti.",
            "dissent_side": Side.EMPLOYEES,
        },
    )
    client.post(
        reverse("action_add", args=[meeting.pk, item.pk]),
        {"what": "Skriv gevinstplan", "owner": lead.pk, "deadline": "2027-01-15"},
    )
    item.refresh_from_db()
    assert (item.decision, item.dissent, item.dissent_side) == (
        "Projektet går videre.",
        "Vi ønsker en garanti.",
        Side.EMPLOYEES,
    )
    assert Action.objects.get().what == "Skriv gevinstplan"
    page = login(member).get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "Skriv gevinstplan" in page and "Mindretalsudtalelse fra medarbejdersiden" in page


def test_dissent_needs_its_side(login, lead, meeting):
    item = meeting.add_item(title="Punkt", kind="beslutning")
    response = login(lead).post(
        reverse("item_outcome", args=[meeting.pk, item.pk]),
        {"decision": "Ja", "dissent": "Nej"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "Angiv hvilken side" in response.content.decode()
    item.refresh_from_db()
    assert item.decision == ""


def test_approved_minutes_are_frozen(login, lead, chair, vice_chair, meeting):
    item = meeting.add_item(title="Punkt", kind="beslutning")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    client = login(lead)
    client.post(reverse("meeting_held", args=[meeting.pk]))
    for signer in (chair, vice_chair):
        login(signer).post(reverse("meeting_approve", args=[meeting.pk]), {"confirm": "on"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED and meeting.approved_at is not None
    client = login(lead)
    response = client.post(
        reverse("item_outcome", args=[meeting.pk, item.pk]),
        {"decision": "Ændret bagefter"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "Referatet er godkendt og kan ikke ændres" in response.content.decode()
    item.refresh_from_db()
    assert item.decision == ""
    assert (
        client.post(
            reverse("item_add", args=[meeting.pk]), {"title": "Nyt", "kind": "orientering"}
        ).status_code
        == 302
    )
    assert meeting.items.count() == 1


def test_undecided_items_and_open_actions_carry_over(login, lead, committee, project, meeting):
    earlier = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() - timedelta(days=30),
        place="Rådhuset",
        created_by=lead,
    )
    undecided = earlier.add_item(title="Valg af leverandør", kind="beslutning", project=project)
    decided = earlier.add_item(title="Afgjort", kind="beslutning", project=project)
    decided.record_outcome("Besluttet")
    decided.add_action("Følg op på leverandør", lead)
    earlier.mark_held()
    carried = meeting.carry_over_undecided()
    assert [i.carried_from for i in carried] == [undecided]
    assert meeting.carry_over_undecided() == []  # once only
    body = login(lead).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Valg af leverandør" in body and "Overført fra mødet" in body
    assert "Følg op på leverandør" in body


def test_new_meeting_form_carries_over_by_default(login, lead, committee, project):
    earlier = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() - timedelta(days=30),
        place="R",
        created_by=lead,
    )
    earlier.add_item(title="Uafklaret", kind="beslutning", project=project)
    earlier.mark_held()
    login(lead).post(
        reverse("meeting_create"),
        {
            "committee": committee.pk,
            "starts_at": "2030-01-10T14:00",
            "place": "R",
            "carry_over": "on",
        },
    )
    newest = Meeting.objects.order_by("-starts_at").first()
    assert list(newest.items.values_list("title", flat=True)) == ["Uafklaret"]


def test_outsider_cannot_reach_meetings(client, outsider, meeting):
    item = meeting.add_item(title="Hemmeligt", kind="orientering")
    client.force_login(outsider)
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 404
    assert (
        client.post(
            reverse("item_outcome", args=[meeting.pk, item.pk]), {"decision": "x"}
        ).status_code
        == 404
    )
    assert "Hemmeligt" not in client.get(reverse("meeting_list")).content.decode()
