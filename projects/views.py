from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
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
from .forms import DashboardPageForm, InvolvementForm, MoveBackForm, MoveOnForm, ProjectForm
from .gates import GateNeedsDecision, advanced_without_med, phase_gate
from .listing import projects_for_dashboard
from .models import AlreadyMoved, MissingAnswersNeedReason, Project
from .records import keeps_records
from .services import create_project
from .timeline import project_timeline

WITHOUT_MED_ON_DASHBOARD = 5
WITHOUT_MED_PER_PAGE = 50


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
    # The newest few gates passed without MED; the page behind lists them all.
    passages = advanced_without_med(Project.objects.for_user(user))
    newest = list(passages[: WITHOUT_MED_ON_DASHBOARD + 1])
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
            "without_med": newest[:WITHOUT_MED_ON_DASHBOARD],
            "more_without_med": len(newest) > WITHOUT_MED_ON_DASHBOARD,
        },
    )


@login_required
def without_med(request):
    """Every phase gate the municipality's projects passed without their
    committee, newest first, a page at a time (`?side=`)."""
    passages = advanced_without_med(Project.objects.for_user(request.user))
    page_number = DashboardPageForm(request.GET).page_number()
    page = Paginator(passages, WITHOUT_MED_PER_PAGE).get_page(page_number)
    return render(request, "projects/without_med.html", {"page": page})


@login_required
def project_detail(request, pk):
    project = get_project_for_user(request.user, pk)
    return render(request, "projects/project_detail.html", _detail_context(request, project))


def _detail_context(request, project, move_form=None, back_form=None, involvement_form=None):
    transitions = list(
        project.transitions.select_related("moved_by", "gate_item__meeting__committee").order_by(
            "moved_at", "id"
        )
    )
    involvements = {i.phase: i for i in project.involvements.all()}
    committees = project.committees.select_related("parent").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.current().select_related("user").order_by("side", "role"),
        )
    )
    next_step = project.next_step()
    leaves_phase = bool(next_step and next_step.phase != project.phase)
    missing = project.unanswered_required_questions()
    gate = phase_gate(project, transitions)
    items = visible_items(request.user).filter(project=project)
    current_level = involvements.get(project.phase)
    if leaves_phase:
        # The new phase's level, prefilled with the one chosen before.
        earlier = involvements.get(next_step.phase) or current_level
        move_initial = {"from_step": project.step, "involvement": earlier and earlier.level}
    else:
        move_initial = {"from_step": project.step}
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
        "timeline": project_timeline(project, transitions, involvements),
        "transitions": transitions,
        "passed_without_med": [t for t in transitions if t.passed_without_med],
        "committees": committees,
        "can_edit": can_edit_project(request.user, project),
        "next_step": next_step,
        "leaves_phase": leaves_phase,
        "gate": gate,
        "gate_item_visible": bool(gate and gate.decision and items.filter(pk=gate.decision.pk)),
        "missing_count": len(missing),
        "needs_reason": leaves_phase and bool(missing),
        "move_form": move_form or MoveOnForm(initial=move_initial, enters_phase=leaves_phase),
        "back_form": back_form
        or MoveBackForm(
            project=project,
            initial={
                "from_step": project.step,
                "involvement": current_level and current_level.level,
            },
        ),
        "current_involvement": current_level,
        "involvement_form": involvement_form
        or InvolvementForm(initial={"level": current_level and current_level.level}),
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


def _detail_page(request, project, status=400, **forms):
    return render(
        request,
        "projects/project_detail.html",
        _detail_context(request, project, **forms),
        status=status,
    )


@login_required
@require_POST
def project_move_on(request, pk):
    project = get_project_for_user(request.user, pk, action=CHANGE)
    next_step = project.next_step()
    form = MoveOnForm(
        request.POST, enters_phase=bool(next_step and next_step.phase != project.phase)
    )
    if not form.is_valid():
        return _detail_page(request, project, move_form=form)
    try:
        transition = project.move_to_next_step(
            request.user,
            note=form.cleaned_data["note"],
            reason=form.cleaned_data["reason"],
            override=form.cleaned_data["override"],
            involvement=form.cleaned_data["involvement"],
            from_step=form.cleaned_data["from_step"],
        )
    except AlreadyMoved:
        # A double click, or someone else moved it first: do nothing twice.
        messages.info(request, _("Projektet var allerede flyttet videre."))
        return redirect("project_detail", pk=project.pk)
    except MissingAnswersNeedReason as exc:
        form.add_error("reason", exc)
        return _detail_page(request, project, move_form=form)
    except GateNeedsDecision as exc:
        form.add_error("override", exc)
        return _detail_page(request, project, move_form=form)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("project_detail", pk=project.pk)
    messages.success(
        request,
        _("Projektet er flyttet til %(step)s.") % {"step": transition.get_to_step_display()},
    )
    return redirect("project_detail", pk=project.pk)


@login_required
@require_POST
def project_move_back(request, pk):
    project = get_project_for_user(request.user, pk, action=CHANGE)
    form = MoveBackForm(request.POST, project=project)
    if not form.is_valid():
        if form.data.get("from_step") != project.step:
            messages.info(request, _("Projektet var allerede flyttet."))
            return redirect("project_detail", pk=project.pk)
        return _detail_page(request, project, back_form=form)
    try:
        transition = project.move_back(
            request.user,
            form.cleaned_data["to_step"],
            form.cleaned_data["reason"],
            involvement=form.cleaned_data["involvement"],
            from_step=form.cleaned_data["from_step"],
        )
    except AlreadyMoved:
        messages.info(request, _("Projektet var allerede flyttet."))
        return redirect("project_detail", pk=project.pk)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail_page(request, project, back_form=form)
    messages.success(
        request,
        _("Projektet er gået tilbage til %(step)s.") % {"step": transition.get_to_step_display()},
    )
    return redirect("project_detail", pk=project.pk)


@login_required
@require_POST
def project_involvement(request, pk):
    project = get_project_for_user(request.user, pk, action=CHANGE)
    form = InvolvementForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, project, involvement_form=form)
    project.set_involvement(project.phase, form.cleaned_data["level"], request.user)
    messages.success(request, _("Involveringsniveauet er gemt."))
    return redirect("project_detail", pk=project.pk)
