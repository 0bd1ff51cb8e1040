"""The pulse's pages. Those for the committee (open, results, close) are
behind the login and `pulse.access`; the survey itself (`survey`) is public,
reached by its link, and knows nothing of who is asking: it never reads the
user, the session, the address or the browser."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from organisations.tenancy import CHANGE
from projects.access import get_project_for_user

from .access import (
    get_pulse_by_token,
    get_pulse_for_user,
    may_open_pulse,
    may_read_results,
    may_run_pulse,
)
from .forms import OpenPulseForm, SurveyForm
from .models import minimum_answers
from .services import PulseClosed, close_pulse, note_refused_repeat, open_pulse, submit_answers
from .summary import pulse_summary, summarise

# Set on the survey's own path when this browser has answered (value "1");
# it holds nothing else, and nothing on the server refers to it.
ANSWERED_COOKIE = "puls_besvaret"


@login_required
def pulse_list(request, project_id):
    project = get_project_for_user(request.user, project_id)
    if not may_read_results(request.user, project):
        raise PermissionDenied
    context = {
        "project": project,
        "pulses": pulse_summary(project),
        "may_open": may_open_pulse(request.user, project),
    }
    return render(request, "pulse/pulse_list.html", context)


@login_required
def pulse_open(request, project_id):
    project = get_project_for_user(request.user, project_id)
    if not may_open_pulse(request.user, project):
        raise PermissionDenied
    form = OpenPulseForm(
        request.POST if request.method == "POST" else None,
        template_questions=list(project.assessment.questions()),
    )
    if form.is_valid():
        pulse = open_pulse(
            project,
            request.user,
            questions=form.chosen_questions(),
            prompts=form.cleaned_data["prompts"],
            closes_on=form.cleaned_data["closes_on"],
            invited=form.cleaned_data["invited"],
        )
        messages.success(request, _("Medarbejderpulsen er åbnet. Send linket til medarbejderne."))
        return redirect("pulse_detail", pk=pulse.pk)
    status = 400 if form.errors else 200
    return render(
        request, "pulse/pulse_open.html", {"project": project, "form": form}, status=status
    )


@login_required
def pulse_detail(request, pk):
    pulse = get_pulse_for_user(request.user, pk)
    runs = may_run_pulse(request.user, pulse)
    context = {
        "pulse": pulse,
        "project": pulse.project,
        "summary": summarise(pulse),
        "runs": runs,
        "link": request.build_absolute_uri(reverse("survey", args=[pulse.token])) if runs else "",
        "refused_repeats": pulse.refused_repeats if runs else 0,
    }
    return render(request, "pulse/pulse_detail.html", context)


@login_required
@require_POST
def pulse_close(request, pk):
    pulse = get_pulse_for_user(request.user, pk, action=CHANGE)
    try:
        close_pulse(pulse, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Medarbejderpulsen er lukket. Der tages ikke imod flere svar."))
    return redirect("pulse_detail", pk=pulse.pk)


# -- the public survey ---------------------------------------------------------


@never_cache
def survey(request, token):
    pulse = get_pulse_by_token(token)
    posted = request.method == "POST"
    context = {
        "pulse": pulse,
        "project_title": pulse.project.title,
        "pulse_minimum": minimum_answers(),
    }
    if not pulse.is_open:
        return _survey_page(request, context, "closed", 410 if posted else 200)
    if request.COOKIES.get(ANSWERED_COOKIE) == "1":
        if not posted:
            return _survey_page(request, context, "thanks", 200)
        note_refused_repeat(pulse)
        return _survey_page(request, context, "repeat", 409)
    form = SurveyForm(
        request.POST if posted else None,
        pulse_questions=list(pulse.questions.select_related("question")),
        initial={"key": uuid.uuid4()},
    )
    if posted and form.is_valid():
        try:
            submit_answers(pulse, form.answers(), form.cleaned_data["key"])
        except PulseClosed:
            return _survey_page(request, context, "closed", 410)
        return _mark_answered(redirect("survey", token=token), pulse)
    context["form"] = form
    return _survey_page(request, context, "form", 400 if form.errors else 200)


def _survey_page(request, context, state, status):
    context["state"] = state
    response = render(request, "pulse/survey.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _mark_answered(response, pulse):
    """This browser has answered: the cookie lives until the pulse has
    closed, and is sent only to the survey's own address."""
    days_left = (pulse.closes_on - timezone.localdate()).days + 1
    response.set_cookie(
        ANSWERED_COOKIE,
        "1",
        max_age=days_left * 24 * 3600,
        path=reverse("survey", args=[pulse.token]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
