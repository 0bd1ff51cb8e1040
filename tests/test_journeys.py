"""One journey per role (issue 13.5), in a real Chromium against the live
server, the pack rendered by a real Celery worker: a committee member works
through the assessment; the project lead writes a joint answer, moves the
project on past the reason prompt, puts it on the agenda, makes the pack
and downloads it; an HR admin edits and publishes a template version and
the lead moves the assessment to it; someone from another municipality is
refused. Each journey saves screenshots in its test folder; with
UPDATE_SCREENSHOTS=1 the main pages' also go to docs/screenshots/ (shown
in the README)."""

import os
import re
from pathlib import Path

import pytest
from PIL import Image

from method.vocabulary import CoreQuestion, Phase
from packs.models import DialoguePack
from projects.models import Project
from questionnaires.models import AnswerKind, TemplateVersion

from .browser import expect
from .factories import make_user
from .processes import MARKS, PACK_TIMEOUT
from .test_browser import (  # noqa: F401 - fixtures
    SAVED,
    assert_accessible,
    assert_not_reloaded,
    console_errors,
    log_in,
    mark_page,
    page,
    requests_made,
)
from .test_worker import queue, services, start_worker  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, *MARKS]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SCREEN = {"width": 1100, "height": 760}


@pytest.fixture
def shots(tmp_path, console_errors):  # noqa: F811
    """shots(page, name, main=False): a screenshot of what the page shows."""

    def take(page, name, *, main=False):
        path = tmp_path / f"{name}.png"
        page.set_viewport_size(SCREEN)
        before = len(console_errors)
        page.screenshot(path=path, caret="initial")
        # Playwright styles the page while it takes the picture, which the
        # Content-Security-Policy reports; that is not the page's doing.
        console_errors[before:] = [
            e for e in console_errors[before:] if "style" not in e and "CSP" not in e
        ]
        assert path.stat().st_size > 2_000, f"{name}: an empty screenshot"
        if main and os.environ.get("UPDATE_SCREENSHOTS"):
            SCREENSHOTS.mkdir(exist_ok=True)
            kept = SCREENSHOTS / f"{name}.png"
            page.screenshot(path=kept, caret="initial")
            # 128 colours are plenty for a page of text, at a third of the size.
            Image.open(kept).quantize(colors=128).save(kept, optimize=True)
            console_errors[before:] = [
                e for e in console_errors[before:] if "style" not in e and "CSP" not in e
            ]
        return path

    return take


def first_required(assessment, core, phase):
    return next(
        q
        for q in assessment.questions()
        if q.section.core_question == core and q.required and q.applies_in(phase)
    )


