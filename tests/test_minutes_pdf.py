"""The minutes as a PDF: what the reader may see, in Danish, and whose copy
it is when closed items are in it. Read back with pdftotext."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from method.vocabulary import Side
from tests.factories import make_user
from tests.test_packs import pdf_text


@pytest.fixture
def held(committee, lead, project, chair):
    meeting = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() - timedelta(days=2),
        place="Rådhuset, mødelokale 2",
        created_by=lead,
    )
    open_item = meeting.add_item(title="Skærmbesøg i hjemmeplejen", kind="beslutning")
    open_item.record_outcome(
        "Udvalget går videre med forsøget på Ærø og i Åbyhøj.",
        "Medarbejdersiden ønsker mere oplæring først.",
        Side.EMPLOYEES,
    )
    open_item.add_action("Plan for oplæring i hjemmeplejen", owner=chair)
    closed = meeting.add_item(
        title="Personaleforhold på nattevagten", kind="droeftelse", is_closed=True
    )
    closed.record_outcome("Drøftet fortroligt.")
    meeting.mark_held()
    return meeting


def minutes(client, meeting):
    response = client.get(reverse("meeting_minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="referat-' in response["Content-Disposition"]
    return " ".join(pdf_text(response.content).split())


def test_a_member_gets_the_whole_minutes_as_their_own_copy(login, member, held):
    text = minutes(login(member), held)
    assert "Referat: møde i Lokal-MED Hjemmeplejen" in text
    assert "Udvalget går videre med forsøget på Ærø og i Åbyhøj." in text
    assert "Mindretalsudtalelse fra medarbejdersiden" in text
    assert "Plan for oplæring i hjemmeplejen" in text
    assert "Personaleforhold på nattevagten" in text and "Drøftet fortroligt." in text
    assert "Personligt eksemplar til Medlem" in text
    assert "Udkast: referatet er ikke godkendt endnu." in text
    assert "Afventer Formand" in text  # the chair has not signed yet


def test_a_colleague_without_a_seat_gets_no_closed_item(login, municipality, held):
    text = minutes(login(make_user("kollega", municipality)), held)
    assert "Udvalget går videre med forsøget på Ærø og i Åbyhøj." in text
    assert "Personaleforhold" not in text and "Drøftet fortroligt" not in text
    assert "Ét lukket punkt er ikke med i dette eksemplar." in text
    assert "Personligt eksemplar" not in text


def test_the_approved_minutes_carry_both_signatures(login, member, vice_chair, chair, held):
    for signer in (chair, vice_chair):
        login(signer).post(reverse("meeting_approve", args=[held.pk]), {"confirm": "on"})
    text = minutes(login(member), held)
    assert "Referatet er godkendt" in text
    assert "Formand Formand, underskrevet" in text
    assert "Næstformand Naestformand, underskrevet" in text


def test_an_outsider_gets_no_minutes(login, outsider, held):
    assert login(outsider).get(reverse("meeting_minutes_pdf", args=[held.pk])).status_code == 404


def test_the_meeting_page_queries_do_not_grow_with_the_agenda(login, lead, held, project):
    url = reverse("meeting_detail", args=[held.pk])
    client = login(lead)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.PLANNED)
    held.status = Meeting.Status.PLANNED
    planned_before = count()
    for i in range(4):
        item = held.add_item(title=f"Punkt {i}", kind="beslutning", project=project)
        item.add_action(f"Opfølgning {i}", owner=lead)
    assert count() == planned_before
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)
    assert count() == before
