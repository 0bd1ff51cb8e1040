"""The follow-up text ("Opfølgning i drift"): a question asked again,
looking back, once the technology is in use. A field of the template
format beside the question's own text, which stays verbatim."""

import copy
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from method.vocabulary import Phase
from questionnaires.diff import compare_versions
from questionnaires.models import FOLLOWUP_PHASE, Question, TemplateVersion
from questionnaires.template_format import (
    build_version,
    export_version,
    import_document,
    read_standard_template,
)
from tests.factories import make_user

# The opgaveløsning questions and the unintended effects (issue 8).
ASKED_AGAIN = {
    "opgaveloesning.faglighed",
    "opgaveloesning.kollegiale-relationer",
    "opgaveloesning.arbejdsmiljoe",
    *(
        f"opgaveloesning.det-gode-arbejde.{mark}"
        for mark in (
            "realistisk",
            "anerkendt",
            "selvstaendigt",
            "meningsfyldt",
            "udviklende",
            "sundt-og-sikkert",
        )
    ),
    "opgaveloesning.forhold.driftssikkerhed",
    "opgaveloesning.forhold.graenseloeshed",
    "opgaveloesning.forhold.transparens",
    *(
        f"kerneopgave.utilsigtet.{effect}"
        for effect in (
            "virtuelle-moeder",
            "teknologi-i-relationen",
            "selvbetjening-uden-forklaring",
            "data-algoritmer-profilering",
            "overvaagning-kontrol",
            "persondata",
        )
    ),
}


@pytest.fixture
def standard(db):
    return TemplateVersion.objects.get(template__municipality__isnull=True, number=1)


def shipped_questions():
    return {
        q["key"]: q for s in read_standard_template(number=1)["sections"] for q in s["questions"]
    }


def test_the_standard_asks_the_opgaveloesning_and_unintended_effects_again(standard):
    followed_up = dict(
        standard.questions().exclude(followup_text="").values_list("key", "followup_text")
    )
    assert set(followed_up) == ASKED_AGAIN
    shipped = shipped_questions()
    for key, followup in followed_up.items():
        question = standard.questions().get(key=key)
        # Its own text is the shipped one, untouched; the follow-up is in the
        # past tense and asked where the prediction can be set beside it.
        assert question.text == shipped[key]["text"] != followup
        assert followup == shipped[key]["followup_text"]
        assert re.search(r"\b(har|er blevet)\b", followup), followup  # perfektum
        assert {Phase.IMPACT, FOLLOWUP_PHASE} <= set(question.phases), key


def test_the_follow_up_is_shown_only_in_drift(standard):
    question = standard.questions().get(key="opgaveloesning.forhold.driftssikkerhed")
    assert question.followup_in(Phase.OPERATION) == question.followup_text != ""
    for phase in (Phase.IDEA, Phase.IMPACT, Phase.DEVELOPMENT):
        assert question.followup_in(phase) == ""


def test_the_data_migration_leaves_a_reworded_question_alone(standard):
    migration = importlib.import_module("questionnaires.migrations.0006_standard_followup_texts")
    questions = standard.questions()
    questions.update(followup_text="")
    reworded = "opgaveloesning.faglighed"
    Question.objects.filter(pk=questions.get(key=reworded).pk).update(text="Noget andet?")

    migration.add_followup_texts(django_apps, None)
    migration.add_followup_texts(django_apps, None)  # again: nothing changes

    filled = set(questions.exclude(followup_text="").values_list("key", flat=True))
    assert filled == ASKED_AGAIN - {reworded}
    migration.remove_followup_texts(django_apps, None)
    assert not questions.exclude(followup_text="").exists()


def test_the_follow_up_travels_through_export_and_import(standard, municipality):
    exported = export_version(standard)
    imported = import_document(exported, municipality_id=municipality.pk)
    assert dict(
        imported.questions().exclude(followup_text="").values_list("key", "followup_text")
    ) == dict(standard.questions().exclude(followup_text="").values_list("key", "followup_text"))
    assert export_version(imported)["sections"] == exported["sections"]


def test_a_changed_follow_up_is_a_rewording_in_the_diff(standard, lead):
    document = copy.deepcopy(read_standard_template(number=1))
    key = "opgaveloesning.forhold.transparens"
    question = next(q for s in document["sections"] for q in s["questions"] if q["key"] == key)
    question["followup_text"] = "Transparens: Hvordan har de digitale spor været brugt?"
    newer = build_version(document)
    diff = compare_versions(standard, newer)
    (change,) = diff.reworded
    assert change.key == key and change.changed_fields == ("followup_text",)
    assert change.field("followup_text").label == "Opfølgning i drift"
    assert change.field("followup_text").new == question["followup_text"]


def test_hr_writes_a_follow_up_in_the_editor(login, municipality, standard):
    from questionnaires.editing import derive_template

    hr = make_user("hr", municipality, is_template_admin=True)
    draft = derive_template(standard, municipality, hr, "Fjordbys skabelon")
    question = draft.questions().get(key="kerneopgave.kvalitet")
    client = login(hr)
    edit = {
        "key": question.key,
        "text": question.text,
        "guidance": question.guidance,
        "followup_text": "Hvordan har teknologien bidraget til kvaliteten?",
        "kind": question.kind,
        "phases": question.phases,
        "required": "on",
        "choices_text": "",
    }
    response = client.post(reverse("question_edit", args=[draft.pk, question.pk]), edit)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.followup_text == "Hvordan har teknologien bidraget til kvaliteten?"
    assert question.text == edit["text"]
    page = client.get(reverse("template_version", args=[draft.pk])).content.decode()
    assert "Opfølgning i drift:" in page and edit["followup_text"] in page

    too_long = {**edit, "followup_text": "x" * 20_001}
    refused = client.post(reverse("question_edit", args=[draft.pk, question.pk]), too_long)
    assert refused.status_code == 400
