"""Who keeps a project's records beside the assessment: its business case
and benefits, its competence plans and its follow-up actions.

They are the people who write the committee's joint answers: the project's
lead (and staff of the municipality, as `can_edit_project` says) and the
secretaries of the committees handling it. The business case and the plans
are the committee's common account of the project, as the joint answers
are, so the same people keep both (tests/test_record_keepers.py checks
that this agrees with `assessments.access.Standing`). Everyone in the
municipality reads them (docs/decisions.md)."""

from django.db.models import Q

from organisations.models import Membership
from organisations.tenancy import municipality_id_of

from .models import Project


def kept_projects(user):
    """The projects of the user's municipality whose records the user keeps."""
    own = Project.objects.for_user(user)
    if municipality_id_of(user) is None or user.is_staff:
        return own
    secretary_of = Membership.objects.filter(user=user, role=Membership.Role.SECRETARY).values(
        "committee_id"
    )
    return own.filter(Q(lead=user) | Q(committees__in=secretary_of)).distinct()


def keeps_records(user, project) -> bool:
    return kept_projects(user).filter(pk=project.pk).exists()
