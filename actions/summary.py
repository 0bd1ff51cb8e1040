"""A project's open follow-ups as plain data, for the dialogue pack (issue
8, item 7): `open_actions_summary` returns the open actions on the project
that anyone who reads the project may see (made outside a meeting, or at
an open agenda item), oldest deadline first, overdue ones marked. Actions
of closed agenda items are left out: whether a pack may print them is
`meetings.access.may_appear_in_pack`, which needs the pack's own items, so
a pack asks `open_actions(project, closed_items=True)` and that rule.
One query."""

from django.db.models import Q
from django.utils import timezone

from meetings.followups import Action

from .export import serves


def open_actions(project, *, closed_items: bool = False):
    """The project's open actions; with `closed_items` also those agreed at
    closed agenda items (the caller decides, by `may_appear_in_pack`)."""
    actions = Action.objects.open().filter(project=project)
    if not closed_items:
        actions = actions.filter(Q(item__isnull=True) | Q(item__is_closed=False))
    return actions.select_related(
        "owner", "item__meeting__committee", "question", "benefit", "competence_line__plan"
    )


def action_summary(action: Action, today) -> dict:
    meeting = action.item.meeting if action.item_id is not None else None
    return {
        "id": action.pk,
        "what": action.what,
        "owner": str(action.owner),
        "deadline": action.deadline.isoformat() if action.deadline else "",
        "overdue": action.deadline is not None and action.deadline < today,
        "status": action.status,
        "status_label": action.get_status_display(),
        "from_meeting": meeting is not None,
        "agreed_at": timezone.localtime(meeting.starts_at).isoformat() if meeting else "",
        "committee": meeting.committee.name if meeting else "",
        "serves": serves(action),
    }


def open_actions_summary(project) -> list[dict]:
    today = timezone.localdate()
    return [action_summary(action, today) for action in open_actions(project)]
