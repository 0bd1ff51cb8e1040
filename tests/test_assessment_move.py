"""Moving a running assessment to a newer template version: every answer is
accounted for, carried over by key or archived with a Danish note, nothing
is deleted, and the move is recorded."""

import copy

import pytest

from assessments.models import Answer, AnswerRevision, AssessmentVersionChange
from assessments.services import Submission, add_comment, save_answer
from assessments.versioning import MoveOutcome, move_assessment, plan_move
from method.vocabulary import Side
from questionnaires.models import AnswerKind, Question, TemplateVersion
from questionnaires.template_format import build_version, read_standard_template

from .factories import make_project, make_user

ADDED = "kerneopgave.ny-maaling"
REMOVED = "kerneopgave.businesscase.indsatser"
REWORDED = "opgaveloesning.faglighed"
KIND_CHANGED = "kerneopgave.dataetik.privatliv"  # principle → scale: a step cannot carry over
TEXT_TO_YES_NO = "kerneopgave.businesscase.opgave-problem"  # text only: carries over
CHOICE_DROPPED = "inddragelse.niveau"  # the option "information" is gone

VALUES = {
    AnswerKind.SCALE: "1",
    AnswerKind.COMPETENCE: "kunne",
    AnswerKind.YES_NO: "ja",
    AnswerKind.PRINCIPLE: "i_hoej_grad",
    AnswerKind.GROUP_EFFECT: ["borgere:1", "medarbejdere:-1"],
    AnswerKind.TEXT: None,
}


def raw_value(question):
    if question.kind == AnswerKind.SINGLE_CHOICE:
        return question.choices[0]["key"]
    if question.kind == AnswerKind.MULTIPLE_CHOICE:
        return [question.choices[0]["key"]]
    return VALUES[question.kind]


def find(document, key):
    for section in document["sections"]:
        for question in section["questions"]:
            if question["key"] == key:
                return section, question
    raise KeyError(key)


def publish(document, user, **kwargs):
    version = build_version(document, **kwargs)
    version.publish(user)
    return version


def version_2_document():
    document = copy.deepcopy(read_standard_template())
    find(document, "kerneopgave.vaerdi")[0]["questions"].append(
        {"key": ADDED, "text": "Hvordan måler vi effekten?", "kind": "text", "phases": ["drift"]}
    )
    section, removed = find(document, REMOVED)
    section["questions"].remove(removed)
    find(document, REWORDED)[1]["text"] = "Hvordan påvirker teknologien fagligheden nu?"
    find(document, KIND_CHANGED)[1]["kind"] = "scale"
    find(document, TEXT_TO_YES_NO)[1]["kind"] = "yes_no"
    niveau = find(document, CHOICE_DROPPED)[1]
    niveau["choices"] = [c for c in niveau["choices"] if c["key"] != "information"]
    return document


@pytest.fixture
def v1(assessment):
    return assessment.template_version


@pytest.fixture
def v2(v1, lead):
    return publish(version_2_document(), lead)


@pytest.fixture
def answered(assessment, chair, member):
    """Every question answered by a management member, an employee member,
    and jointly; each with its own text."""
    for question in assessment.questions():
        for author, side in ((chair, Side.MANAGEMENT), (member, Side.EMPLOYEES)):
            save_answer(
                assessment,
                question,
                author,
                Submission(value=raw_value(question), text=f"{author.username} om {question.key}"),
                side=side,
            )
        save_answer(
            assessment,
            question,
            chair,
            Submission(value=raw_value(question), text=f"fælles om {question.key}", status="enige"),
            joint=True,
        )
    return assessment


def question_in(version, key):
    return Question.objects.get(section__version=version, key=key)


def snapshot(assessment):
    return {
        a.pk: (a.question.key, a.respondent_id, a.side, a.value, a.text, a.status, a.version)
        for a in Answer.objects.filter(assessment=assessment).select_related("question")
    }


