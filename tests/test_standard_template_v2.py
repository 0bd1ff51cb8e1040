"""Version 2 of the standard template: published in a fresh install, every
structured element of the publication in it (checked against the list in
tests/data/publication-elements.json, quoted from the seed), its guidance
with the source shown, and asked as dialogue rather than ticked."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.services import Submission, save_answer
from method.vocabulary import PHASE_DESCRIPTIONS, AffectedGroup, CoreQuestion, Phase, Side
from questionnaires.models import AnswerKind, TemplateVersion
from questionnaires.templatetags.questions import guidance

from .test_standard_template import SEED, normalise

ELEMENTS = Path(__file__).parent / "data" / "publication-elements.json"
PRINCIPLE_SECTIONS = (
    "kerneopgave-dataetik",
    "inddragelse-ti-principper",
    "kompetenceudvikling-principper",
)
MARKS = (
    "realistisk",
    "anerkendt",
    "selvstaendigt",
    "meningsfyldt",
    "udviklende",
    "sundt-og-sikkert",
)


def element_lists():
    return json.loads(ELEMENTS.read_text(encoding="utf-8"))["lists"]


@pytest.fixture
def v2(db):
    return TemplateVersion.objects.get(
        template__municipality__isnull=True, template__key="sammen-om-ny-teknologi", number=2
    )


def template_words(version) -> str:
    """Every text of the version a reader sees, joined and normalised."""
    parts = []
    for section in version.sections.all():
        parts += [section.title, section.intro, section.source]
        for question in section.questions.all():
            parts += [question.text, question.guidance, question.followup_text]
            parts += [choice["label"] for choice in question.choices]
    return normalise(" ".join(parts)).replace("\n- ", " ")


def test_a_fresh_install_publishes_version_2_with_a_change_note(v2, municipality):
    assert v2.status == TemplateVersion.Status.PUBLISHED
    assert "Version 2" in v2.change_note and "dialog" in v2.change_note
    version_1 = v2.template.versions.get(number=1)
    assert version_1.status == TemplateVersion.Status.PUBLISHED  # running assessments keep it
    assert TemplateVersion.objects.current_for(municipality) == v2


def test_new_projects_start_on_version_2(assessment, v2):
    assert assessment.template_version == v2


def test_every_element_of_the_publication_is_quoted_from_the_seed():
    seed = normalise(SEED.read_text(encoding="utf-8"))
    lists = element_lists()
    assert len(lists) >= 19
    for entry in lists:
        for element in entry["elements"]:
            assert element in seed, (entry["name"], element)


def test_the_template_carries_every_element_of_the_publication(v2):
    words = template_words(v2).lower()
    with translation.override("da"):
        phases = normalise(" ".join(str(text) for text in PHASE_DESCRIPTIONS.values()))
    for entry in element_lists():
        where = phases if entry["where"] == "vocabulary" else words
        for element in entry["elements"]:
            assert element.lower() in where.lower(), (entry["name"], element)


def test_the_items_issue_14_found_missing_are_there(v2):
    words = template_words(v2)
    for missing in (
        "udøve kontrol og tilsyn, behandle ansøgninger, udstede påbud",
        "med såkaldte prøvehandlinger eller prototyper",
        "der kræves en høj grad af kreativitet, innovation og løbende tilpasning",
        "Stil krav til højere ledelsesniveauer om rammer, ressourcer, frihedsgrader og opbakning",
    ):
        assert missing in words, missing
    assert set(PHASE_DESCRIPTIONS) == set(Phase)


def test_every_section_names_its_part_and_page_of_the_publication(v2):
    for section in v2.sections.all():
        assert re.match(r"Sammen om ny teknologi, [1-4]\. \w+, s\. \d+", section.source), (
            section.key
        )


def test_lists_in_guidance_are_shown_as_lists():
    html = str(guidance("Som minimum:\n- Den opgave\n- De gevinster <b>\n\nEt afsnit."))
    assert html == (
        "<p>Som minimum:</p><ul><li>Den opgave</li><li>De gevinster &lt;b&gt;</li></ul>"
        "<p>Et afsnit.</p>"
    )


def test_no_principle_item_is_answered_yes_or_no(v2):
    questions = list(v2.questions())
    assert not [q.key for q in questions if q.kind == AnswerKind.YES_NO]
    principles = [q for q in questions if q.section.key in PRINCIPLE_SECTIONS]
    assert len(principles) == 11 + 10 + 3  # ten data-ethics principles with GDPR, ten, three
    assert all(q.kind == AnswerKind.PRINCIPLE for q in principles)
    assert [label for _value, label in principles[0].value_choices()] == [
        "Slet ikke",
        "I nogen grad",
        "I høj grad",
        "Ikke relevant",
    ]
    assert all(q.text.startswith("Hvordan") for q in principles)


def test_each_mark_of_good_work_asks_advantages_and_disadvantages_apart(v2):
    for mark in MARKS:
        key = f"opgaveloesning.det-gode-arbejde.{mark}"
        advantages = v2.questions().get(key=f"{key}.fordele")
        disadvantages = v2.questions().get(key=f"{key}.ulemper")
        assert "mulige fordele" in advantages.text and "mulige ulemper" in disadvantages.text
        assert advantages.kind == disadvantages.kind == AnswerKind.TEXT
        assert advantages.guidance.startswith("Mulige fordele – digitalisering kan")
        assert disadvantages.guidance.startswith("Mulige ulemper – digitalisering kan")
        # The mark itself keeps its overall weighing (the pulse and the
        # predicted-vs-experienced page read it).
        assert v2.questions().get(key=key).kind == AnswerKind.SCALE


def test_each_unintended_effect_asks_for_whom_and_in_which_direction(v2):
    effects = v2.questions().filter(section__key="kerneopgave-utilsigtede-effekter")
    assert effects.count() == 6
    assert {q.kind for q in effects} == {AnswerKind.GROUP_EFFECT}
    assert [g.label for g in AffectedGroup] == ["Borgere", "Medarbejdere", "Pårørende", "Andre"]


def test_an_unintended_effect_records_for_whom_and_which_way(assessment, chair):
    question = assessment.questions().get(key="kerneopgave.utilsigtet.virtuelle-moeder")
    answer = save_answer(
        assessment,
        question,
        chair,
        Submission(value=["borgere:-1", "", "paaroerende:2", ""]),
        side=Side.MANAGEMENT,
    )
    answer.refresh_from_db()
    assert answer.value == {"borgere": -1, "paaroerende": 2}
    assert answer.display_value() == (
        "Borgere: Overvejende negativ (-1); Pårørende: Klart positiv (+2)"
    )


def test_slet_ikke_needs_a_short_text(assessment, chair):
    question = assessment.questions().get(key="kerneopgave.dataetik.privatliv")
    with pytest.raises(Exception, match="hvorfor projektet slet ikke"):
        save_answer(
            assessment, question, chair, Submission(value="slet_ikke"), side=Side.MANAGEMENT
        )
    answer = save_answer(
        assessment,
        question,
        chair,
        Submission(value="slet_ikke", text="Data deles med leverandøren"),
        side=Side.MANAGEMENT,
    )
    assert answer.value == "slet_ikke"


def test_the_joint_answer_needs_a_text_when_the_sides_differ(assessment, chair, member):
    question = assessment.questions().get(key="inddragelse.princip.klare-rammer")
    save_answer(assessment, question, chair, Submission(value="i_hoej_grad"), side=Side.MANAGEMENT)
    save_answer(assessment, question, member, Submission(value="i_nogen_grad"), side=Side.EMPLOYEES)
    joint = Submission(value="i_nogen_grad", status="delvist_enige")
    with pytest.raises(Exception, match="svarer forskelligt"):
        save_answer(assessment, question, chair, joint, joint=True)
    joint.text = "Rammerne er sat, men ikke fortalt til alle"
    assert save_answer(assessment, question, chair, joint, joint=True).version == 1


def test_the_joint_answer_needs_no_text_when_the_sides_agree(assessment, chair, member):
    question = assessment.questions().get(key="inddragelse.princip.klare-rammer")
    for author, side in ((chair, Side.MANAGEMENT), (member, Side.EMPLOYEES)):
        save_answer(assessment, question, author, Submission(value="i_hoej_grad"), side=side)
    joint = Submission(value="i_hoej_grad", status="enige")
    assert save_answer(assessment, question, chair, joint, joint=True).version == 1


def test_the_phase_descriptions_are_on_the_project_page_and_the_phase_tabs(
    login, project, assessment, chair
):
    client = login(chair)
    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    for phase in Phase:
        assert str(PHASE_DESCRIPTIONS[phase])[:60] in page
    assert "Teknologiprocessens typiske hovedfaser, s. 8" in page
    tab = client.get(
        reverse("assessment", args=[assessment.pk]) + "?fase=konsekvensvurdering"
    ).content.decode()
    assert str(PHASE_DESCRIPTIONS[Phase.IMPACT])[:60] in tab


def test_the_assessment_page_shows_lists_sources_and_the_new_kinds(login, assessment, chair):
    # The page shows one core question at a time: read all four.
    client = login(chair)
    url = reverse("assessment", args=[assessment.pk])
    page = "".join(
        client.get(f"{url}?fase=alle&del={core}").content.decode() for core in CoreQuestion
    )
    assert "<li>Den styringsmodel, der skal sikre" in page
    assert "Kilde: Sammen om ny teknologi, 1. Kerneopgave, s. 10–17" in page
    assert 'value="i_hoej_grad"' in page and "I høj grad" in page
    assert 'value="borgere:-2"' in page and "Pårørende" in page


def dialogue_of(content) -> list[dict]:
    """The pack's "where the sides differ" rows of its one project."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "dialogue" in node and isinstance(node["dialogue"], list):
                found.append(node["dialogue"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(content)
    (dialogue,) = found
    return dialogue


def test_the_pack_ranks_principles_and_effects_by_group_among_the_rest(
    meeting, project, assessment, chair, member
):
    from packs.content.meeting import build_pack_content

    questions = assessment.questions()
    scale = questions.get(key="opgaveloesning.forhold.driftssikkerhed")
    principle = questions.get(key="kerneopgave.dataetik.privatliv")
    effect = questions.get(key="kerneopgave.utilsigtet.virtuelle-moeder")
    answers = (
        (scale, "2", "-2", ""),  # a gap of 4
        (effect, ["borgere:2"], ["borgere:-1", "andre:1"], ""),  # 3, for borgere
        (principle, "i_hoej_grad", "slet_ikke", "Ingen databehandleraftale"),  # 2
    )
    for question, management, employees, why in answers:
        save_answer(assessment, question, chair, Submission(value=management), side=Side.MANAGEMENT)
        save_answer(
            assessment, question, member, Submission(value=employees, text=why), side=Side.EMPLOYEES
        )
    meeting.add_item(title="Faldsensorer", kind="droeftelse", project=project)
    dialogue = dialogue_of(build_pack_content(meeting))
    assert [(row["question"]["id"], row["divergence"]) for row in dialogue] == [
        (scale.id, 4.0),
        (effect.id, 3.0),
        (principle.id, 2.0),
    ]
    by_kind = {row["kind"]: row for row in dialogue}
    assert by_kind["group_effect"]["employees"]["groups"] == [("Borgere", -1.0), ("Andre", 1.0)]
    assert by_kind["principle"]["employees"]["legend"].startswith("1 = slet ikke")
    assert by_kind["principle"]["employees"]["answers"][0]["text"] == "Ingen databehandleraftale"
