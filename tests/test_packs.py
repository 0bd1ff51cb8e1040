"""Dialogue packs: content, permissions, idempotence, failure and retry."""

import contextlib
import re
import subprocess
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from assessments.services import Submission, save_answer
from meetings.models import Meeting
from method.vocabulary import Side
from packs import charts
from packs.models import DialoguePack, Part
from packs.pipeline import make_pack
from packs.recovery import recover_lost_packs
from packs.services import request_pack, retry_pack
from questionnaires.models import AnswerKind
from tests.factories import answer, make_user


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed object streams inflated, to read the catalog."""
    inflated = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            inflated.append(zlib.decompress(stream))
    return b"\n".join(inflated)


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


@pytest.fixture
def answered(assessment, chair, member, lead):
    """Joint answers to the five core-task questions, and a scale question
    where the sides disagree."""
    core = list(assessment.questions().filter(section__key="kerneopgave-fem-spoergsmaal"))
    for i, q in enumerate(core):
        save_answer(
            assessment,
            q,
            lead,
            Submission(text=f"Fælles svar nummer {i}", status="enige"),
            joint=True,
        )
    scale = assessment.questions().filter(kind=AnswerKind.SCALE).first()
    save_answer(
        assessment,
        scale,
        chair,
        Submission(value="2", text="Ledelsen ser gevinster"),
        side=Side.MANAGEMENT,
    )
    save_answer(
        assessment,
        scale,
        member,
        Submission(value="-2", text="Medarbejderne frygter kontrol"),
        side=Side.EMPLOYEES,
    )
    return {"core": core, "scale": scale}


@pytest.fixture
def earlier_meeting(committee, lead, project):
    """The committee's previous meeting, with the project on its agenda."""
    earlier = Meeting.objects.create(
        committee=committee,
        starts_at=timezone.now() - timedelta(days=1),
        place="R",
        created_by=lead,
    )
    earlier.add_item(title="Første drøftelse", kind="droeftelse", project=project)
    return earlier


def test_pack_holds_items_core_questions_sides_and_changes(
    committed, meeting, project, lead, answered, assessment, earlier_meeting
):
    # changed after the previous meeting:
    answer(
        assessment,
        answered["core"][0],
        lead,
        "Ny formulering efter mødet",
        joint=True,
        status="delvist_enige",
    )
    meeting.add_item(
        title="Skærmbesøg: businesscase",
        kind="beslutning",
        project=project,
        description="Udvalget skal godkende businesscasen.",
    )
    meeting.add_item(title="Eventuelt", kind="orientering")
    with committed():
        pack = request_pack(meeting, None, lead)
    pack.refresh_from_db()
    assert pack.status == DialoguePack.Status.READY, pack.error
    text = " ".join(pdf_text(pack.read_file()).split())
    for expected in (
        "Skærmbesøg: businesscase",
        "Eventuelt",
        "Til beslutning",
        "Udvalget skal godkende businesscasen.",
        "Kerneopgave",
        "Opgaveløsning",
        "Kompetenceudvikling",
        "Inddragelse",
        "Fælles svar nummer 1",
        "Ny formulering efter mødet",
        "Ledelsen ser gevinster",
        "Medarbejderne frygter kontrol",
        "Sammen om ny teknologi",
    ):
        assert expected in text, expected
    assert "siden sidste møde" in text.lower()
    assert pack.pages >= 3 and len(pack.checksum) == 64
    assert pack.source["meeting"]  # the data it was made from is kept


def test_pdf_is_tagged_with_language_and_title(committed, meeting, project, lead):
    meeting.add_item(title="Punkt", kind="orientering", project=project)
    with committed():
        pack = request_pack(meeting, None, lead)
    pack.refresh_from_db()
    info = subprocess.run(
        ["pdfinfo", "-"], input=pack.read_file(), capture_output=True, check=True
    ).stdout.decode()
    assert "Tagged:          yes" in info
    assert "Title:" in info and "Mødemateriale" in info
    assert re.search(rb"/Lang\s*\(da\)", pdf_objects(pack.read_file()))


def test_asking_twice_while_queued_gives_the_same_pack(
    meeting, project, lead, django_capture_on_commit_callbacks
):
    meeting.add_item(title="Punkt", kind="orientering", project=project)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = request_pack(meeting, None, lead)
        second = request_pack(meeting, None, lead)
    assert first.pk == second.pk
    assert len(queued) == 1
    assert DialoguePack.objects.count() == 1