def test_move_accounts_for_every_answer(
    answered, v1, v2, lead, member, chair, django_assert_max_num_queries
):
    assessment = answered
    question_count = v1.questions().count()
    before = snapshot(assessment)
    assert len(before) == 3 * question_count
    revisions_before = AnswerRevision.objects.count()
    assert revisions_before == len(before)
    kept_comment = add_comment(assessment, question_in(v1, REMOVED), member, "Udgår den?")
    moved_comment = add_comment(assessment, question_in(v1, REWORDED), chair, "Uklar tekst")

    plan = plan_move(assessment, v2)
    with django_assert_max_num_queries(30):  # fixed, however many answers
        change = move_assessment(assessment, v2, lead)

    # Nothing deleted, nothing rewritten.
    after = snapshot(assessment)
    assert after == before
    assert AnswerRevision.objects.count() == revisions_before
    answers = Answer.objects.filter(assessment=assessment).select_related("question__section")
    carried = [a for a in answers if not a.is_archived]
    archived = [a for a in answers if a.is_archived]
    assert len(carried) + len(archived) == len(before)
    assert Answer.objects.current().filter(assessment=assessment).count() == len(carried)
    assert Answer.objects.archived().filter(assessment=assessment).count() == len(archived)

    # Carried answers now belong to version 2's question with the same key;
    # archived ones stay on version 1's question.
    assert all(a.question.section.version_id == v2.pk for a in carried)
    assert all(a.question.section.version_id == v1.pk for a in archived)
    assert all(a.archived_note == "" for a in carried)
    archived_keys = {a.question.key for a in archived}
    assert archived_keys == {REMOVED, KIND_CHANGED, CHOICE_DROPPED}
    assert len(archived) == 9  # three answers (two members and the joint) per key
    assert TEXT_TO_YES_NO in {a.question.key for a in carried}
    assert REWORDED in {a.question.key for a in carried}
    for answer in archived:
        assert answer.archived_at is not None
        assert answer.revisions.count() == 1
    notes = {a.question.key: a.archived_note for a in archived}
    assert (
        notes[REMOVED].startswith("Spørgsmålet “") and "findes ikke i version 3" in notes[REMOVED]
    )
    assert notes[KIND_CHANGED] == (
        "Svartypen er ændret fra “Princip (slet ikke … i høj grad, ikke relevant)” til "
        "“Effektskala (−2 til +2)” i version 3; svaret “I høj grad” er bevaret som arkiveret svar."
    )
    assert "Svarmuligheden “Information” findes ikke længere i version 3" in notes[CHOICE_DROPPED]

    # The new question starts empty; the revisions followed their answers.
    assert not Answer.objects.filter(question=question_in(v2, ADDED)).exists()
    reworded_joint = Answer.objects.joint().get(question=question_in(v2, REWORDED))
    assert reworded_joint.revisions.get().text == f"fælles om {REWORDED}"

    # Comments follow their question; a removed question keeps its own.
    kept_comment.refresh_from_db()
    moved_comment.refresh_from_db()
    assert kept_comment.question == question_in(v1, REMOVED)
    assert moved_comment.question == question_in(v2, REWORDED)

    # The assessment is on version 2 and the move is recorded.
    assessment.refresh_from_db()
    assert assessment.template_version == v2
    change.refresh_from_db()
    assert (change.from_version, change.to_version, change.moved_by) == (v1, v2, lead)
    counts = change.summary["counts"]
    assert counts["answers"] == len(before)
    assert counts["carried"] == len(carried) == len(before) - 9
    assert counts["archived"] == 9
    assert counts["archived_question_removed"] == 3
    assert counts["archived_kind_changed"] == 3
    assert counts["archived_choice_gone"] == 3
    assert counts["new_questions"] == 1
    assert counts["comments_moved"] == 1 and counts["comments_kept"] == 1
    assert change.summary["new_keys"] == [ADDED]
    assert change.summary["archived_keys"] == sorted(archived_keys)
    assert set(change.summary["carried_keys"]) == {a.question.key for a in carried}
    assert list(assessment.version_changes.all()) == [change]

    # The preview showed exactly what happened.
    assert plan.summary() == change.summary
    assert {m.answer.pk for m in plan.carried} == {a.pk for a in carried}
    assert {m.answer.pk: m.outcome for m in plan.archived} == {
        a.pk: {
            REMOVED: MoveOutcome.QUESTION_REMOVED,
            KIND_CHANGED: MoveOutcome.KIND_CHANGED,
            CHOICE_DROPPED: MoveOutcome.CHOICE_GONE,
        }[a.question.key]
        for a in archived
    }
    assert {m.answer.pk: m.note for m in plan.archived} == {a.pk: a.archived_note for a in archived}
    assert [q.key for q in plan.new_questions] == [ADDED]
    assert {q.key for q in plan.restarted_questions} == {KIND_CHANGED, CHOICE_DROPPED}
    assert [c.key for c in plan.diff.removed] == [REMOVED]

    # Answering goes on in version 2; the unique constraints hold.
    new_question = question_in(v2, KIND_CHANGED)
    save_answer(assessment, new_question, member, Submission(value="2"), side=Side.EMPLOYEES)
    joint = Answer.objects.current().joint().get(assessment=assessment, question__key=REWORDED)
    save_answer(
        assessment,
        joint.question,
        chair,
        Submission(text="Ny fælles tekst", status="enige", base_version=joint.version),
        joint=True,
    )
    assert Answer.objects.current().joint().get(pk=joint.pk).version == 2
    assert Answer.objects.filter(assessment=assessment, question__key=KIND_CHANGED).count() == 4


