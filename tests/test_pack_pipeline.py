"""One pack pipeline: the worker's task, the `render_pack` command and the
browser preview make the same pack from the same data; the pack's numbers
and dates are Danish; the project page and the pack show the same timeline."""

import re
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from method.vocabulary import StepKey
from packs.models import DialoguePack, Part
from packs.pipeline import make_pack
from packs.services import request_pack
from tests.factories import answer
from tests.test_packs import answered, earlier_meeting, pdf_text  # noqa: F401 - fixtures


def _without_generation_time(text: str) -> str:
    """The PDF's text without the minute it was made ("Materialet er lavet …")."""
    # "Materialet er lavet 1. december 2026 kl. 21.23." (the date has a full stop too)
    return re.sub(r"Materialet er lavet .+? kl\. \d\d?\.\d\d\.", "", " ".join(text.split()))


def test_task_command_and_preview_make_the_same_pack(
    committed,
    login,
    tmp_path,
    lead,
    project,
    meeting,  # noqa: F811
    answered,  # noqa: F811
    earlier_meeting,  # noqa: F811
):
    meeting.add_item(title="Skærmbesøg", kind="beslutning", project=project)
    meeting.add_item(title="Personalesag", kind="droeftelse", is_closed=True)

    with committed():
        pack = request_pack(meeting, None, lead, part=Part.CLOSED)
    pack.refresh_from_db()
    assert pack.status == DialoguePack.Status.READY, pack.error

    target = tmp_path / "pakke.pdf"
    printed = StringIO()
    call_command("render_pack", meeting.pk, "-o", str(target), "--lukkede", stdout=printed)
    command_checksum = re.search(r"kontrolsum ([0-9a-f]{64})", printed.getvalue()).group(1)

    preview_url = reverse("pack_preview", args=[meeting.pk]) + "?lukkede=1"
    preview = login(lead).get(preview_url).content.decode()
    preview_checksum = re.search(r'name="pack-checksum" content="([0-9a-f]{64})"', preview).group(1)

    # Made at three different moments, from the same data: the same content.
    assert pack.checksum == DialoguePack.checksum_of(pack.source)
    assert command_checksum == pack.checksum
    assert preview_checksum == pack.checksum
    task_text = pdf_text(pack.read_file())
    assert _without_generation_time(pdf_text(target.read_bytes())) == _without_generation_time(
        task_text
    )
    for expected in ("Personalesag", "Lukkede punkter"):
        assert expected in task_text and expected in preview
    assert "Skærmbesøg" not in task_text  # an open item: in the open pack


def test_the_checksum_follows_the_data_not_the_clock(meeting, project, lead, assessment, answered):  # noqa: F811
    meeting.add_item(title="Punkt", kind="orientering", project=project)
    first = make_pack(meeting, pdf=False)
    again = make_pack(meeting, pdf=False)
    assert first.content["generated_at"] != again.content["generated_at"]
    assert first.checksum == again.checksum

    answer(assessment, answered["core"][0], lead, "Et nyt fælles svar", joint=True, status="enige")
    assert make_pack(meeting, pdf=False).checksum != first.checksum


def test_numbers_and_dates_are_danish(meeting, project, answered):  # noqa: F811
    meeting.add_item(title="Punkt", kind="droeftelse", project=project)
    text = " ".join(pdf_text(make_pack(meeting).pdf).split())
    # The sides answered +2 and −2: averages with a sign and a decimal comma,
    # a real minus sign, and the gap between them.
    assert "Gennemsnit +2,0 (−2 til +2)" in text
    assert "Gennemsnit −2,0 (−2 til +2)" in text
    assert "Siderne vurderer forskelligt (forskel 4,0)" in text
    starts = timezone.localtime(meeting.starts_at)
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august"]
    months += ["september", "oktober", "november", "december"]
    assert f"{starts.day}. {months[starts.month - 1]} {starts.year} kl. {starts:%H.%M}" in text


# -- the timeline ---------------------------------------------------------------------

PAGE_STEP = re.compile(
    r'<li class="step step--(\w+)"[^>]*>([^<]+)<span class="visually-hidden">[^<]*</span>'
    r'(?: <span class="muted">· <time datetime="([^"]+)">)?'
)
PACK_STEP = re.compile(
    r'<li class="step step--(\w+)"><span class="step__mark">[^<]*</span> ([^<]+)'
    r'<span class="step__state">[^<]*(?:<time datetime="([^"]+)">)?'
)


def test_project_page_and_pack_show_the_same_timeline(login, member, lead, project, meeting):  # noqa: F811
    days_ago = {StepKey.IDEA: 40, StepKey.EXPLORATION: 25, StepKey.PROTOTYPE: 3}
    for _step in days_ago:
        project.move_to_next_step(lead, note="Videre")
    for transition in project.transitions.all():
        moved_at = timezone.now() - timedelta(days=days_ago[transition.to_step])
        type(transition).objects.filter(pk=transition.pk).update(moved_at=moved_at)
    type(project).objects.filter(pk=project.pk).update(
        created_at=timezone.now() - timedelta(days=60)
    )
    project.refresh_from_db()
    meeting.add_item(title="Status", kind="orientering", project=project)

    page = login(member).get(reverse("project_detail", args=[project.pk])).content.decode()
    pack = make_pack(meeting, pdf=False).html
    on_page = [(state, label.strip(), when) for state, label, when in PAGE_STEP.findall(page)]
    in_pack = [(state, label.strip(), when) for state, label, when in PACK_STEP.findall(pack)]

    reached = [timezone.localtime(project.created_at).isoformat()] + [
        timezone.localtime(t.moved_at).isoformat() for t in project.transitions.order_by("moved_at")
    ]
    assert len(on_page) == 9
    assert on_page == in_pack
    assert [state for state, _label, _when in on_page] == ["done"] * 3 + ["current"] + ["ahead"] * 5
    assert [when for _state, _label, when in on_page] == reached + [""] * 5
    assert on_page[3][1] == "Prototype/forsøg"
