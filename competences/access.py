"""Who may see and change a competence plan. Every view gets its plan
through `get_competence_plan_for_user`; the municipality scope is
`for_user`. Everyone in the project's municipality reads the plans (they
speak of groups, never of a named employee); the project's record keepers
(`projects.records`) write them."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisations.tenancy import CHANGE, VIEW, check_action
from projects.records import keeps_records

from .models import Activity, CompetencePlan


def get_competence_plan_for_user(user, pk, *, action: str = VIEW) -> CompetencePlan:
    """A plan of a project of the user's municipality (else 404); with
    action="change", one the user keeps (else 403)."""
    check_action(action, (VIEW, CHANGE))
    plan = get_object_or_404(
        CompetencePlan.objects.for_user(user).select_related(
            "project__lead", "project__assessment"
        ),
        pk=pk,
    )
    if action == CHANGE and not keeps_records(user, plan.project):
        raise PermissionDenied
    return plan


def get_activity_for_user(user, plan: CompetencePlan, activity_id) -> Activity:
    """An activity of this plan (else 404); the plan was asked for with its action."""
    return get_object_or_404(Activity.objects.filter(plan=plan), pk=activity_id)
