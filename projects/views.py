from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from businesscase.models import Benefit, BusinessCase
from competences.models import CompetencePlan
from meetings.access import visible_actions, visible_items
from organisations.models import Membership
from organisations.tenancy import CHANGE

from .access import can_create_project, can_edit_project, get_project_for_user
from .forms import DashboardPageForm, MoveOnForm, ProjectForm
from .listing import projects_for_dashboard
from .models import AlreadyMoved, MissingAnswersNeedReason
from .records import keeps_records
from .services import create_project
from .timeline import project_timeline


@login_required
def dashboard(request):
    user = request.user
    my_memberships = list(
        Membership.objects.current()
        .filter(user=user)
        .select_related("committee", "committee__parent")
    )
    page_form = DashboardPageForm(request.GET)
    listing = projects_for_dashboard(user, page_form.page_number())
    return render(
        request,
        "projects/dashboard.html",
        {
            "memberships": my_memberships,
            "projects": listing.page.object_list,
            "listing": listing,
            "can_create": can_create_project(user),
            "overdue_actions": list(
                visible_actions(user).overdue().filter(owner=user).select_related("project")
            ),
        },
    )


@login_required
def project_detail(request, pk):
    project = get_project_for_user(request.user, pk)
    return render(request, "projects/project_detail.html", _detail_context(request, project))


def _detail_context(request, project, move_form=None):
    transitions = list(project.transitions.select_related("moved_by").order_by("moved_at", "id"))
    committees = project.committees.select_related("parent").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.current().select_related("user").order_by("side", "role"),
        )
    )
    next_step = project.next_step()
    missing = project.unanswered_required_questions()
    needs_reason = bool(next_step and next_step.phase != project.phase and missing)
    items = visible_items(request.user).filter(project=project)
    return {
        "project": project,
        "agenda_items": items.select_related("meeting__committee", "carried_to").order_by(
            "-meeting__starts_at"
        ),
        "open_actions": visible_actions(request.user)
        .open()
        .filter(project=project)
        .select_related("owner", "item__meeting"),
        "business_case": BusinessCase.objects.filter(project=project).first(),
        "benefit_statuses": _benefit_statuses(project),
        "competence_plans": CompetencePlan.objects.filter(project=project),
        "keeps_records": keeps_records(request.user, project),
        "timeline": project_timeline(project, transitions),
        "transitions": transitions,
        "committees": committees,
        "can_edit": can_edit_project(request.user, project),
        "next_step": next_step,
        "missing_count": len(missing),
        "needs_reason": needs_reason,
        "move_form": move_form or MoveOnForm(initial={"from_step": project.step}),
    }


def _benefit_statuses(project) -> list[tuple[str, int]]:
    """How many of the business case's current benefits have each status (one query)."""
    counts = dict(
        Benefit.objects.filter(case__project=project)
        .current()
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
    return [(label, counts[value]) for value, label in Benefit.Status.choices if value in counts]


@login_required
def project_create(request):
    if not can_create_project(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, municipality=request.user.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            project = create_project(form, request.user)
        except IntegrityError:  # the same form sent twice at the same moment
            form.add_error("title", _("Der findes allerede et projekt med denne titel."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Projektet er oprettet."))
            return redirect("project_detail", pk=project.pk)
    status = 400 if form.errors else 200
    return render(request, "projects/project_form.html", {"form": form}, status=status)


@login_required
def project_edit(request, pk):
    project = get_project_for_user(request.user, pk, action=CHANGE)
    form = ProjectForm(
        request.POST or None, instance=project, municipality=request.user.municipality
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Projektet er gemt."))
        return redirect("project_detail", pk=project.pk)
    status = 400 if form.errors else 200
    return render(
        request, "projects/project_form.html", {"form": form, "project": project}, status=status
    )


@login_required
@require_POST
def project_move_on(request, pk):
    project = get_project_for_user(request.user, pk, action=CHANGE)
    form = MoveOnForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "projects/project_detail.html",
            _detail_context(request, project, form),
            status=400,
        )
    try:
        transition = project.move_to_next_step(
            request.user,
            note=form.cleaned_data["note"],
            reason=form.cleaned_data["reason"],
            from_step=form.cleaned_data["from_step"],
        )
    except AlreadyMoved:
        # A double click, or someone else moved it first: do nothing twice.
        messages.info(request, _("Projektet var allerede flyttet videre."))
        return redirect("project_detail", pk=project.pk)
    except MissingAnswersNeedReason as exc:
        form.add_error("reason", exc)
        return render(
            request,
            "projects/project_detail.html",
            _detail_context(request, project, form),
            status=400,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("project_detail", pk=project.pk)
    messages.success(
        request,
        _("Projektet er flyttet til %(step)s.") % {"step": transition.get_to_step_display()},
    )
    return redirect("project_detail", pk=project.pk)
