"""The answering views of an assessment: the page and its parts, the autosave
and "Samme som før", comments, and the move to a newer template version.
The reading views (comparison, predicted against experienced, a question's
history) are in `assessments.reading_views`."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from method.vocabulary import Phase
from organisations.tenancy import CHANGE
from questionnaires.forms import PhaseTabForm
from questionnaires.grouping import group_by_core_question

from .access import (
    ANSWER,
    COMMENT,
    RESOLVE,
    WRITE_JOINT,
    get_assessment_and_standing,
    get_assessment_for_user,
    get_comment_for_user,
    question_or_404,
    standing_of,
)
from .forms import COMPARISON_PAGE, AnswerForm, CommentForm, MoveTargetForm, RepeatForm
from .models import Answer, Comment, JointConfirmation, attach_confirmations, with_questions
from .parts import (
    LEFT,
    PartForm,
    comments_for_me,
    comparison_url,
    count_left,
    parts_of,
    steps,
)
from .phases import PhaseView, answers_by_phase, previous_answer
from .progress import progress_of
from .services import (
    StaleAnswer,
    add_comment,
    repeat_previous_answer,
    resolve_comment,
    save_answer,
)
from .versioning import move_assessment, move_targets, plan_move

# The event a saved answer raises in the browser: the parts' counters reload.
ANSWER_SAVED = "answer-saved"


def phase_tab(request, assessment) -> PhaseTabForm:
    """The phase tab asked for (`?fase=`), by default the project's phase; a
    tab that does not exist is a 404. The comparison page reads it too
    (`assessments.reading_views`)."""
    form = PhaseTabForm(request.GET, default=assessment.project.phase)
    if not form.is_valid():
        raise Http404
    return form


@login_required
def assessment_page(request, pk):
    assessment = get_assessment_for_user(request.user, pk)
    project = assessment.project
    tab = phase_tab(request, assessment)
    view = PhaseView(tab.phase(), project.phase)
    questions = tab.questions_in(assessment.question_list())
    standing = standing_of(request.user, assessment)
    may_answer = standing.may(ANSWER, phase=view.phase)
    can_write_joint = standing.may(WRITE_JOINT, phase=view.phase)
    part_keys = parts_of(questions, answering=may_answer or can_write_joint)
    part = PartForm(request.GET, parts=part_keys).part()
    open_comments = (
        dict(
            Comment.objects.open()
            .filter(assessment=assessment)
            .values_list("question_id")
            .annotate(n=Count("id"))
        )
        if standing.may_comment
        else {}
    )
    rows = _page_rows(request.user, assessment, questions, part, view, open_comments)
    grouped = _group(questions, rows)
    count_left(grouped)
    archived = assessment.answers.archived()
    if not standing.may_read_individual:
        archived = archived.joint()
    context = {
        "assessment": assessment,
        "project": project,
        "phase": view.tab,
        "phase_view": view,
        "phases": Phase.choices,
        "seat": standing.seat,
        "standing": standing,
        "may_answer": may_answer,
        "answer_statuses": Answer.Status.choices,
        "can_write_joint": can_write_joint,
        "confirm_sides": standing.confirming_sides(view.phase),
        "parts": grouped,
        "part": part,
        "left": LEFT,
        "steps": steps(part_keys, part) if part else {},
        "core_questions": [core for core in grouped if core["core"] == part],
        "comments_for_me": comments_for_me(request.user, assessment, standing)
        if part == LEFT
        else (),
        "archived": archived.select_related("question", "question__section", "respondent"),
        "version_changes": assessment.version_changes.select_related(
            "from_version__template", "to_version__template", "moved_by"
        ),
        "can_move": standing.may(CHANGE) and bool(move_targets(assessment)),
        "own_progress": _progress(questions, rows, "own"),
        "joint_progress": _progress(questions, rows, "joint"),
    }
    return render(request, _assessment_template(request), context)


def _assessment_template(request) -> str:
    """htmx asks for one part (with the parts' navigation out of band), or
    for the navigation alone, whose counters it reloads after a save."""
    target = request.htmx.target if request.htmx else None
    if target == "assessment-part":
        return "assessments/assessment.html#part"
    if target == "assessment-parts":
        return "assessments/assessment.html#parts-nav"
    return "assessments/assessment.html"


def _page_rows(user, assessment, questions, part: str, view: PhaseView, open_comments) -> dict:
    """{question id: row}. The part shown gets its questions' answers in
    full (`_row`); for the others the parts' counters need only whether the
    phase's own and joint answers say something, one light query for all:
    a core question's part no longer loads the answers, confirmations and
    earlier phases of the whole template."""
    shown_questions = [q for q in questions if q.section.core_question == part]
    answers = {}
    if shown_questions:
        # The user's own and the joint answers to these questions, every phase.
        shown = with_questions(
            assessment.answers.current()
            .filter(question__in=shown_questions)
            .filter(Q(respondent=user) | Q(respondent__isnull=True)),
            shown_questions,
        )
        attach_confirmations(
            [a for a in shown if a.is_joint],
            JointConfirmation.objects.filter(
                answer__assessment=assessment,
                answer__respondent=None,
                answer__question__in=shown_questions,
            ),
        )
        answers = answers_by_phase(shown)
    answered = set(
        assessment.answers.current()
        .answered()
        .filter(phase=view.phase)
        .filter(Q(respondent=user) | Q(respondent__isnull=True))
        .values_list("question_id", "respondent_id")
    )
    shown_ids = {q.id for q in shown_questions}
    rows = {}
    for q in questions:
        comments = open_comments.get(q.id, 0)
        row = _row(q, answers, user.id, view, comments) if q.id in shown_ids else {"question": q}
        # Every part's counters from the one query, the part shown too.
        row.update(
            own_answered=(q.id, user.id) in answered,
            joint_answered=(q.id, None) in answered,
            open_comments=comments,
        )
        rows[q.id] = row
    return rows


def _row(question, answers, user_id, view: PhaseView, open_comments: int) -> dict:
    """One question on the page: the tab's phase's own and joint answers,
    and in the current phase the latest earlier answers beside them."""
    own = answers.get((question.id, user_id), {})
    joint = answers.get((question.id, None), {})
    return {
        "question": question,
        "own": own.get(view.phase),
        "joint": joint.get(view.phase),
        "previous_own": previous_answer(own, view.phase) if view.is_current else None,
        "previous_joint": previous_answer(joint, view.phase) if view.is_current else None,
        "followup": question.followup_in(view.phase),
        "open_comments": open_comments,
    }


def _progress(questions, rows, which: str):
    return progress_of(questions, {q.id for q in questions if rows[q.id][f"{which}_answered"]})


def _group(questions, rows):
    """Core question → sections → question rows, with progress and open
    comment counts per section."""
    grouped = group_by_core_question(questions, lambda q: rows[q.id])
    for core in grouped:
        for block in core["sections"]:
            section_questions = [r["question"] for r in block["rows"]]
            block["own_progress"] = _progress(section_questions, rows, "own")
            block["joint_progress"] = _progress(section_questions, rows, "joint")
            block["open_comments"] = sum(r["open_comments"] for r in block["rows"])
    return grouped


@login_required
@require_POST
def answer_save(request, pk, question_id, joint=False):
    """Autosave (htmx) and plain form post share this view. The assessment
    is read once, locked, for both the permission check and the save."""
    form = AnswerForm(request.POST)
    context = {"joint": joint}
    try:
        with transaction.atomic():
            assessment, question, side = _answering(request, pk, question_id, joint, lock=True)
            context.update(assessment=assessment, question=question)
            if not form.is_valid():
                message = _("Formularen er ugyldig. Genindlæs siden.")
                return _answer_problem(request, context, message, 400)
            context["back"] = form.cleaned_data["back"]
            submission = form.submission(request.POST)
            answer = save_answer(
                assessment, question, request.user, submission, joint=joint, side=side, locked=True
            )
    except StaleAnswer as stale:
        message = _(
            "Svaret er ændret af en anden, siden du åbnede det. Din tekst er ikke gemt endnu."
        )
        return _answer_problem(request, context, message, 409, submission, current=stale.current)
    except ValidationError as exc:
        return _answer_problem(request, context, " ".join(exc.messages), 400, submission)
    if request.htmx:
        context.update(answer=answer, saved=True)
        if joint:  # the confirmations change with the answer (swapped in out of band)
            standing = standing_of(request.user, assessment)
            context["confirm_sides"] = standing.confirming_sides(assessment.project.phase)
        response = render(request, "assessments/_save_state.html", context)
        return trigger_client_event(response, ANSWER_SAVED)
    messages.success(request, _("Dit svar er gemt."))
    if context["back"] == COMPARISON_PAGE:
        return redirect(comparison_url(assessment, question, assessment.project.phase))
    return redirect(_question_url(assessment, question))


@login_required
@require_POST
def answer_repeat(request, pk, question_id, joint=False):
    """ "Samme som før": the answer from the latest earlier phase saved as
    this phase's. With htmx the question's answer block comes back, filled
    in; without, the page."""
    assessment, question, side = _answering(request, pk, question_id, joint)
    form = RepeatForm(request.POST)
    if not form.is_valid():
        return _repeat_refused(request, assessment, question, joint, form.problem(), 400)
    try:
        repeat_previous_answer(
            assessment, question, request.user, joint=joint, side=side, **form.arguments()
        )
    except StaleAnswer:
        message = _("Svaret er ændret af en anden, siden du åbnede siden. Genindlæs siden.")
        return _repeat_refused(request, assessment, question, joint, message, 409)
    except ValidationError as exc:
        return _repeat_refused(request, assessment, question, joint, " ".join(exc.messages), 400)
    if request.htmx:
        context = _block_context(request, assessment, question, joint, repeated=True)
        response = render(request, "assessments/assessment.html#answer-block", context)
        return trigger_client_event(response, ANSWER_SAVED)
    messages.success(request, _("Det tidligere svar er gemt som svar i denne fase."))
    return redirect(_question_url(assessment, question))


def _answering(request, pk, question_id, joint, lock=False):
    """The assessment the user may answer in (or write the joint answer
    of), the question, and the side the answer is given from; with `lock`,
    the assessment locked for the save (`get_assessment_and_standing`)."""
    action = WRITE_JOINT if joint else ANSWER
    assessment, standing = get_assessment_and_standing(
        request.user, pk, action=action, related=("project", "template_version"), lock=lock
    )
    question = question_or_404(assessment, question_id)
    side = "" if joint else standing.seat.side
    return assessment, question, side


def _repeat_refused(request, assessment, question, joint, message, status):
    if request.htmx:
        context = _block_context(request, assessment, question, joint, problem=message)
        return render(request, "assessments/assessment.html#answer-block", context, status=status)
    messages.error(request, message)
    return redirect(_question_url(assessment, question))


def _block_context(request, assessment, question, joint, **extra) -> dict:
    """What the answer block of one question needs (two queries)."""
    project = assessment.project
    view = PhaseView(project.phase, project.phase)
    answers = answers_by_phase(
        with_questions(
            assessment.answers.current().filter(
                question=question, respondent=None if joint else request.user
            ),
            [question],
        )
    )
    row = _row(question, answers, None if joint else request.user.id, view, 0)
    which = "joint" if joint else "own"
    if joint:
        standing = standing_of(request.user, assessment)
        extra.setdefault("confirm_sides", standing.confirming_sides(project.phase))
    return {
        "assessment": assessment,
        "project": project,
        "question": question,
        "joint": joint,
        "answer": row[which],
        "previous": row[f"previous_{which}"],
        "answer_statuses": Answer.Status.choices,
        **extra,
    }


def _answer_problem(request, context, message, status, submission=None, current=None):
    """A refused save: the message in Danish, the stored answer, and what the
    user sent, so nothing typed is lost. Without JavaScript the user gets a
    page with the form refilled from their submission."""
    submitted_text = submission.text if submission else ""
    context.update(problem=message, current=current, submitted_text=submitted_text)
    if request.htmx:
        return render(request, "assessments/_save_state.html", context, status=status)
    base_version = current.version if current else (submission.base_version if submission else 0)
    context.update(
        project=context["assessment"].project,
        answer_statuses=Answer.Status.choices,
        answer=Answer(text=submitted_text, version=base_version or 0),
    )
    return render(request, "assessments/answer_problem.html", context, status=status)


def _question_url(assessment, question):
    return (
        reverse("assessment", args=[assessment.pk])
        + f"?fase={assessment.project.phase}&del={question.section.core_question}#q-{question.pk}"
    )


@login_required
def assessment_move(request, pk):
    """The project lead sees what moving to a newer template version would
    do to this assessment, and confirms."""
    assessment = get_assessment_for_user(request.user, pk, action=CHANGE)
    targets = move_targets(assessment)
    form = MoveTargetForm(
        request.POST if request.method == "POST" else request.GET, targets=targets
    )
    if not form.is_valid():
        raise Http404  # not a version this assessment can move to
    target = form.target()
    if request.method == "POST" and target is not None:
        try:
            change = move_assessment(assessment, target, request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            if change is not None:
                messages.success(
                    request,
                    _("Vurderingen er flyttet til %(name)s version %(number)s.")
                    % {"name": target.template.name, "number": target.number},
                )
            return redirect("assessment", pk=assessment.pk)
    plan = plan_move(assessment, target) if target else None
    return render(
        request,
        "assessments/move.html",
        {
            "assessment": assessment,
            "project": assessment.project,
            "targets": targets,
            "target": target,
            "plan": plan,
        },
    )


@login_required
def comments(request, pk, question_id):
    assessment = get_assessment_for_user(request.user, pk, action=COMMENT)
    question = question_or_404(assessment, question_id)
    form = _comment_form(question, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                add_comment(
                    assessment,
                    question,
                    request.user,
                    form.cleaned_data["body"],
                    submission_key=form.cleaned_data["key"],
                )
            except ValidationError as exc:
                form.add_error("body", exc)
            else:
                if not request.htmx:
                    messages.success(request, _("Kommentaren er tilføjet."))
                    return redirect("comments", pk=assessment.pk, question_id=question.pk)
                form = _comment_form(question)
        status = 400 if form.errors else 200
    template = "assessments/comments.html#thread" if request.htmx else "assessments/comments.html"
    context = _thread_context(request, assessment, question, form)
    return render(request, template, context, status=status)


def _comment_form(question, data=None):
    # One thread per question on the page: ids stay unique per question.
    return CommentForm(data, auto_id=f"comment-{question.pk}-%s", initial={"key": uuid.uuid4()})


def _thread_context(request, assessment, question, form):
    standing = standing_of(request.user, assessment)
    thread = list(
        question.comments.filter(assessment=assessment).select_related("author", "resolved_by")
    )
    for comment in thread:
        comment.can_resolve = not comment.is_resolved and standing.may(RESOLVE, comment)
    return {
        "assessment": assessment,
        "project": assessment.project,
        "question": question,
        "thread": thread,
        "form": form,
        "standing": standing,
    }


@login_required
@require_POST
def comment_resolve(request, pk, comment_id):
    assessment = get_assessment_for_user(request.user, pk, action=COMMENT)
    comment = get_comment_for_user(request.user, assessment, comment_id, action=RESOLVE)
    resolve_comment(comment, request.user)
    if request.htmx:
        form = _comment_form(comment.question)
        context = _thread_context(request, assessment, comment.question, form)
        return render(request, "assessments/comments.html#thread", context)
    messages.success(request, _("Kommentaren er markeret som løst."))
    return redirect("comments", pk=assessment.pk, question_id=comment.question_id)
