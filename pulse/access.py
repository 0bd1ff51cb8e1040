"""Who may open, run and read a medarbejderpuls, in one place.

- **Open** a pulse on a project: its project lead, or either side's
  representative: the formand or næstformand of a committee handling the
  project (docs/decisions.md says why not every member).
- **Run** a pulse (see its link, close it early): the one who opened it and
  the project's lead.
- **Read** its results: whoever may read the project's assessment summaries
  (`assessments.access`, action view): the results are a summary too.

The link itself is public (`get_pulse_by_token`): it needs no account and
shows no more than the project's title and the questions. Every view gets
its pulse through `get_pulse_for_user` or `get_pulse_by_token`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from assessments import access as assessment_access
from organisations.models import Membership
from organisations.tenancy import CHANGE, VIEW, check_action
from projects.access import can_edit_project

from .models import Pulse

REPRESENTATIVE_ROLES = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR)


def may_open_pulse(user, project) -> bool:
    if can_edit_project(user, project):
        return True
    return Membership.objects.filter(
        user=user, committee__projects=project, role__in=REPRESENTATIVE_ROLES
    ).exists()


def may_run_pulse(user, pulse: Pulse) -> bool:
    return pulse.opened_by_id == user.id or can_edit_project(user, pulse.project)


def may_read_results(user, project) -> bool:
    return assessment_access.may(user, project.assessment, VIEW)


def get_pulse_for_user(user, pk, *, action: str = VIEW) -> Pulse:
    """The pulse, if its project belongs to the user's municipality (else
    404) and the user may read its results (view) or run it (change; else 403)."""
    check_action(action, (VIEW, CHANGE))
    pulse = get_object_or_404(
        Pulse.objects.for_user(user).select_related("project", "project__assessment", "opened_by"),
        pk=pk,
    )
    if not may_read_results(user, pulse.project):
        raise PermissionDenied
    if action == CHANGE and not may_run_pulse(user, pulse):
        raise PermissionDenied
    return pulse


def get_pulse_by_token(token: str) -> Pulse:
    """The pulse a link leads to, for anyone who has the link (else 404)."""
    return get_object_or_404(Pulse.objects.select_related("project"), token=token)
