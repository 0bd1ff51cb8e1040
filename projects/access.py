"""Who may see and change a project. Every project view gets its project
through `get_project_for_user`; the municipality scope is `for_user`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisations.models import Membership
from organisations.tenancy import CHANGE, VIEW, check_action, municipality_id_of

from .models import Project


def get_project_for_user(user, pk, *, action: str = VIEW) -> Project:
    """The project, if it belongs to the user's municipality (else 404).
    With action="change", also require the right to edit it (else 403)."""
    check_action(action, (VIEW, CHANGE))
    project = get_object_or_404(
        Project.objects.for_user(user).select_related("lead", "municipality"), pk=pk
    )
    if action == CHANGE and not can_edit_project(user, project):
        raise PermissionDenied
    return project


def can_create_project(user) -> bool:
    return municipality_id_of(user) is not None and (user.is_project_lead or user.is_staff)


def can_edit_project(user, project: Project) -> bool:
    """The project's own lead, or staff, of the same municipality."""
    if municipality_id_of(user) != project.municipality_id:
        return False
    return project.lead_id == user.id or user.is_staff


def seats_in_project(user, project: Project):
    """The user's current seats in the committees handling the project, the
    one they answer from (`membership_in_project`) first."""
    return (
        Membership.objects.current()
        .filter(user=user, committee__projects=project)
        .select_related("committee")
        .order_by("committee__level", "id")
    )


def membership_in_project(user, project: Project) -> Membership | None:
    """The user's current seat in one of the committees handling the project."""
    return seats_in_project(user, project).first()
