"""Who may see and change a business case and its benefits. Every view
gets its case through `get_business_case_for_user` and its benefit through
`get_benefit_for_user`; the municipality scope is `for_user`.

Reading is for everyone in the project's municipality (the publication:
"åbne om gevinster og deres forudsætninger"). The case and a benefit's
status are kept by the project's record keepers (`projects.records`); a
benefit's measurements also by its owner, who is accountable for it and
holds the figures."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisations.tenancy import CHANGE, VIEW, check_action
from projects.access import get_project_for_user
from projects.records import keeps_records

from .models import Benefit, BusinessCase
from .services import case_of

MEASURE = "measure"  # record a measurement of a benefit


def get_business_case_for_user(user, project_pk, *, action: str = VIEW) -> BusinessCase:
    """The business case of a project of the user's municipality (else
    404; unsaved and empty before its first save); with action="change",
    one the user keeps (else 403)."""
    check_action(action, (VIEW, CHANGE))
    project = get_project_for_user(user, project_pk)
    if action == CHANGE and not keeps_records(user, project):
        raise PermissionDenied
    case = case_of(project)
    case.project = project  # with its lead, already read
    return case


def get_benefit_for_user(user, pk, *, action: str = VIEW) -> Benefit:
    """A benefit of a project of the user's municipality (else 404); with
    action="change" (its status) one the user keeps, with action="measure"
    one the user keeps or owns (else 403)."""
    check_action(action, (VIEW, CHANGE, MEASURE))
    benefit = get_object_or_404(
        Benefit.objects.for_user(user).select_related(
            "owner", "status_changed_by", "case__project__lead", "case__project__assessment"
        ),
        pk=pk,
    )
    if action != VIEW and not may(user, benefit, action):
        raise PermissionDenied
    return benefit


def may(user, benefit: Benefit, action: str) -> bool:
    check_action(action, (CHANGE, MEASURE))
    if action == MEASURE and benefit.owner_id == user.id:
        return True
    return keeps_records(user, benefit.case.project)
