"""The sides confirm the joint answers, and a committee names who confirms
for each side (`assessments.confirmation`; who may: `assessments.access`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.vocabulary import Side
from organisations.models import Membership

from .access import (
    CONFIRM,
    confirming,
    get_assessment_for_user,
    get_committee_for_confirmers,
    question_or_404,
    standing_of,
)
from .confirmation import StaleConfirmation, confirm_joint_answer, name_confirmer
from .forms import ConfirmForm, NamedConfirmerForm, RemoveConfirmerForm
from .models import Answer, NamedConfirmer
from .parts import comparison_url


@login_required
@require_POST
def joint_answer_confirm(request, pk, question_id):
    """One side's confirmation of the joint answer of the current phase, as
    the page showed it. With htmx the answer's confirmations come back."""
    assessment = get_assessment_for_user(request.user, pk)
    project = assessment.project
    question = question_or_404(assessment, question_id)
    standing = standing_of(request.user, assessment)
    if not standing.confirming_sides(project.phase):
        raise PermissionDenied
    form = ConfirmForm(request.POST)
    answer = (
        Answer.objects.joint()
        .current()
        .filter(assessment=assessment, question=question, phase=project.phase)
        .first()
    )
    problem, status = "", 200
    if not form.is_valid() or form.cleaned_data["phase"] != project.phase:
        problem, status = _("Formularen er ugyldig. Genindlæs siden og prøv igen."), 400
    elif not standing.may(CONFIRM, phase=project.phase, side=form.cleaned_data["side"]):
        raise PermissionDenied
    elif answer is None:
        problem, status = _("Der er intet fælles svar at bekræfte endnu."), 400
    else:
        try:
            confirm_joint_answer(
                answer,
                request.user,
                form.cleaned_data["side"],
                version=form.cleaned_data["version"],
            )
        except StaleConfirmation:
            problem, status = (
                _("Svaret er ændret, siden du åbnede siden. Læs det igen, før du bekræfter det."),
                409,
            )
        except ValidationError as exc:
            problem, status = " ".join(exc.messages), 400
    back = comparison_url(assessment, question, project.phase)
    if not request.htmx:
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, _("Din bekræftelse er gemt."))
        return redirect(back)
    if answer is not None:
        answer.refresh_from_db()
    context = {
        "assessment": assessment,
        "project": project,
        "question": question,
        "answer": answer,
        "confirm_sides": standing.confirming_sides(project.phase),
        "confirm_problem": problem,
        "confirmed_now": not problem,
    }
    return render(request, "assessments/_confirmations.html", context, status=status)


@login_required
def confirmers(request, committee_id):
    """Who confirms the joint answers for each side of a committee; the
    committee names others than its formand and næstformand here."""
    committee = get_committee_for_confirmers(request.user, committee_id)
    form = NamedConfirmerForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            confirmer = name_confirmer(committee, form.cleaned_data["seat"], request.user)
        except ValidationError as exc:
            form.add_error("seat", exc)
        else:
            messages.success(
                request,
                _("%(who)s bekræfter nu fælles svar for %(side)s.")
                % {"who": confirmer.user, "side": confirmer.get_side_display().lower()},
            )
            return redirect("confirmers", committee_id=committee.pk)
    return _confirmers_page(request, committee, form, status=400 if form.errors else 200)


@login_required
@require_POST
def confirmer_remove(request, committee_id):
    committee = get_committee_for_confirmers(request.user, committee_id)
    form = RemoveConfirmerForm(request.POST, committee=committee)
    if not form.is_valid():
        messages.error(request, _("Formularen er ugyldig. Genindlæs siden og prøv igen."))
        return redirect("confirmers", committee_id=committee.pk)
    removed = form.cleaned_data["confirmer"]
    removed.delete()
    messages.success(
        request,
        _("%(who)s bekræfter ikke længere for %(side)s.")
        % {"who": removed.user, "side": removed.get_side_display().lower()},
    )
    return redirect("confirmers", committee_id=committee.pk)


def _confirmers_page(request, committee, form, status=200):
    named = NamedConfirmer.objects.filter(committee=committee).select_related("user", "named_by")
    confirming_now = list(
        confirming(Membership.objects.current().filter(committee=committee)).select_related("user")
    )
    sides = []
    for side, label in Side.choices:
        sides.append(
            {
                "side": side,
                "label": label,
                "named": [n for n in named if n.side == side],
                # Who confirms now, by the one rule, in this committee.
                "confirming": [seat for seat in confirming_now if seat.side == side],
            }
        )
    context = {"committee": committee, "sides": sides, "form": form}
    return render(request, "assessments/confirmers.html", context, status=status)
