"""The two sides' answers side by side, largest disagreement first: the
answers of one phase (by default the project's current one).

Divergence is a number per question, comparable across kinds (`difference`,
which the predicted-vs-experienced comparison uses too):
- scale (−2…+2) and competence (kende/kunne/mestre as 1/2/3, `method.vocabulary`): the gap
  between the two sides' averages;
- principle (slet ikke / i nogen grad / i høj grad as 1/2/3,
  `questionnaires.models.PRINCIPLE_RANK`): the gap between the sides'
  averages; "ikke relevant" has no step, so when a side has only that, how
  differently the sides spread (as for yes/no);
- group effect (for whom, and in which direction): per group the gap
  between the sides' average steps on the effect scale; the largest gap of
  any group (with its sign) is the question's;
- yes/no and single choice: how differently the sides spread over the
  options (total variation distance, 0 = same spread, 1 = no overlap) × 2,
  so a full split weighs like a two-step gap on the scale;
- free text and multiple choice: not measured (None), listed after.

"Differ" (`sides_differ`) is any divergence above nothing: a principle's
joint answer must then carry its short text.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from method.vocabulary import COMPETENCE_RANK, AffectedGroup, Side, competence_legend
from questionnaires.models import PRINCIPLE_RANK, AnswerKind, Question, principle_legend

from .models import (
    Answer,
    JointConfirmation,
    attach_confirmations,
    with_questions,
    with_respondents,
)

DIVERGENT_FROM = 1.5  # highlighted from here: e.g. +1 against −½ on average


@dataclass
class SideView:
    side: str
    kind: str
    answers: list[Answer] = field(default_factory=list)
    question: Question | None = None

    @property
    def label(self) -> str:
        return Side(self.side).label

    def numbers(self) -> list[int]:
        if self.kind == AnswerKind.SCALE:
            return [a.value for a in self.answers if isinstance(a.value, int)]
        if self.kind == AnswerKind.COMPETENCE:
            return [COMPETENCE_RANK[a.value] for a in self.answers if a.value in COMPETENCE_RANK]
        if self.kind == AnswerKind.PRINCIPLE:
            return [PRINCIPLE_RANK[a.value] for a in self.answers if a.value in PRINCIPLE_RANK]
        return []

    def group_average(self, group: str) -> float | None:
        """For a group effect: the side's average step for `group`, over the
        answers that name it."""
        steps = [
            a.value[group]
            for a in self.answers
            if isinstance(a.value, dict) and isinstance(a.value.get(group), int)
        ]
        return sum(steps) / len(steps) if steps else None

    @property
    def scale_legend(self) -> str:
        """What the average's numbers mean, for competence levels and
        principles."""
        if self.kind == AnswerKind.COMPETENCE:
            return competence_legend()
        if self.kind == AnswerKind.PRINCIPLE:
            return principle_legend()
        return ""

    @property
    def average(self) -> float | None:
        numbers = self.numbers()
        return sum(numbers) / len(numbers) if numbers else None

    def spread(self) -> Counter:
        return Counter(str(a.value) for a in self.answers if a.value is not None)

    @property
    def group_averages(self) -> list[tuple[str, float]]:
        """For a group effect: (group, average step) for every group the
        side named, in the groups' order."""
        return [
            (str(group.label), average)
            for group in AffectedGroup
            if (average := self.group_average(group.value)) is not None
        ]

    # The side's summary, without names: what those outside the committee see.

    @property
    def answered_count(self) -> int:
        return sum(1 for a in self.answers if a.is_answered)

    @property
    def distribution(self) -> list[tuple[str, int]]:
        """How many on this side chose each option, in the question's order
        (options nobody chose left out)."""
        if self.question is None:
            return []
        picked = Counter()
        for answer in self.answers:
            values = answer.value if isinstance(answer.value, list) else [answer.value]
            picked.update(str(v) for v in values if v is not None)
        return [
            (label, picked[value])
            for value, label in self.question.value_labels().items()
            if picked[value]
        ]


