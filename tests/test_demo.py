"""The demo data tells the whole story the README promises."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from organisations.models import User
from packs.models import DialoguePack
from packs.services import request_pack
from projects.models import Project
from tests.test_packs import pdf_text


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_demo_logins_work_with_password_demo(demo, rf):
    # authenticate() needs the request: the login throttling (django-axes) reads it.
    for username in ("formand", "naestformand", "medlem", "projektleder", "hr", "nabo"):
        request = rf.post("/log-ind/")
        assert authenticate(request, username=username, password="demo") is not None, username


def test_nabo_sees_none_of_fjordby(demo, client):
    client.force_login(User.objects.get(username="nabo"))
    for project in Project.objects.filter(municipality__name="Fjordby Kommune"):
        assert client.get(reverse("project_detail", args=[project.pk])).status_code == 404
        assert client.get(reverse("assessment", args=[project.assessment.pk])).status_code == 404


def test_projektleder_makes_the_upcoming_meetings_pack(demo, client, committed):
    lead = User.objects.get(username="projektleder")
    upcoming = Meeting.objects.filter(starts_at__gte=timezone.now()).get()
    items = list(upcoming.items.order_by("order"))
    assert len(items) >= 3
    assert any(i.is_closed for i in items) and any(i.kind == "beslutning" for i in items)
    assert Meeting.objects.filter(status=Meeting.Status.APPROVED).exists()
    client.force_login(lead)
    with committed():
        client.post(reverse("pack_request", args=[upcoming.pk]))
    pack = DialoguePack.objects.get(meeting=upcoming)
    assert pack.status == DialoguePack.Status.READY, pack.error
    response = client.get(reverse("pack_download", args=[pack.pk]))
    text = " ".join(pdf_text(response.content).replace("\u2010\n", "").split())
    for item in items:
        assert item.title in text, item.title
    for core in ("Kerneopgave", "Opgaveløsning", "Kompetenceudvikling", "Inddragelse"):
        assert core in text
    assert (
        "Spørgsmål til dialogen" in text and "Ledelsessiden" in text and "Medarbejdersiden" in text
    )
    assert "Ændret siden sidste møde" in text and "Siden udvalgets møde" in text
    assert request_pack(upcoming, None, lead).pk != pack.pk  # a new pack, the old one kept
