"""Who may see an assessment, answer it, and write the committee's joint
answers. Every assessment view gets its assessment through
`get_assessment_for_user`; municipality isolation lives there."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisations.models import Membership
from projects.access import can_edit_project, membership_in_project

from .models import Assessment


def get_assessment_for_user(user, pk) -> Assessment:
    """The assessment, if its project belongs to the user's municipality, else 404."""
    return get_object_or_404(
        Assessment.objects.for_user(user).select_related(
            "project", "project__lead", "template_version", "template_version__template"
        ),
        pk=pk,
    )


def seat_for_answering(user, assessment: Assessment) -> Membership | None:
    """Committee members answer for themselves, from their side of the table."""
    return membership_in_project(user, assessment.project)


def can_write_joint_answer(user, assessment: Assessment) -> bool:
    """The project lead, or a secretary of a committee handling the project."""
    if can_edit_project(user, assessment.project):
        return True
    return Membership.objects.filter(
        user=user, committee__projects=assessment.project, role=Membership.Role.SECRETARY
    ).exists()


def require_seat(user, assessment: Assessment) -> Membership:
    seat = seat_for_answering(user, assessment)
    if seat is None:
        raise PermissionDenied
    return seat


def require_joint_writer(user, assessment: Assessment) -> None:
    if not can_write_joint_answer(user, assessment):
        raise PermissionDenied
