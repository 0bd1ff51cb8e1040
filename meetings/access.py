"""Who may see and run a committee's meetings. Every meeting view gets its
meeting through `get_meeting_for_user` and its items through
`get_item_for_user`; municipality isolation and closed items live here."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisations.models import Committee, Membership

from .models import Action, AgendaItem, Meeting


def get_meeting_for_user(user, pk, *, manage: bool = False) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.for_user(user).select_related("committee", "committee__municipality"),
        pk=pk,
    )
    if manage and not can_manage_meeting(user, meeting):
        raise PermissionDenied
    return meeting


def get_item_for_user(user, meeting: Meeting, item_id) -> AgendaItem:
    """An agenda item of this meeting; a closed item is 404 to outsiders."""
    return get_object_or_404(
        AgendaItem.objects.visible_to(user).filter(meeting=meeting), pk=item_id
    )


def get_action_for_user(user, action_id) -> Action:
    action = get_object_or_404(
        Action.objects.select_related("item__meeting__committee").filter(
            item__meeting__committee__municipality_id=user.municipality_id,
            item__in=AgendaItem.objects.visible_to(user),
        ),
        pk=action_id,
    )
    if not (action.owner_id == user.id or can_manage_meeting(user, action.item.meeting)):
        raise PermissionDenied
    return action


def can_manage_meeting(user, meeting: Meeting) -> bool:
    """The committee's secretary, or a project lead of the municipality."""
    return meeting.committee_id in managed_committees(user).values_list("pk", flat=True)


def managed_committees(user):
    """Committees whose meetings the user may create and run."""
    if not user.is_authenticated or user.municipality_id is None:
        return Committee.objects.none()
    own = Committee.objects.filter(municipality_id=user.municipality_id)
    if user.is_project_lead or user.is_staff:
        return own
    return own.filter(
        memberships__user=user, memberships__role=Membership.Role.SECRETARY
    ).distinct()