def test_refuses_draft_retired_older_and_foreign_targets(
    assessment, v1, v2, lead, other_municipality
):
    draft = build_version(version_2_document())
    with pytest.raises(ValueError, match="kladde"):
        plan_move(assessment, draft)
    retired = publish(version_2_document(), lead)
    retired.retire(lead)
    with pytest.raises(ValueError, match="udgået"):
        move_assessment(assessment, retired, lead)
    with pytest.raises(ValueError, match="allerede"):
        plan_move(assessment, v1)
    foreign_document = copy.deepcopy(read_standard_template())
    foreign_document["key"] = "nabo-skabelon"
    foreign = publish(foreign_document, lead, municipality_id=other_municipality.id)
    with pytest.raises(ValueError, match="kommunens aktuelle version"):
        move_assessment(assessment, foreign, lead)

    move_assessment(assessment, v2, lead)
    with pytest.raises(ValueError, match="kommunens aktuelle version"):
        move_assessment(assessment, v1, lead)  # back to an older version
    assessment.refresh_from_db()
    assert assessment.template_version == v2
    assert AssessmentVersionChange.objects.count() == 1


def test_repeated_move_is_a_no_op(answered, v1, v2, lead):
    stale = type(answered).objects.get(pk=answered.pk)  # a second form, loaded before the move
    first = move_assessment(answered, v2, lead)
    state = snapshot(answered)
    archived_at = dict(Answer.objects.archived().values_list("pk", "archived_at"))

    assert move_assessment(stale, v2, lead) == first
    assert move_assessment(answered, v2, lead) == first
    assert stale.template_version == v2
    assert AssessmentVersionChange.objects.count() == 1
    assert snapshot(answered) == state
    assert dict(Answer.objects.archived().values_list("pk", "archived_at")) == archived_at


def test_assessment_started_on_a_version_returns_none_when_moved_there(assessment, v1, lead):
    assert move_assessment(assessment, v1, lead) is None
    assert not AssessmentVersionChange.objects.exists()


def test_move_to_the_municipality_own_derived_template(assessment, v1, lead, chair, municipality):
    key = "kerneopgave.dataetik.gdpr"
    save_answer(
        assessment,
        question_in(v1, key),
        chair,
        Submission(value="slet_ikke", text="Mangler aftale"),
        side=Side.MANAGEMENT,
    )
    gone = "kerneopgave.dataetik.frihed"
    save_answer(
        assessment,
        question_in(v1, gone),
        chair,
        Submission(value="i_hoej_grad"),
        side=Side.MANAGEMENT,
    )
    derived = copy.deepcopy(read_standard_template())
    derived["key"] = "fjordby-teknologi"
    derived["name"] = "Fjordbys skabelon"
    section, question = find(derived, gone)
    section["questions"].remove(question)
    own = publish(derived, lead, municipality_id=municipality.id)
    assert TemplateVersion.objects.current_for(municipality) == own

    plan = plan_move(assessment, own)
    # In template order: "frihed" comes before "gdpr".
    assert [(m.key, m.outcome) for m in plan.moves] == [
        (gone, MoveOutcome.QUESTION_REMOVED),
        (key, MoveOutcome.CARRIED),
    ]
    change = move_assessment(assessment, own, lead)
    assert change.to_version == own
    carried = Answer.objects.current().get(assessment=assessment)
    assert carried.question == question_in(own, key) and carried.text == "Mangler aftale"
    archived = Answer.objects.archived().get(assessment=assessment)
    assert "findes ikke i “Fjordbys skabelon” version 1" in archived.archived_note

    # A new project in the municipality starts on its own template, too.
    other = make_project(municipality, make_user("leder2", municipality), [], title="Andet")
    assert other.assessment.template_version == own

    # Should the municipality retire its template, the standard is current
    # again; but the assessment has archived answers on it: no way back.
    own.retire(lead)
    assert TemplateVersion.objects.current_for(municipality) == v1
    with pytest.raises(ValueError, match="tidligere været på version 2"):
        plan_move(assessment, v1)
