"""The shipped standard template carries the publication faithfully."""

import os
import re
from pathlib import Path

import pytest

from method.vocabulary import CoreQuestion
from questionnaires.models import AnswerKind, Question, TemplateVersion

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "sammen-om-ny-teknologi.txt"


def normalise(text: str) -> str:
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # undo the PDF's line-end hyphenation
    return re.sub(r"\s+", " ", text).strip()


def five_question_boxes(seed: str) -> dict[str, list[str]]:
    """The twenty questions as printed in the four "Fem spørgsmål om …" boxes."""
    boxes = {}
    for topic in ("kerneopgave", "opgaveløsning", "kompetenceudvikling", "inddragelse"):
        start = re.search(rf"Fem spørgsmål om\s+teknologi og\s*{topic}", seed).end()
        chunk = seed[start : start + 1500]
        parts = re.split(r"\n\s*([1-5]) ", "\n" + chunk)
        questions = [normalise(parts[i + 1]) for i in range(1, len(parts) - 1, 2)][:5]
        boxes[topic] = questions
    return boxes


@pytest.fixture(params=[1, 2], ids=["version-1", "version-2"])
def standard(db, request):
    """Both shipped versions carry the publication faithfully."""
    return TemplateVersion.objects.get(template__municipality__isnull=True, number=request.param)


def test_standard_template_is_published(standard):
    assert standard.status == TemplateVersion.Status.PUBLISHED
    assert "Sammen om ny teknologi" in standard.template.source


# The seed lies beside the repository (../shared); CI always has it.
needs_seed = pytest.mark.skipif(
    not SEED.exists() and not os.environ.get("CI"),
    reason="the seed text lies beside the repository",
)


@needs_seed
def test_twenty_core_questions_are_quoted_verbatim(standard):
    seed = normalise(SEED.read_text(encoding="utf-8"))
    first_sections = {}
    for section in standard.sections.order_by("order"):
        first_sections.setdefault(section.core_question, section)
    texts = []
    for core in CoreQuestion:
        section = first_sections[core]
        assert section.title.startswith("Fem spørgsmål om teknologi og")
        questions = list(section.questions.order_by("order"))
        assert len(questions) == 5
        assert all(q.required and q.kind == AnswerKind.TEXT for q in questions)
        texts += [q.text for q in questions]
    assert len(set(texts)) == 20
    for text in texts:
        assert text in seed, text


@needs_seed
def test_core_questions_match_the_boxes_in_order(standard):
    boxes = five_question_boxes(SEED.read_text(encoding="utf-8"))
    stored = [
        q.text
        for q in Question.objects.filter(
            section__version=standard, section__key__endswith="fem-spoergsmaal"
        ).order_by("section__order", "order")
    ]
    expected = [q for topic in boxes.values() for q in topic]
    assert [s[:40] for s in stored] == [e[:40] for e in expected]


def test_supplements_are_present_with_their_answer_kinds(standard):
    questions = list(Question.objects.filter(section__version=standard))
    by_kind = {kind: [q for q in questions if q.kind == kind] for kind in AnswerKind.values}
    texts = " ".join(q.text + " " + q.section.title for q in questions)
    for principle in (
        "Velfærd",
        "Værdighed",
        "Privatliv",
        "Selvbestemmelse",
        "Lighed",
        "Frihed",
        "Retssikkerhed",
        "Gennemsigtighed",
        "Sikkerhed",
        "Ansvarlighed",
    ):
        assert principle.lower() in texts.lower(), principle
    for mark in (
        "Realistisk",
        "Anerkendt",
        "Selvstændigt",
        "Meningsfyldt",
        "Udviklende",
        "Sundt & sikkert",
    ):
        assert mark.lower() in texts.lower(), mark
    for word in (
        "standardisering",
        "formalisering",
        "medialisering",
        "driftssikkerhed",
        "grænseløshed",
        "transparens",
    ):
        assert word in texts.lower(), word
    assert len(by_kind[AnswerKind.COMPETENCE]) == 12
    involvement = [q for q in by_kind[AnswerKind.SINGLE_CHOICE] if q.key == "inddragelse.niveau"]
    assert [c["key"] for c in involvement[0].choices] == [
        "information",
        "medindflydelse",
        "medbestemmelse",
    ]


GENUINE_HYPHENATED = {"MED-udvalg", "MED-udvalget", "hands-on", "it-system", "prøven-sig-frem"}


def test_no_hyphenation_debris_from_the_pdf(standard):
    for q in Question.objects.filter(section__version=standard):
        for text in (q.text, q.guidance, q.section.title, q.section.intro):
            # "kerneop-gave" or "kerneop- gave" is debris; "data- og …" is Danish.
            words = set(re.findall(r"\w+-\w+(?:-\w+)*", text))
            assert words <= GENUINE_HYPHENATED, (words - GENUINE_HYPHENATED, text)
            assert not re.search(r"\w- (?!og |eller )\w", text), text


def test_every_question_applies_in_at_least_one_phase(standard):
    from method.vocabulary import Phase

    for q in Question.objects.filter(section__version=standard):
        assert q.phases and set(q.phases) <= set(Phase.values), q.key
