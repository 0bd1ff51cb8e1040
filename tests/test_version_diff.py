"""Comparing two template versions question by question, by stable key."""

import copy

import pytest

from method.vocabulary import Phase
from questionnaires.diff import ChangeKind, SectionChangeKind, compare_versions
from questionnaires.models import AnswerKind, TemplateVersion
from questionnaires.template_format import build_version, read_standard_template

ADDED = "kerneopgave.ny-maaling"
REMOVED = "kerneopgave.businesscase.indsatser"  # in the middle of its section
REWORDED_TEXT = "opgaveloesning.faglighed"
REWORDED_GUIDANCE = "kompetenceudvikling.behov"
MOVED = "opgaveloesning.traek.formalisering"  # middle of "tre træk" → "det gode arbejde"
KIND_CHANGED = "kerneopgave.dataetik.privatliv"  # principle → scale


@pytest.fixture
def standard(db):
    """The standard template's current version, the shipped JSON's."""
    return TemplateVersion.objects.get(template__municipality__isnull=True, number=2)


def section(document, key):
    return next(s for s in document["sections"] if s["key"] == key)


def find(document, key):
    """(section, question) holding the question with `key`."""
    for s in document["sections"]:
        for q in s["questions"]:
            if q["key"] == key:
                return s, q
    raise KeyError(key)


def publish(document, user, **kwargs):
    version = build_version(document, **kwargs)
    version.publish(user)
    return version


def keys(changes):
    return [c.key for c in changes]


def test_compare_finds_exactly_the_changes_made(standard, lead, django_assert_num_queries):
    document = copy.deepcopy(read_standard_template())
    section(document, "kerneopgave-fem-spoergsmaal")["questions"].append(
        {
            "key": ADDED,
            "text": "Hvordan måler vi, om teknologien virker?",
            "kind": "text",
            "phases": ["drift"],
        }
    )
    owner, removed = find(document, REMOVED)
    owner["questions"].remove(removed)
    find(document, REWORDED_TEXT)[1]["text"] = "Hvordan påvirker teknologien fagligheden i dag?"
    find(document, REWORDED_GUIDANCE)[1]["guidance"] = "Ny vejledning om kompetencebehov."
    owner, moved = find(document, MOVED)
    owner["questions"].remove(moved)
    section(document, "opgaveloesning-det-gode-arbejde")["questions"].append(moved)
    find(document, KIND_CHANGED)[1]["kind"] = "scale"
    v2 = publish(document, lead)
    assert v2.number == 3 and v2.template_id == standard.template_id

    with django_assert_num_queries(2):
        diff = compare_versions(standard, v2)

    assert keys(diff.added) == [ADDED]
    assert diff.added[0].new.text == "Hvordan måler vi, om teknologien virker?"
    assert diff.added[0].old is None
    assert keys(diff.removed) == [REMOVED]
    assert diff.removed[0].new is None and diff.removed[0].old.key == REMOVED

    assert keys(diff.reworded) == [REWORDED_TEXT, REWORDED_GUIDANCE]
    text_change, guidance_change = diff.reworded
    assert text_change.text_changed and not text_change.guidance_changed
    assert text_change.field("text").new == "Hvordan påvirker teknologien fagligheden i dag?"
    assert text_change.field("text").old == text_change.old.text
    assert guidance_change.guidance_changed and not guidance_change.text_changed
    assert guidance_change.field("guidance").new == "Ny vejledning om kompetencebehov."

    # Only the moved question counts as moved: not its old neighbours, nor
    # the businesscase questions after the removed one.
    assert keys(diff.moved) == [MOVED]
    (move,) = diff.moved
    assert move.section_changed and not move.position_changed
    assert move.field("section").old == "Standardisering, formalisering og medialisering"
    assert move.field("section").new == "Digitalisering og det gode arbejde"

    assert keys(diff.kind_changed) == [KIND_CHANGED]
    kind = diff.kind_changed[0].field("kind")
    assert (kind.old, kind.new) == (str(AnswerKind.PRINCIPLE.label), str(AnswerKind.SCALE.label))

    assert diff.other == ()
    assert diff.section_changes == ()
    assert diff.has_changes

    assert diff.counts() == {
        "added": 1,
        "removed": 1,
        "reworded": 2,
        "moved": 1,
        "kind_changed": 1,
        "other": 0,
        "sections_added": 0,
        "sections_removed": 0,
        "sections_renamed": 0,
        "sections_moved": 0,
        "sections_changed": 0,
    }
    changed = {ADDED, REMOVED, REWORDED_TEXT, REWORDED_GUIDANCE, MOVED, KIND_CHANGED}
    assert set(diff.unchanged_keys) == set(diff.old_questions) - changed
    # Labels the template layer shows, in Danish.
    assert [g["label"] for g in diff.groups()] == [
        "Nyt spørgsmål",
        "Fjernet spørgsmål",
        "Omformuleret",
        "Flyttet",
        "Ny svartype",
    ]
    assert text_change.label == "Omformuleret"
    assert text_change.field("text").label == "Spørgsmålstekst"


