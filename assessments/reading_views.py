"""The reading views of an assessment: the sides compared (with the joint
answer written beside them), predicted against experienced, and one
question's history. Answering, comments and the move to a newer template
version are in `assessments.views`; confirmations in `assessments.joint_views`."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from method.vocabulary import Phase
from pulse.summary import pulse_voice

from .access import WRITE_JOINT, get_assessment_for_user, may_name_confirmers, standing_of
from .comparison import compare_sides
from .followup import EXPERIENCED, PREDICTED, predicted_and_experienced
from .models import Answer, AnswerRevision, with_questions
from .phases import PHASES, PhaseView, answers_by_phase, previous_answer
from .views import phase_tab


@login_required
def comparison(request, pk):
    """The two sides side by side; beside them the committee's joint answer,
    written here by those who write it, with the sides' confirmations."""
    assessment = get_assessment_for_user(request.user, pk)
    project = assessment.project
    tab = phase_tab(request, assessment)
    view = PhaseView(tab.phase(), project.phase)
    questions = tab.questions_in(assessment.questions())
    rows = compare_sides(assessment, questions, view.phase)
    standing = standing_of(request.user, assessment)
    may_write = standing.may(WRITE_JOINT, phase=view.phase)
    shown = [r for r in rows if r.has_answers or r.joint or may_write]
    # The latest earlier joint answer beside each form ("Samme som før"); read
    # for every reader, so the page's queries do not depend on who reads it.
    joint = answers_by_phase(
        with_questions(
            assessment.answers.current().joint().filter(question__in=questions), questions
        )
    )
    for row in shown:
        row.previous_joint = previous_answer(joint.get((row.question.id, None), {}), view.phase)
    return render(
        request,
        "assessments/comparison.html",
        {
            "assessment": assessment,
            "project": project,
            "standing": standing,
            "phase": view.tab,
            "phase_view": view,
            "phases": Phase.choices,
            "rows": shown,
            "unanswered": [r for r in rows if not (r.has_answers or r.joint or may_write)],
            "may_write_joint": may_write,
            "answer_statuses": Answer.Status.choices,
            "confirm_sides": standing.confirming_sides(view.phase),
            "naming_committees": [
                c for c in project.committees.all() if may_name_confirmers(request.user, c)
            ],
            "pulse_voice": pulse_voice(request.user, project),
        },
    )


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
    question = get_object_or_404(assessment.questions(), pk=question_id)
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
