"""The assessment page in parts, as a member works through it (`?del=`):
first what is left for me in the project's current phase, then one core
question at a time, each loaded on its own (htmx, or a plain link).

What is left for me is
- my own unanswered required questions of the phase (with a seat),
- the required questions without the committee's joint answer (for those
  who write it: the project's lead and the committees' secretaries),
- the open comments addressed to me: by others, in a discussion I wrote
  in (the same people a reply is mailed to, `notifications.events`), and
  for those who may resolve anyone's comment, every open comment by others.

Everything but the comments is computed from rows the page has already
loaded, so the page pays one query more however many answers there are.

The comparison is in parts the same way (`?del=`): first what the
committee should talk about (the questions where the sides disagree, and
the joint answers waiting for the reader's confirmation), then one core
question at a time, largest disagreement first."""

from django import forms
from django.http import Http404
from django.urls import reverse

from method.vocabulary import CoreQuestion

from .access import RESOLVE
from .models import Comment

LEFT = "mangler"
DISAGREEMENT = "uenighed"  # the comparison's first part
PART_FIELD = "del"  # `del` is a Python keyword: the field is added by name


class PartForm(forms.Form):
    """`?del=`: "mangler" (what is left) or a core question's key. Without
    it, what is left when there is something to answer in this tab, else
    the first core question."""

    def __init__(self, data, *, parts: list[str]):
        super().__init__(data)
        self.parts = parts
        self.fields[PART_FIELD] = forms.ChoiceField(
            choices=[(part, part) for part in parts], required=False
        )

    def part(self) -> str:
        if not self.is_valid():
            raise Http404
        return self.cleaned_data[PART_FIELD] or (self.parts[0] if self.parts else "")


def parts_of(questions, *, answering: bool) -> list[str]:
    """The parts of a tab with these questions, in order: what is left
    (only where the user answers or writes the joint answer in this tab),
    then the core questions that have a question, in the method's order."""
    return ([LEFT] if answering else []) + cores_of(questions)


def cores_of(questions) -> list[str]:
    """The core questions that have one of `questions`, in the method's order."""
    present = {question.section.core_question for question in questions}
    return [core for core in CoreQuestion.values if core in present]


def steps(parts: list[str], part: str) -> dict:
    """The parts before and after `part` ({"previous", "next"}: a key or None)."""
    at = parts.index(part)
    return {
        "previous": parts[at - 1] if at > 0 else None,
        "next": parts[at + 1] if at + 1 < len(parts) else None,
    }


def count_left(grouped: list[dict]) -> None:
    """Add to each core question how many of its required questions are
    left: the user's own answers ("own_left") and the joint ("joint_left")."""
    for core in grouped:
        rows = [row for block in core["sections"] for row in block["rows"]]
        core["own_left"] = [r for r in rows if r["question"].required and not r["own_answered"]]
        core["joint_left"] = [r for r in rows if r["question"].required and not r["joint_answered"]]


def comments_for_me(user, assessment, standing):
    """The open comments addressed to `user` (see the module's docstring)."""
    comments = (
        Comment.objects.open()
        .filter(assessment=assessment)
        .exclude(author=user)
        .select_related("author", "question", "question__section")
    )
    if not standing.may_comment:
        return comments.none()
    # Leads and secretaries resolve anyone's comment: every open one is theirs.
    if standing.may(RESOLVE, Comment(author_id=None)):
        return comments
    threads = Comment.objects.filter(assessment=assessment, author=user).values("question_id")
    return comments.filter(question_id__in=threads)


# -- The comparison's parts ------------------------------------------------------


def comparison_parts(rows) -> list[str]:
    """The comparison's parts: what to talk about, then the core questions
    that have a question on the page, in the method's order."""
    return [DISAGREEMENT] + cores_of(row.question for row in rows)


def rows_in_part(rows, part: str, confirm_sides) -> list:
    """The comparison's rows of `part`, largest disagreement first (the order
    `rows` are in): for the first part those where the sides disagree or
    whose joint answer waits for the reader's confirmation for a side in
    `confirm_sides`; else the core question's."""
    if part == DISAGREEMENT:
        return [
            r
            for r in rows
            if r.is_divergent or (r.joint and r.joint.awaits_confirmation_by(confirm_sides))
        ]
    return [r for r in rows if r.question.section.core_question == part]


def comparison_url(assessment, question, phase: str) -> str:
    """The comparison at `question`: in its core question's part, in `phase`'s
    tab (where a form without JavaScript sends the reader back to)."""
    core = question.section.core_question
    return (
        reverse("comparison", args=[assessment.pk])
        + f"?fase={phase}&{PART_FIELD}={core}#q-{question.pk}"
    )