def test_reorder_other_changes_and_sections(standard, lead):
    document = copy.deepcopy(read_standard_template())
    # Swap two neighbours: one of them has moved, not the whole section.
    questions = section(document, "opgaveloesning-det-gode-arbejde")["questions"]
    questions[1], questions[2] = questions[2], questions[1]
    swapped = {questions[1]["key"], questions[2]["key"]}
    find(document, "kerneopgave.businesscase.gevinster")[1]["required"] = True
    find(document, "inddragelse.plan")[1]["phases"] = ["drift"]
    niveau = find(document, "inddragelse.niveau")[1]
    niveau["choices"] = niveau["choices"] + [{"key": "selvstyre", "label": "Selvstyre"}]
    section(document, "kerneopgave-businesscase")["title"] = "Businesscase"
    principles = section(document, "kompetenceudvikling-principper")
    removed_keys = [q["key"] for q in principles["questions"]]
    document["sections"].remove(principles)
    document["sections"].append(
        {
            "key": "lokale-forhold",
            "core_question": "inddragelse",
            "title": "Lokale forhold",
            "questions": [
                {"key": "lokale-forhold.aftaler", "text": "Lokale aftaler?", "kind": "text"}
                | {"phases": ["udvikling"]}
            ],
        }
    )
    diff = compare_versions(standard, publish(document, lead))

    assert len(diff.moved) == 1 and diff.moved[0].key in swapped
    assert diff.moved[0].position_changed and not diff.moved[0].section_changed
    assert diff.moved[0].field("order").old != diff.moved[0].field("order").new

    other = {c.key: c for c in diff.other}
    assert set(other) == {
        "kerneopgave.businesscase.gevinster",
        "inddragelse.plan",
        "inddragelse.niveau",
    }
    assert other["kerneopgave.businesscase.gevinster"].changed_fields == ("required",)
    assert other["kerneopgave.businesscase.gevinster"].field("required").new == "Ja"
    assert other["inddragelse.plan"].changed_fields == ("phases",)
    assert other["inddragelse.plan"].field("phases").new == str(Phase.OPERATION.label)
    assert other["inddragelse.niveau"].field("choices").new.endswith("Selvstyre")

    assert keys(diff.sections_renamed) == ["kerneopgave-businesscase"]
    assert diff.sections_renamed[0].field("title").new == "Businesscase"
    assert diff.sections_renamed[0].label == str(SectionChangeKind.RENAMED.label)
    assert keys(diff.sections_removed) == ["kompetenceudvikling-principper"]
    assert keys(diff.sections_added) == ["lokale-forhold"]
    assert diff.sections_moved == ()  # the others only closed ranks
    assert keys(diff.removed) == removed_keys
    assert keys(diff.added) == ["lokale-forhold.aftaler"]
    assert diff.reworded == () and diff.kind_changed == ()
    assert {c.change for c in diff.question_changes} == {
        ChangeKind.ADDED,
        ChangeKind.REMOVED,
        ChangeKind.MOVED,
        ChangeKind.OTHER,
    }


def test_unchanged_copy_and_derived_template_have_no_changes(standard, lead, municipality):
    same = publish(read_standard_template(), lead)
    diff = compare_versions(standard, same)
    assert not diff.has_changes
    assert list(diff.unchanged_keys) == list(diff.new_questions) == list(diff.old_questions)

    # A municipality's own template derived from the standard: matched by key.
    derived = copy.deepcopy(read_standard_template())
    derived["key"] = "fjordby-teknologi"
    derived["name"] = "Fjordbys skabelon"
    own = publish(derived, lead, municipality_id=municipality.id)
    assert own.template_id != standard.template_id
    assert not compare_versions(standard, own).has_changes
