"""Who may see an assessment, answer it, write the committee's joint
answers and move it to a newer template version. Every assessment view
gets its assessment through `get_assessment_for_user`; the municipality
scope is `for_user`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisations.models import Membership
from organisations.tenancy import CHANGE, VIEW, check_action
from projects.access import can_edit_project, membership_in_project

from .models import Assessment

ANSWER = "answer"  # a member's own answer, from their side of the table
WRITE_JOINT = "write_joint"  # the committee's joint answer
ACTIONS = (VIEW, ANSWER, WRITE_JOINT, CHANGE)


def get_assessment_for_user(user, pk, *, action: str = VIEW) -> Assessment:
    """The assessment, if its project belongs to the user's municipality
    (else 404), and the user may do `action` with it (else 403)."""
    check_action(action, ACTIONS)
    assessment = get_object_or_404(
        Assessment.objects.for_user(user).select_related(
            "project", "project__lead", "template_version", "template_version__template"
        ),
        pk=pk,
    )
    if not may(user, assessment, action):
        raise PermissionDenied
    return assessment


def may(user, assessment: Assessment, action: str) -> bool:
    if action == ANSWER:
        return seat_for_answering(user, assessment) is not None
    if action == WRITE_JOINT:
        return can_write_joint_answer(user, assessment)
    if action == CHANGE:
        return can_edit_project(user, assessment.project)
    return True


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
