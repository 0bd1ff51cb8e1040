from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.access import action_rights
from meetings.followups import Action
from projects.access import get_project_for_user

from .export import actions_csv, filename, serves
from .forms import ActionFilterForm, ActionLinksForm, ProjectActionForm
from .services import add_project_action, filtered_actions


def _filters(request) -> tuple[ActionFilterForm, dict | None]:
    """The overview's filter form from the query string, and its filters
    (none given: the open ones of everything the user sees; None: refused)."""
    form = ActionFilterForm(request.GET or None, user=request.user)
    if not request.GET:
        return form, {}
    return form, form.filters() if form.is_valid() else None


def _refused(request, form):
    context = {"form": form, "actions": None}
    return render(request, "actions/action_list.html", context, status=400)


@login_required
def action_list(request):
    form, filters = _filters(request)
    if filters is None:
        return _refused(request, form)
    actions = list(filtered_actions(request.user, **filters))
    rights = action_rights(request.user)
    for action in actions:
        action.can_change = rights.may_change(action)
        action.serves = serves(action)
    project = filters.get("project")
    context = {
        "form": form,
        "actions": actions,
        "statuses": Action.Status.choices,
        "project": project,
        "may_add": project is not None and rights.may_add_to(project.pk),
        "query": request.GET.urlencode(),
    }
    return render(request, "actions/action_list.html", context)


@login_required
def action_csv(request):
    form, filters = _filters(request)
    if filters is None:
        return _refused(request, form)
    response = HttpResponse(
        actions_csv(filtered_actions(request.user, **filters)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename()}"'
    return response


@login_required
def action_create(request, pk):
    """A follow-up on a project, by hand or from an open point, a benefit or a
    competence gap (named in the query string)."""
    project = get_project_for_user(request.user, pk)
    if not action_rights(request.user).may_add_to(project.pk):
        raise PermissionDenied
    links = ActionLinksForm(request.GET, project=project)
    if not links.is_valid():
        return render(request, "400.html", status=400)
    form = ProjectActionForm(
        request.POST if request.method == "POST" else None,
        project=project,
        initial={key: value for key, value in links.cleaned_data.items() if value},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_project_action(
                project,
                request.user,
                what=data["what"],
                owner=data["owner"],
                deadline=data["deadline"],
                **form.links(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Opfølgningen er tilføjet."))
            return redirect(f"{reverse('action_list')}?projekt={project.pk}")
    context = {"project": project, "form": form, "origin": links.links()}
    return render(request, "actions/action_form.html", context, status=400 if form.errors else 200)
