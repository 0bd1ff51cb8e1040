"""The reading views of an assessment: the sides compared (with the joint
answer written beside them), predicted against experienced, and one
question's history. Answering, comments and the move to a newer template
version are in `assessments.views`; confirmations in `assessments.joint_views`."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from method.vocabulary import CoreQuestion, Phase
from pulse.summary import pulse_voice

from .access import (
    WRITE_JOINT,
    get_assessment_for_user,
    may_name_confirmers,
    question_or_404,
    standing_of,
)
from .comparison import compare_sides
from .followup import EXPERIENCED, PREDICTED, predicted_and_experienced
from .models import Answer, AnswerRevision, with_questions
from .parts import DISAGREEMENT, PartForm, comparison_parts, rows_in_part, steps
from .phases import PHASES, PhaseView, answers_by_phase, previous_answer
from .views import phase_tab


@login_required
def comparison(request, pk):
    """The two sides side by side; beside them the committee's joint answer,
    written here by those who write it, with the sides' confirmations. In
    parts (`assessments.parts`): what to talk about first, then one core
    question at a time."""
    assessment = get_assessment_for_user(request.user, pk)
    project = assessment.project
    tab = phase_tab(request, assessment)
    view = PhaseView(tab.phase(), project.phase)
    questions = tab.questions_in(assessment.question_list())
    rows = compare_sides(assessment, questions, view.phase)
    standing = standing_of(request.user, assessment)
    may_write = standing.may(WRITE_JOINT, phase=view.phase)
    confirm_sides = standing.confirming_sides(view.phase)
    on_page, unanswered = [], []
    for row in rows:  # a question nobody answered is listed, unless it is to be written
        (on_page if row.has_answers or row.joint or may_write else unanswered).append(row)
    part_keys = comparison_parts(rows)
    part = PartForm(request.GET, parts=part_keys).part()
    shown = rows_in_part(on_page, part, confirm_sides)
    _attach_previous_joint(assessment, shown, view.phase)
    context = {
        "assessment": assessment,
        "project": project,
        "standing": standing,
        "phase": view.tab,
        "phase_view": view,
        "phases": Phase.choices,
        "rows": shown,
        "part": part,
        "disagreement": DISAGREEMENT,
        "parts": _part_links(part_keys, on_page, confirm_sides),
        "steps": steps(part_keys, part),
        # Listed under their core question; what to talk about has none.
        "unanswered": rows_in_part(unanswered, part, ()) if part != DISAGREEMENT else [],
        "may_write_joint": may_write,
        "answer_statuses": Answer.Status.choices,
        "confirm_sides": confirm_sides,
        "naming_committees": [
            c for c in project.committees.all() if may_name_confirmers(request.user, c)
        ],
        "pulse_voice": pulse_voice(request.user, project),
    }
    template = "assessments/comparison.html"
    if request.htmx and request.htmx.target == "comparison-part":
        template += "#part"
    return render(request, template, context)


def _part_links(part_keys, rows, confirm_sides) -> list[dict]:
    """The parts' navigation: each part's key, its label and how many of its
    questions the sides disagree on (for the first part: how many it holds)."""
    links = []
    for key in part_keys:
        in_part = rows_in_part(rows, key, confirm_sides)
        if key == DISAGREEMENT:
            links.append({"key": key, "label": _("Til drøftelse"), "count": len(in_part)})
        else:
            divergent = sum(1 for r in in_part if r.is_divergent)
            links.append({"key": key, "label": CoreQuestion(key).label, "count": divergent})
    return links


def _attach_previous_joint(assessment, rows, phase) -> None:
    """The latest earlier joint answer beside each form ("Samme som før"); read
    for every reader, so the page's queries do not depend on who reads it;
    only for the questions the part shows (one core question, not all)."""
    questions = [row.question for row in rows]
    joint = answers_by_phase(
        with_questions(
            assessment.answers.current().joint().filter(question__in=questions), questions
        )
    )
    for row in rows:
        row.previous_joint = previous_answer(joint.get((row.question.id, None), {}), phase)


@login_required
def predicted_vs_experienced(request, pk):
    """Per side, what it predicted in konsekvensvurdering beside what it
    experiences in drift, for the questions asked again there."""
    assessment = get_assessment_for_user(request.user, pk)
    return render(
        request,
        "assessments/followup.html",
        {
            "assessment": assessment,
            "project": assessment.project,
            "standing": standing_of(request.user, assessment),
            "sides": predicted_and_experienced(assessment),
            "predicted_phase": PREDICTED,
            "experienced_phase": EXPERIENCED,
        },
    )


@login_required
def question_history(request, pk, question_id):
    assessment = get_assessment_for_user(request.user, pk)
    question = question_or_404(assessment, question_id)
    standing = standing_of(request.user, assessment)
    revisions = AnswerRevision.objects.filter(
        answer__assessment=assessment, answer__question=question
    )
    if not standing.may_read_individual:
        revisions = revisions.filter(answer__respondent__isnull=True)
    revisions = revisions.select_related(
        "answer", "answer__respondent", "author", "answer__question"
    )
    return render(
        request,
        "assessments/history.html",
        {
            "assessment": assessment,
            "project": assessment.project,
            "question": question,
            "standing": standing,
            # Per person (the committee last), per phase in order, newest first.
            "revisions": sorted(
                revisions,
                key=lambda r: (
                    r.answer.respondent is None,
                    r.answer.respondent.username if r.answer.respondent else "",
                    PHASES.index(r.answer.phase),
                    -r.version,
                ),
            ),
        },
    )