def test_a_member_answers_across_the_core_questions_comments_and_compares(
    page, member, chair, assessment, shots, console_errors
):
    project = assessment.project
    required = len(assessment.required_questions(project.phase))
    log_in(page, member)
    page.get_by_role("link", name=project.title).first.click()
    shots(page, "projekt", main=True)
    page.get_by_role("link", name="Åbn vurderingen").click()
    expect(page.get_by_role("heading", name="Det mangler i idéudvikling")).to_be_visible()
    nav = page.get_by_role("navigation", name="Vurderingens dele")
    expect(nav).to_contain_text(f"0 af {required} påkrævede")
    shots(page, "vurdering-det-mangler", main=True)
    mark_page(page)

    answers = {}
    for number, core in enumerate(CoreQuestion, start=1):
        nav.get_by_role("link", name=f"{number}. {core.label}").click()
        expect(page.locator(f"#core-{core.value}")).to_be_focused()
        question = first_required(assessment, core, project.phase)
        assert question.kind == AnswerKind.TEXT
        answers[question.pk] = f"Medlemmets svar om {core.label.lower()}: æøå."
        page.locator(f"#text-o{question.pk}").fill(answers[question.pk])
        expect(page.locator(f"#state-o{question.pk}")).to_have_text(SAVED)
        expect(nav).to_contain_text(f"{number} af {required} påkrævede")  # without a reload
        if number == 1:  # the section's own counter, too
            expect(page.locator(".section-meta").first).to_contain_text("Dine: 1 af")
            shots(page, "vurdering-kerneopgave", main=True)
    assert_not_reloaded(page)

    # Autosave survives a reload; the part stays the one last opened.
    page.reload()
    last = list(answers)[-1]
    expect(page.locator(f"#text-o{last}")).to_have_value(answers[last])

    # A comment in the discussion of the last question.
    page.get_by_role("link", name=re.compile(r"^Drøftelse")).first.click()
    page.get_by_label("Ny kommentar").fill("Hvordan går det med nattevagten?")
    page.get_by_role("button", name="Tilføj kommentar").click()
    expect(page.get_by_text("Hvordan går det med nattevagten?")).to_be_visible()

    page.get_by_role(
        "link", name="Se ledelsessidens og medarbejdersidens svar side om side"
    ).click()
    # It opens on what to talk about; the answer is under its core question.
    expect(page.get_by_role("heading", name="Til drøftelse")).to_be_visible()
    mark_page(page)
    last_core = list(CoreQuestion)[-1]
    parts = page.get_by_role("navigation", name="Sammenligningens dele")
    parts.get_by_role("link", name=f"{len(CoreQuestion)}. {last_core.label}").click()
    expect(page.locator("#part-heading")).to_be_focused()
    expect(page.get_by_text(answers[last])).to_be_visible()
    assert_not_reloaded(page)
    shots(page, "sammenligning", main=True)
    assert console_errors == []


def test_the_lead_answers_jointly_moves_the_project_on_and_makes_the_pack(
    page, lead, member, assessment, meeting, shots, start_worker, console_errors
):
    worker = start_worker()
    project = assessment.project
    question = first_required(assessment, CoreQuestion.CORE_TASK, project.phase)
    log_in(page, lead)
    shots(page, "overblik", main=True)

    # The joint answer, with its status.
    page.goto(f"/vurderinger/{assessment.pk}/")
    expect(page.get_by_text("Påkrævede spørgsmål uden udvalgets fælles svar")).to_be_visible()
    page.get_by_role("navigation", name="Vurderingens dele").get_by_role(
        "link", name="1. Kerneopgave"
    ).click()
    page.locator(f"#text-j{question.pk}").fill("Udvalget er enigt: tryg nattesøvn.")
    page.locator(f"#status-{question.pk}").select_option(label="Enige")
    expect(page.locator(f"#state-j{question.pk}")).to_have_text(SAVED)
    shots(page, "vurdering-faelles-svar")

    # Moving on: leaving the phase with required joint answers missing asks why.
    page.goto(f"/projekter/{project.pk}/")
    for _step in range(8):
        reason = page.get_by_label("Begrundelse for at gå videre uden alle påkrævede svar")
        if reason.count():
            break
        page.get_by_role("button", name="Flyt projektet videre").click()
        page.wait_for_load_state()
    else:
        pytest.fail("the project left idéudvikling without asking why")
    # ... and, with no committee decision on the project yet, why it goes on
    # without one, and the new phase's involvement level.
    move_form = page.locator("form", has=page.get_by_role("button", name="Flyt projektet videre"))
    override = move_form.get_by_label("Begrundelse for at gå videre uden MED-udvalgets drøftelse")
    shots(page, "projekt-begrundelse")
    reason.fill("Udvalget vil se leverandørens tilbud, før resten besvares.")
    override.fill("Lokal-MED drøfter konsekvensvurderingen på næste møde.")
    move_form.locator("input[name=involvement]").first.check()
    page.get_by_role("button", name="Flyt projektet videre").click()
    expect(page.get_by_text("Begrundelse: Udvalget vil se leverandørens tilbud")).to_be_visible()
    project.refresh_from_db()
    assert project.phase == Phase.IMPACT

    # On the agenda, then the pack: rendered by the worker, downloaded.
    page.goto(f"/moeder/{meeting.pk}/")
    # The new item's form comes when opened (it lists every project).
    page.locator("#nyt-punkt summary").click()
    form = page.locator("form", has_text="Nyt punkt på dagsordenen")
    form.get_by_label("Overskrift").fill("Skærmbesøg: konsekvensvurdering")
    form.locator("select[name=kind]").select_option(index=1)
    form.get_by_label("Teknologiprojekt").select_option(label=project.title)
    form.get_by_role("button", name="Tilføj punkt").click()
    expect(page.locator("#agenda")).to_contain_text("Skærmbesøg: konsekvensvurdering")
    # The item's minutes forms come when opened (they list every person).
    item = page.locator(".agenda-item", has_text="Skærmbesøg: konsekvensvurdering")
    item.get_by_text("Referat og opfølgning").click()
    follow_up = item.locator("form", has_text="Ny opfølgning")
    follow_up.get_by_label("Hvad").fill("Aftal oplæring med leverandøren")
    follow_up.get_by_label("Ansvarlig").select_option(label=str(lead))
    follow_up.get_by_role("button", name="Tilføj opfølgning").click()
    expect(item.locator("table")).to_contain_text("Aftal oplæring med leverandøren")
    worker.wait_ready()
    page.get_by_role("button", name="Lav mødemateriale").click()
    download_link = page.get_by_role("link", name=re.compile(r"^Hent PDF"))
    expect(download_link).to_be_visible(timeout=PACK_TIMEOUT * 1000)
    shots(page, "moede", main=True)
    with page.expect_download() as download:
        download_link.click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert DialoguePack.objects.get(meeting=meeting).status == "klar"
    assert console_errors == []


