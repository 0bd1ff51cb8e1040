"""What changed in an assessment's answers between two moments, read from
the answers' history (one `AnswerRevision` per save). The pack asks it for
the time since the committee's previous meeting on the project; a page can
ask it for any other period.

An answer counts as changed when its last save in the period differs from
how it stood when the period began; saving the same thing again, or
changing something and changing it back, is no change.

The answers are one phase's (by default the project's current phase):
answers belong to the phase they were given in, so an answer first given in
a phase the project entered during the period is new, and the earlier
phases' answers, which can no longer change, are not compared with it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, Subquery

from method.vocabulary import Side
from questionnaires.models import Question

from .models import AnswerRevision


@dataclass(frozen=True)
class JointChange:
    """The committee's joint answer to a question, then and now."""

    question: Question
    before: AnswerRevision | None  # None: there was no joint answer yet
    after: AnswerRevision

    @property
    def is_new(self) -> bool:
        return not _says_something(self.before)

    @property
    def value_changed(self) -> bool:
        before, after = self.before, self.after
        return before is None or (before.value, before.text) != (after.value, after.text)

    @property
    def status_changed(self) -> bool:
        return (self.before.status if self.before else "") != self.after.status


@dataclass(frozen=True)
class IndividualChange:
    """One member's own answer changed (or was given for the first time)."""

    respondent: object
    side: str
    is_new: bool


@dataclass(frozen=True)
class NewlyAnswered:
    """A question nobody had answered when the period began."""

    question: Question
    sides: tuple[str, ...]  # the sides whose members have answered it now, in Side order
    joint: bool  # the committee has a joint answer now


@dataclass
class AnswerChanges:
    since: datetime
    until: datetime
    joint: list[JointChange] = field(default_factory=list)
    newly_answered: list[NewlyAnswered] = field(default_factory=list)
    # Changed individual answers to questions answered before the period
    # began (the newly answered ones are listed above), per question.
    individual: list[tuple[Question, list[IndividualChange]]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.joint or self.newly_answered or self.individual)


def answer_changes(
    assessment, questions, since: datetime, until: datetime, phase: str | None = None
) -> AnswerChanges:
    """The changes to the answers to `questions` (in the order given) given
    in `phase` (None: the project's current phase) after `since` up to and
    including `until`. Two queries."""
    questions = list(questions)
    by_id = {q.id: q for q in questions}
    order = {q.id: index for index, q in enumerate(questions)}
    changes = AnswerChanges(since, until)
    if not by_id:
        return changes
    saves = AnswerRevision.objects.filter(
        answer__assessment=assessment,
        answer__question_id__in=list(by_id),
        answer__phase=phase or assessment.project.phase,
    )
    after = _last_saves(saves.filter(created_at__gt=since, created_at__lte=until))
    before = {
        revision.answer_id: revision
        for revision in _last_saves(saves.filter(created_at__lte=since))
    }
    answered_before = {r.answer.question_id for r in before.values() if _says_something(r)}

    individual = defaultdict(list)
    answered_now = defaultdict(set)  # question id -> sides, and "joint"
    for last in after:
        first = before.get(last.answer_id)
        answer, question = last.answer, by_id[last.answer.question_id]
        if _says_something(last):
            answered_now[question.id].add("joint" if answer.is_joint else answer.side)
        if answer.is_joint:
            change = JointChange(question, first, last)
            if change.value_changed or change.status_changed:
                changes.joint.append(change)
        elif first is None or (first.value, first.text) != (last.value, last.text):
            individual[question.id].append(
                IndividualChange(answer.respondent, answer.side, not _says_something(first))
            )

    changes.joint.sort(key=lambda change: order[change.question.id])
    for question in questions:
        if question.id in answered_now and question.id not in answered_before:
            who = answered_now[question.id]
            sides = tuple(side for side in Side.values if side in who)
            changes.newly_answered.append(NewlyAnswered(question, sides, "joint" in who))
        elif question.id in individual:
            changes.individual.append((question, individual[question.id]))
    return changes


def _last_saves(saves) -> list[AnswerRevision]:
    """Of these saves, each answer's last: how it stood at the end of them."""
    last = saves.filter(answer=OuterRef("answer")).order_by("-version").values("version")[:1]
    return list(
        saves.filter(version=Subquery(last))
        .select_related("author", "answer__respondent")
        .order_by("answer_id")
    )


def _says_something(revision) -> bool:
    return revision is not None and (revision.value is not None or bool(revision.text))
