"""Predicted and experienced: what each side expected in konsekvensvurdering
beside what it experiences in implementering og drift.

The questions compared are those with a follow-up text
(`Question.followup_text`, "Opfølgning i drift"): the standard template
gives one to the opgaveløsning questions and the unintended effects. Each
side's answers in the two phases are set side by side, the largest shift
first, per side:

- scale (−2…+2) and competence questions: the shift is the difference of
  the side's averages, experienced − predicted (positive: it went better
  than the side expected); for an unintended effect asked for whom, the
  shift of the group where the side's average moved most;
- yes/no and single choice: how differently the side's answers spread over
  the options then and now (0…2, the comparison's measure; no direction);
- free text and multiple choice: not measured; shown side by side after
  the measured ones, in template order — as are questions where the side
  has answered in only one of the two phases.

Only individual answers are compared (the sides are who predicted); the
committee's joint answers stand on the phase tabs.
"""

from dataclasses import dataclass

from method.vocabulary import Phase, Side
from questionnaires.models import AnswerKind

from .comparison import SideView, difference

PREDICTED, EXPERIENCED = Phase.IMPACT, Phase.OPERATION
NOTABLE_SHIFT = 1.0  # highlighted from here: a whole step on the scale
# Kinds whose shift has a direction; of them, those on the effect scale,
# where a positive shift means it went better than expected (for a group
# effect: the group where the side's view moved most).
SIGNED_KINDS = (AnswerKind.SCALE, AnswerKind.COMPETENCE, AnswerKind.GROUP_EFFECT)
EFFECT_KINDS = (AnswerKind.SCALE, AnswerKind.GROUP_EFFECT)


@dataclass
class Shift:
    """One side's answers to one question, predicted and experienced."""

    question: object
    predicted: SideView
    experienced: SideView

    @property
    def shift(self) -> float | None:
        return difference(self.predicted, self.experienced, self.question.kind)

    @property
    def size(self) -> float | None:
        return None if self.shift is None else abs(self.shift)

    @property
    def is_signed(self) -> bool:
        """Whether the shift has a direction (scale and competence)."""
        return self.question.kind in SIGNED_KINDS

    @property
    def direction(self) -> str:
        """For the effect scale: "better" (experienced more positive than
        predicted), "worse" or "same"; empty for the other kinds."""
        if self.question.kind not in EFFECT_KINDS or self.shift is None:
            return ""
        if abs(self.shift) < 0.05:  # what shows as 0,0
            return "same"
        return "better" if self.shift > 0 else "worse"

    @property
    def is_notable(self) -> bool:
        return self.size is not None and self.size >= NOTABLE_SHIFT


@dataclass
class SideShifts:
    side: str
    shifts: list[Shift]

    @property
    def label(self) -> str:
        return Side(self.side).label

    @property
    def answered(self) -> list[Shift]:
        """The questions the side has answered in either phase."""
        return [s for s in self.shifts if s.predicted.answers or s.experienced.answers]


def followup_questions(assessment) -> list:
    return [q for q in assessment.questions() if q.followup_text]


def predicted_and_experienced(assessment) -> list[SideShifts]:
    """Per side (ledelsessiden, then medarbejdersiden), one Shift per
    follow-up question, the largest shift first, then the unmeasured ones
    in template order. Two queries."""
    questions = followup_questions(assessment)
    order = {q.id: index for index, q in enumerate(questions)}
    views = {
        (side, phase, q.id): SideView(side, q.kind, question=q)
        for side in Side.values
        for phase in (PREDICTED, EXPERIENCED)
        for q in questions
    }
    answers = (
        assessment.answers.current()
        .individual()
        .filter(question__in=questions, phase__in=(PREDICTED, EXPERIENCED))
        .select_related("respondent", "question")
        .order_by("respondent__username", "id")
    )
    for answer in answers:
        view = views.get((answer.side, answer.phase, answer.question_id))
        if view is not None:
            view.answers.append(answer)
    result = []
    for side in Side.values:
        shifts = [
            Shift(q, views[(side, PREDICTED, q.id)], views[(side, EXPERIENCED, q.id)])
            for q in questions
        ]
        shifts.sort(key=lambda s: (s.size is None, -(s.size or 0), order[s.question.id]))
        result.append(SideShifts(side, shifts))
    return result