def test_hr_publishes_a_version_and_the_lead_moves_the_assessment_to_it(
    page, municipality, lead, assessment, shots, console_errors
):
    hr = make_user("hr", municipality, is_template_admin=True)
    standard = TemplateVersion.objects.filter(template__municipality__isnull=True).latest("number")
    log_in(page, hr)
    page.goto(f"/skabeloner/versioner/{standard.pk}/")
    page.get_by_label("Navn på kommunens skabelon").fill("Fjordbys skabelon")
    page.get_by_role("button", name="Opret kladde").click()
    expect(page.get_by_role("heading", name=re.compile("Fjordbys skabelon"))).to_be_visible()
    page.get_by_role("link", name="Redigér kerneopgave.vaerdi").click()
    page.locator("#id_text").fill("Hvilken værdi skaber teknologien for borgerne?")
    page.get_by_role("button", name="Gem spørgsmålet").click()
    expect(page.get_by_text("Spørgsmålet er gemt.")).to_be_visible()
    shots(page, "skabeloneditor", main=True)
    assert_accessible(page)
    page.get_by_label("Ændringsnote").fill("Værdispørgsmålet handler om borgerne")
    page.get_by_role("button", name="Udgiv version 1").click()
    expect(page.get_by_text("Version 1 er udgivet.")).to_be_visible()

    log_in(page, lead)
    page.goto(f"/vurderinger/{assessment.pk}/")
    page.get_by_role("link", name=re.compile("Der er en nyere skabelonversion")).click()
    shots(page, "flyt-vurdering")
    page.get_by_role("button", name="Flyt vurderingen til version 1").click()
    expect(page.get_by_text(re.compile(r"flyttet fra version \d+ til 1"))).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.template_version.template.name == "Fjordbys skabelon"
    assert console_errors == []


def test_someone_from_another_municipality_is_refused(page, outsider, assessment, shots):
    project = assessment.project
    log_in(page, outsider)
    expect(page.get_by_text(project.title)).to_have_count(0)
    for url in (
        f"/projekter/{project.pk}/",
        f"/vurderinger/{assessment.pk}/",
        f"/vurderinger/{assessment.pk}/sammenligning/",
    ):
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", name="Siden findes ikke")).to_be_visible()
        expect(page.get_by_text(project.title)).to_have_count(0)
    shots(page, "afvist")
    assert Project.objects.filter(municipality=outsider.municipality).count() == 0