@dataclass
class QuestionComparison:
    question: Question
    management: SideView
    employees: SideView
    joint: Answer | None

    @cached_property
    def divergence(self) -> float | None:
        # Read when the answers are in (`compare_sides` sorts by it), then
        # again by the parts and the page: worked out once.
        gap = difference(self.management, self.employees, self.question.kind)
        return None if gap is None else abs(gap)

    @property
    def is_divergent(self) -> bool:
        return self.divergence is not None and self.divergence >= DIVERGENT_FROM

    @property
    def has_answers(self) -> bool:
        return bool(self.management.answers or self.employees.answers)


def difference(a: SideView, b: SideView, kind: str) -> float | None:
    """How far answers `b` lie from answers `a`: for scale and competence
    the signed gap between the averages (b − a); for yes/no and single
    choice how differently they spread (0…2, no sign); None when either has
    no answers, or for kinds not measured (free text, multiple choice)."""
    if kind in (AnswerKind.SCALE, AnswerKind.COMPETENCE, AnswerKind.PRINCIPLE):
        before, after = a.average, b.average
        if before is not None and after is not None:
            return after - before
        if kind != AnswerKind.PRINCIPLE:
            return None
    if kind in (AnswerKind.YES_NO, AnswerKind.SINGLE_CHOICE, AnswerKind.PRINCIPLE):
        return _spread_distance(a.spread(), b.spread())
    if kind == AnswerKind.GROUP_EFFECT:
        return _largest_group_gap(a, b)
    return None


def _largest_group_gap(a: SideView, b: SideView) -> float | None:
    """The signed gap (b − a) of the group where the two lie furthest apart;
    None when no group was named by both."""
    gaps = []
    for group in AffectedGroup.values:
        before, after = a.group_average(group), b.group_average(group)
        if before is not None and after is not None:
            gaps.append(after - before)
    return max(gaps, key=abs) if gaps else None


def _spread_distance(a: Counter, b: Counter) -> float | None:
    total_a, total_b = sum(a.values()), sum(b.values())
    if not total_a or not total_b:
        return None
    options = set(a) | set(b)
    tvd = sum(abs(a[o] / total_a - b[o] / total_b) for o in options) / 2
    return round(tvd * 2, 3)


def compare_sides(
    assessment, questions: list[Question], phase: str | None = None
) -> list[QuestionComparison]:
    """One comparison per question of the answers given in `phase` (None:
    the project's current phase, the answers as they stand now), largest
    divergence first, then questions without a measurable divergence in
    template order. Three queries (the project already loaded with the
    assessment): the answers, the people who gave them, and the sides'
    confirmations of the joint answers (`Answer.confirmation_lines`)."""
    phase = phase or assessment.project.phase
    by_question: dict[int, QuestionComparison] = {
        q.id: QuestionComparison(
            q,
            SideView(Side.MANAGEMENT, q.kind, question=q),
            SideView(Side.EMPLOYEES, q.kind, question=q),
            None,
        )
        for q in questions
    }
    # One Question object per question, so its labels are made once
    # (`Question.value_labels`), not once per answer.
    in_phase = assessment.answers.in_phase(phase).filter(question__in=by_question)
    answers = with_respondents(with_questions(in_phase, questions), in_phase)
    for answer in answers:
        row = by_question[answer.question_id]
        if answer.is_joint:
            row.joint = answer
        elif answer.side == Side.MANAGEMENT:
            row.management.answers.append(answer)
        elif answer.side == Side.EMPLOYEES:
            row.employees.answers.append(answer)
    rows = list(by_question.values())
    attach_confirmations(
        [row.joint for row in rows],
        JointConfirmation.objects.filter(
            answer__assessment=assessment, answer__phase=phase, answer__respondent__isnull=True
        ),
    )
    order = {q.id: i for i, q in enumerate(questions)}
    rows.sort(key=lambda r: (r.divergence is None, -(r.divergence or 0), order[r.question.id]))
    return rows


def sides_differ(assessment, question: Question, phase: str) -> bool:
    """Whether the two sides' answers to `question` in `phase` differ at all
    (a measured divergence above zero)."""
    (row,) = compare_sides(assessment, [question], phase)
    return bool(row.divergence)