def test_new_pack_never_overwrites_an_earlier_one(committed, login, meeting, project, lead):
    meeting.add_item(title="Punkt", kind="orientering", project=project)
    with committed():
        first = request_pack(meeting, None, lead)
    with committed():
        second = request_pack(meeting, None, lead)
    assert first.pk != second.pk
    client = login(lead)
    for pack in (first, second):
        response = client.get(reverse("pack_download", args=[pack.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_failed_render_says_why_in_danish_and_can_be_retried(
    committed, settings, login, meeting, project, lead
):
    meeting.add_item(title="Punkt", kind="orientering", project=project)
    settings.PACK_MAX_PAGES = 1
    with committed():
        pack = request_pack(meeting, None, lead)
    pack.refresh_from_db()
    assert pack.status == DialoguePack.Status.FAILED
    assert "grænsen er 1" in pack.error
    state = login(lead).get(reverse("pack_state", args=[pack.pk]))
    assert state.status_code == 286  # htmx stops polling
    assert "grænsen er 1" in state.content.decode() and "Prøv igen" in state.content.decode()
    settings.PACK_MAX_PAGES = 400
    with committed():
        retried = retry_pack(pack)
    retried.refresh_from_db()
    assert retried.pk == pack.pk and retried.status == DialoguePack.Status.READY
    assert retried.attempts == 2


def test_make_pack_button_queues_and_state_is_polled(committed, login, lead, meeting, project):
    meeting.add_item(title="Punkt", kind="orientering", project=project)
    client = login(lead)
    with committed():
        response = client.post(
            reverse("pack_request", args=[meeting.pk]), headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    pack = DialoguePack.objects.get()
    assert f'id="pack-{pack.pk}"' in response.content.decode()
    state = client.get(reverse("pack_state", args=[pack.pk]))
    assert state.status_code == 286 and "Hent PDF" in state.content.decode()


def test_in_progress_state_keeps_polling(
    login, lead, meeting, project, django_capture_on_commit_callbacks
):
    meeting.add_item(title="Punkt", kind="orientering", project=project)
    with django_capture_on_commit_callbacks(execute=False):
        pack = request_pack(meeting, None, lead)
    response = login(lead).get(reverse("pack_state", args=[pack.pk]))
    assert response.status_code == 200
    assert (
        'hx-trigger="every 2s"' in response.content.decode() and "I kø" in response.content.decode()
    )


def test_packs_of_closed_items_and_other_municipalities_are_404(
    committed, client, lead, member, outsider, meeting, project, municipality
):
    closed = meeting.add_item(title="Lukket", kind="droeftelse", project=project, is_closed=True)
    open_item = meeting.add_item(title="Åbent", kind="orientering", project=project)
    with committed():
        closed_pack = request_pack(meeting, closed, lead)
        meeting_pack = request_pack(meeting, None, lead, part=Part.CLOSED)
        open_pack = request_pack(meeting, open_item, lead)
        open_meeting_pack = request_pack(meeting, None, lead, part=Part.OPEN)
    colleague = make_user("kollega", municipality)
    client.force_login(colleague)
    assert client.get(reverse("pack_download", args=[closed_pack.pk])).status_code == 404
    assert client.get(reverse("pack_download", args=[meeting_pack.pk])).status_code == 404
    assert client.get(reverse("pack_download", args=[open_pack.pk])).status_code == 200
    assert client.get(reverse("pack_download", args=[open_meeting_pack.pk])).status_code == 200
    client.force_login(member)  # sits in the committee
    assert client.get(reverse("pack_download", args=[closed_pack.pk])).status_code == 200
    client.force_login(outsider)
    for pack in (closed_pack, meeting_pack, open_pack):
        assert client.get(reverse("pack_download", args=[pack.pk])).status_code == 404
        assert client.get(reverse("pack_state", args=[pack.pk])).status_code == 404


def test_html_preview_shows_the_same_content(login, member, meeting, project, answered):
    meeting.add_item(title="Forhåndsvist punkt", kind="droeftelse", project=project)
    body = login(member).get(reverse("pack_preview", args=[meeting.pk])).content.decode()
    assert "Forhåndsvist punkt" in body and "Fælles svar nummer 2" in body


def test_render_pack_command_writes_the_same_pack(meeting, project, tmp_path):
    from django.core.management import call_command

    meeting.add_item(title="Kommandolinjen", kind="orientering", project=project)
    target = tmp_path / "pakke.pdf"
    call_command("render_pack", meeting.pk, "-o", str(target))
    assert "Kommandolinjen" in pdf_text(target.read_bytes())


def test_a_pack_whose_message_was_lost_is_sent_again_and_made(
    meeting, project, lead, committed, django_capture_on_commit_callbacks
):
    meeting.add_item(title="Punkt", kind="orientering", project=project)
    with django_capture_on_commit_callbacks(execute=False):  # the message never left
        lost = request_pack(meeting, None, lead)
    assert request_pack(meeting, None, lead).pk == lost.pk  # asking again: the same pack
    assert recover_lost_packs() == []  # not overdue yet: it may still be on its way

    overdue = timezone.now() - timedelta(hours=1)
    DialoguePack.objects.filter(pk=lost.pk).update(requested_at=overdue, sent_at=None)
    with committed():
        assert recover_lost_packs() == [lost.pk]
    lost.refresh_from_db()
    assert lost.status == DialoguePack.Status.READY, lost.error
    assert DialoguePack.objects.filter(meeting=meeting).count() == 1


def test_a_pack_whose_worker_died_is_taken_over_and_one_alive_is_left_alone(
    meeting, project, lead, committed, django_capture_on_commit_callbacks
):
    meeting.add_item(title="Punkt", kind="orientering", project=project)
    with django_capture_on_commit_callbacks(execute=False):
        orphan = request_pack(meeting, None, lead)
    item = meeting.add_item(title="Andet punkt", kind="orientering", project=project)
    with django_capture_on_commit_callbacks(execute=False):
        alive = request_pack(meeting, item, lead)
    for pack in (orphan, alive):
        assert DialoguePack.objects.start_rendering(pack.pk) is not None  # a worker took it
    # A second delivery while the first worker renders (its lease holds) does nothing.
    assert DialoguePack.objects.start_rendering(alive.pk) is None
    DialoguePack.objects.filter(pk=orphan.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)  # its worker stopped renewing
    )

    with committed():
        assert recover_lost_packs() == [orphan.pk]
    orphan.refresh_from_db()
    alive.refresh_from_db()
    assert orphan.status == DialoguePack.Status.READY and orphan.attempts == 2
    assert alive.status == DialoguePack.Status.RENDERING and alive.attempts == 1


def test_pack_has_no_inline_styles_and_its_legend_has_the_wheels_colours(
    meeting, project, assessment, chair
):
    """A Content Security Policy without 'unsafe-inline' lets the browser
    preview look like the PDF: the legend's swatches are classes in
    pack.css with the colours of the wheel's wedges."""
    competences = assessment.questions().filter(kind=AnswerKind.COMPETENCE)
    sections = list(dict.fromkeys(q.section_id for q in competences))[:2]
    for section_id in sections:
        question = competences.filter(section_id=section_id).first()
        save_answer(assessment, question, chair, Submission(value="mestre"), side=Side.MANAGEMENT)
    meeting.add_item(title="Kompetencer", kind="droeftelse", project=project)
    html = make_pack(meeting, pdf=False).html

    assert "Kompetencehjulet i tal" in html
    assert "style=" not in html and "<style" not in html
    css = Path(finders.find("pack/pack.css")).read_text()
    swatch = {
        int(number): colour
        for number, colour in re.findall(
            r"\.legend__swatch--(\d+)\s*\{\s*background-color:\s*(#[0-9a-f]{6});", css
        )
    }
    assert swatch == dict(enumerate(charts.WHEEL_GROUP_COLOURS))
    legend = [swatch[int(n)] for n in re.findall(r"legend__swatch--(\d+)", html)]
    wedges = re.findall(r'<path d="[^"]+" fill="(#[0-9a-f]{6})"', html)
    assert len(set(wedges)) == 2 and set(wedges) <= set(legend)


def test_the_competence_wheel_names_its_competences_beside_it_in_black_and_white(
    meeting, project, assessment, chair
):
    competences = list(assessment.questions().filter(kind=AnswerKind.COMPETENCE))
    for question, level in zip(competences, ("kende", "kunne", "mestre"), strict=False):
        save_answer(assessment, question, chair, Submission(value=level), side=Side.MANAGEMENT)
    meeting.add_item(title="Kompetencer", kind="droeftelse", project=project)
    output = make_pack(meeting, word=True)  # the whole HTML comes with the Word file

    # Every competence by its number and name in the legend beside the wheel.
    legend = re.search(r'<ol class="wheel__legend">(.*?)</ol>', output.html, re.S).group(1)
    entries = re.findall(r'wheel__number">(\d+)</span> ([^<]+): <strong>', legend)
    assert entries == [(str(n), q.text) for n, q in enumerate(competences, 1)]
    wheel_page = next(
        page for page in pdf_text(output.pdf).split("\f") if "Numrene står for" in page
    )
    flat = " ".join(wheel_page.split())
    assert all(q.text in flat for q in competences)
    # Shades of grey only (and black outlines): it prints the same in black and white.
    fills = re.findall(r'<path d="[^"]+" fill="#([0-9a-f]{6})"', output.html)
    assert len(fills) == 3
    assert all(fill[0:2] == fill[2:4] == fill[4:6] for fill in fills), fills
