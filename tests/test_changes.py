"""What changed in the answers between two moments (assessments.changes):
the pack's "Ændret siden sidste møde" asks it for the time since the
committee's previous meeting on the project."""

import pytest
from django.utils import timezone

from assessments.changes import answer_changes
from assessments.services import Submission, save_answer
from method.vocabulary import Side
from questionnaires.models import AnswerKind


@pytest.fixture
def questions(assessment):
    text = list(assessment.questions().filter(kind=AnswerKind.TEXT)[:4])
    assert len(text) == 4
    return text


def _save(assessment, question, user, text, *, joint=False, status="", side=""):
    current = assessment.answers.filter(
        question=question, respondent=None if joint else user
    ).first()
    submission = Submission(
        text=text, status=status, base_version=current.version if current else None
    )
    return save_answer(assessment, question, user, submission, joint=joint, side=side)


def test_changes_since_a_moment(assessment, questions, lead, chair, member):
    changed, first_time, back_again, status_only = questions
    _save(assessment, changed, lead, "Før mødet", joint=True, status="enige")
    _save(assessment, changed, member, "Mit første syn", side=Side.EMPLOYEES)
    _save(assessment, back_again, member, "Uændret", side=Side.EMPLOYEES)
    _save(assessment, status_only, lead, "Samme tekst", joint=True, status="enige")
    meeting_started = timezone.now()

    _save(assessment, changed, lead, "Efter mødet", joint=True, status="enige")
    _save(assessment, changed, member, "Mit nye syn", side=Side.EMPLOYEES)
    _save(assessment, first_time, chair, "Nyt svar", side=Side.MANAGEMENT)
    _save(assessment, back_again, member, "Ændret et øjeblik", side=Side.EMPLOYEES)
    _save(assessment, back_again, member, "Uændret", side=Side.EMPLOYEES)
    _save(assessment, status_only, lead, "Samme tekst", joint=True, status="aabent")
    now = timezone.now()
    _save(assessment, first_time, lead, "Senere end perioden", joint=True)

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
    _save(assessment, questions[0], lead, "Før mødet", joint=True)
    since = timezone.now()
    _save(assessment, questions[0], lead, "Før mødet", joint=True)  # the same again: no save
    changes = answer_changes(assessment, questions, since, timezone.now())
    assert changes.is_empty and changes.joint == [] and changes.newly_answered == []
