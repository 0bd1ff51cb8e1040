from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.vocabulary import COMPETENCE_PRINCIPLE_MEANING, competence, competence_legend
from organisations.tenancy import CHANGE
from projects.access import get_project_for_user
from projects.records import keeps_records

from .access import get_activity_for_user, get_competence_plan_for_user
from .forms import ActivityForm, LevelFormSet, PlanGroupForm, PrincipleFormSet
from .services import add_activity, create_plan, save_plan
from .summary import plans_of
from .wheel import plan_wheel


@login_required
def competence_plans(request, pk):
    """A project's plans, one per employee group; a record keeper adds one."""
    project = get_project_for_user(request.user, pk)
    may_edit = keeps_records(request.user, project)
    form = PlanGroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                plan = create_plan(project, form.cleaned_data["group"])
            except ValidationError as exc:
                form.add_error("group", exc)
            else:
                messages.success(request, _("Planen er oprettet. Angiv niveauerne for gruppen."))
                return redirect("competence_plan_edit", plan_id=plan.pk)
    plans = list(plans_of(project))
    for plan in plans:
        plan.wheel = plan_wheel(list(plan.lines.all()))
    context = {"project": project, "plans": plans, "form": form, "may_edit": may_edit}
    return render(request, "competences/plans.html", context, status=400 if form.errors else 200)


@login_required
def competence_plan(request, plan_id):
    plan = get_competence_plan_for_user(request.user, plan_id)
    return render(request, "competences/plan.html", _plan_context(request, plan))


def _plan_context(request, plan, activity_form=None):
    lines = list(plan.lines.all())
    for line in lines:
        line.definition = competence(line.competence)
    may_edit = keeps_records(request.user, plan.project)
    return {
        "plan": plan,
        "project": plan.project,
        "lines": lines,
        "wheel": plan_wheel(lines),
        "principles": list(plan.principles.all()),
        "meanings": COMPETENCE_PRINCIPLE_MEANING,
        "activities": list(plan.activities.select_related("owner")),
        "legend": competence_legend(),
        "may_edit": may_edit,
        "activity_form": activity_form
        or (ActivityForm(municipality_id=plan.project.municipality_id) if may_edit else None),
    }


@login_required
def competence_plan_edit(request, plan_id):
    plan = get_competence_plan_for_user(request.user, plan_id, action=CHANGE)
    data = request.POST if request.method == "POST" else None
    group = PlanGroupForm(data, instance=plan)
    lines = list(plan.lines.all())
    checks = list(plan.principles.all())
    levels = LevelFormSet(
        data,
        prefix="niveau",
        initial=[
            {"competence": x.competence, "needed": x.needed, "current": x.current} for x in lines
        ],
    )
    principles = PrincipleFormSet(
        data,
        prefix="princip",
        initial=[
            {"principle": c.principle, "meets": c.meets, "justification": c.justification}
            for c in checks
        ],
    )
    if data is not None and group.is_valid() and levels.is_valid() and principles.is_valid():
        try:
            save_plan(
                plan,
                group.cleaned_data["group"],
                {
                    f.cleaned_data["competence"]: (
                        f.cleaned_data["needed"],
                        f.cleaned_data["current"],
                    )
                    for f in levels
                },
                {
                    f.cleaned_data["principle"]: (
                        f.cleaned_data["meets"],
                        f.cleaned_data["justification"],
                    )
                    for f in principles
                },
            )
        except ValidationError as exc:
            group.add_error(None, exc)
        else:
            messages.success(request, _("Kompetenceplanen er gemt."))
            return redirect("competence_plan", plan_id=plan.pk)
    labels = {line.competence: competence(line.competence) for line in lines}
    context = {
        "plan": plan,
        "project": plan.project,
        "group_form": group,
        "levels": [(form, labels.get(form.initial.get("competence"))) for form in levels],
        "level_forms": levels,
        "principle_forms": principles,
        "principles": [(form, check) for form, check in zip(principles, checks, strict=False)],
        "meanings": COMPETENCE_PRINCIPLE_MEANING,
    }
    return render(
        request, "competences/plan_form.html", context, status=400 if data is not None else 200
    )


@login_required
@require_POST
def activity_add(request, plan_id):
    plan = get_competence_plan_for_user(request.user, plan_id, action=CHANGE)
    form = ActivityForm(request.POST, municipality_id=plan.project.municipality_id)
    if not form.is_valid():
        return render(
            request, "competences/plan.html", _plan_context(request, plan, form), status=400
        )
    add_activity(plan, **form.cleaned_data)
    messages.success(request, _("Aktiviteten er tilføjet."))
    return redirect("competence_plan", plan_id=plan.pk)


@login_required
@require_POST
def activity_remove(request, plan_id, activity_id):
    plan = get_competence_plan_for_user(request.user, plan_id, action=CHANGE)
    get_activity_for_user(request.user, plan, activity_id).delete()
    messages.success(request, _("Aktiviteten er fjernet fra planen."))
    return redirect("competence_plan", plan_id=plan.pk)
