"""What changed in the answers between two moments (assessments.changes):
the pack's "Ændret siden sidste møde" asks it for the time since the
committee's previous meeting on the project."""

import pytest
from django.utils import timezone

from assessments.changes import answer_changes
from method.vocabulary import Side
from questionnaires.models import AnswerKind
from tests.factories import answer, end_editing_run


@pytest.fixture
def questions(assessment):
    text = list(assessment.questions().filter(kind=AnswerKind.TEXT)[:4])
    assert len(text) == 4
    return text


def test_changes_since_a_moment(assessment, questions, lead, chair, member):
    changed, first_time, back_again, status_only = questions
    before_the_meeting = [
        answer(assessment, changed, lead, "Før mødet", joint=True, status="enige"),
        answer(assessment, changed, member, "Mit første syn", side=Side.EMPLOYEES),
        answer(assessment, back_again, member, "Uændret", side=Side.EMPLOYEES),
        answer(assessment, status_only, lead, "Samme tekst", joint=True, status="enige"),
    ]
    # Saved minutes before the meeting began: their editing runs are over
    # (a run going on across the moment counts as after it: docs/decisions.md).
    for saved in before_the_meeting:
        end_editing_run(saved)
    meeting_started = timezone.now()

    answer(assessment, changed, lead, "Efter mødet", joint=True, status="enige")
    answer(assessment, changed, member, "Mit nye syn", side=Side.EMPLOYEES)
    answer(assessment, first_time, chair, "Nyt svar", side=Side.MANAGEMENT)
    answer(assessment, back_again, member, "Ændret et øjeblik", side=Side.EMPLOYEES)
    answer(assessment, back_again, member, "Uændret", side=Side.EMPLOYEES)
    answer(assessment, status_only, lead, "Samme tekst", joint=True, status="aabent")
    now = timezone.now()
    answer(assessment, first_time, lead, "Senere end perioden", joint=True)

    changes = answer_changes(assessment, questions, meeting_started, now)

    assert [(c.question, c.is_new, c.value_changed, c.status_changed) for c in changes.joint] == [
        (changed, False, True, False),
        (status_only, False, False, True),
    ]
    assert (changes.joint[0].before.text, changes.joint[0].after.text) == (
        "Før mødet",
        "Efter mødet",
    )
    # Nobody had answered it before: listed once, as newly answered, with
    # the side that answered it (the later joint answer is outside the period).
    assert [(n.question, n.sides, n.joint) for n in changes.newly_answered] == [
        (first_time, (Side.MANAGEMENT,), False)
    ]
    # Changed and changed back is no change.
    assert [
        (q, [(c.respondent, c.is_new) for c in people]) for q, people in changes.individual
    ] == [(changed, [(member, False)])]
    assert not changes.is_empty


def test_nothing_changed(assessment, questions, lead):
    answer(assessment, questions[0], lead, "Før mødet", joint=True)
    since = timezone.now()
    answer(assessment, questions[0], lead, "Før mødet", joint=True)  # the same again: no save
    changes = answer_changes(assessment, questions, since, timezone.now())
    assert changes.is_empty and changes.joint == [] and changes.newly_answered == []
