"""Who may see and run a committee's meetings, who signs the minutes, and
who may see a closed agenda item. Every meeting view gets its meeting
through `get_meeting_for_user` and its items through `get_item_for_user`;
every page, partial, task and pack that shows items asks `visible_items`;
the meeting page shows the controls `controls_for` allows."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from organisations.models import Committee, Membership
from organisations.tenancy import CHANGE, VIEW, check_action, municipality_id_of
from projects.records import kept_projects

from .models import SIGNING_ROLES, Action, AgendaItem, Meeting

SIGN = "sign"  # sign the minutes, as the committee's chair or vice-chair

# The seats whose holders run their committee's meetings (besides project leads).
ORGANISING_ROLES = (Membership.Role.SECRETARY, *SIGNING_ROLES)


def get_meeting_for_user(user, pk, *, action: str = VIEW) -> Meeting:
    """The meeting, if its committee is in the user's municipality (else
    404); with action="change", one the user organises, with action="sign",
    one whose minutes the user signs (else 403)."""
    check_action(action, (VIEW, CHANGE, SIGN))
    meeting = get_object_or_404(
        Meeting.objects.for_user(user).select_related("committee", "committee__municipality"),
        pk=pk,
    )
    if action == CHANGE and not can_manage_meeting(user, meeting):
        raise PermissionDenied
    if action == SIGN and signing_seat(user, meeting) is None:
        raise PermissionDenied
    return meeting


def get_item_for_user(user, meeting: Meeting, item_id) -> AgendaItem:
    """An agenda item of this meeting; a closed item is 404 to those who may
    not see it."""
    return get_object_or_404(visible_items(user).filter(meeting=meeting), pk=item_id)


def get_action_for_user(user, action_id, *, action: str = CHANGE) -> Action:
    """A follow-up action the user may see (`visible_actions`); changing
    its status is for those `ActionRights.may_change` names (else 403)."""
    check_action(action, (VIEW, CHANGE))
    follow_up = get_object_or_404(
        visible_actions(user).select_related("item__meeting__committee", "project"),
        pk=action_id,
    )
    if action == CHANGE and not action_rights(user).may_change(follow_up):
        raise PermissionDenied
    return follow_up


def visible_actions(user):
    """The follow-up actions of the user's municipality the user may see:
    those of agenda items the user may see (`visible_items`), and every
    action made on a project outside a meeting (the municipality reads a
    project's follow-up, as it reads its joint answers)."""
    # Exists per action (an index lookup of its item), not "item in (every
    # visible item of the municipality)", which PostgreSQL reads in full.
    return Action.objects.for_user(user).filter(
        Q(item__isnull=True) | Exists(visible_items(user).filter(pk=OuterRef("item_id")))
    )


@dataclass(frozen=True)
class ActionRights:
    """Whose follow-ups the user may change, read once per page (two
    queries): a follow-up's owner, the organisers of the meeting it came
    from, and the record keepers of its project (`projects.records`)."""

    user_id: int
    organised: frozenset  # committees whose meetings the user runs
    kept: frozenset  # projects whose records the user keeps

    def may_change(self, follow_up: Action) -> bool:
        """Needs `follow_up.item.meeting` for an action from a meeting."""
        return (
            follow_up.owner_id == self.user_id
            or (
                follow_up.item_id is not None
                and follow_up.item.meeting.committee_id in self.organised
            )
            or (follow_up.project_id is not None and follow_up.project_id in self.kept)
        )

    def may_add_to(self, project_id: int) -> bool:
        return project_id in self.kept


def action_rights(user) -> ActionRights:
    return ActionRights(
        user.id,
        frozenset(managed_committees(user).values_list("pk", flat=True)),
        frozenset(kept_projects(user).values_list("pk", flat=True)),
    )


# -- closed items: the one rule ---------------------------------------------


def sees_closed_items_of(user) -> Q:
    """Where the user may see a closed item: in the committees they sit in or
    organise meetings for, and on their own projects."""
    # The committees one organises (`managed_committees`) are the whole
    # municipality for a project lead, else among those one sits in: so
    # one condition, not a subquery within a subquery for each (planning
    # the meeting page's pack list, which asks this twice, took 1.9 ms).
    own_projects = Q(project__lead_id=user.pk)
    if organises_every_committee(user):
        return Q(meeting__committee__municipality_id=municipality_id_of(user)) | own_projects
    member_of = Membership.objects.current().filter(user=user).values("committee_id")
    return Q(meeting__committee_id__in=member_of) | own_projects


def visible_items(user, items=None):
    """The agenda items (of the user's municipality) the user may see, with
    their material: every open item; a closed item only for the committee's
    members (its secretary, chair and vice-chair among them), the meeting's
    organisers (`managed_committees`: also project leads) and the lead of
    the item's project."""
    items = AgendaItem.objects.all() if items is None else items
    return items.for_user(user).filter(Q(is_closed=False) | sees_closed_items_of(user))


def hidden_items(user, items=None):
    """The closed items of the user's municipality the user may not see."""
    items = AgendaItem.objects.all() if items is None else items
    return items.for_user(user).filter(is_closed=True).exclude(sees_closed_items_of(user))


def may_appear_in_pack(item: AgendaItem, pack_items) -> bool:
    """Whether an item's material (its decision, its follow-up actions) may
    be printed in a pack holding `pack_items`, all of one meeting. Whoever
    may download the pack may see every item in it (`packs.access`), and
    nothing more may be printed in it, today or after seats and leads change:

    - an open item always;
    - a closed item never in a pack without closed items, which anyone in
      the municipality may read;
    - else only a closed item of the pack's own committee (the pack's
      readers sit in it or organise its meetings, so they see its closed
      items by the rule above), and only when the pack holds a closed item
      without a project or of the same project: else the lead of another
      project on a closed item could read the pack and not see this one.
    """
    if not item.is_closed:
        return True
    closed = [each for each in pack_items if each.is_closed]
    same_committee = all(each.meeting.committee_id == item.meeting.committee_id for each in closed)
    no_other_lead = any(each.project_id in (None, item.project_id) for each in closed)
    return bool(closed) and same_committee and no_other_lead


# -- organising meetings and signing the minutes ---------------------------


def can_manage_meeting(user, meeting: Meeting) -> bool:
    """The meeting's organisers (see `managed_committees`)."""
    return managed_committees(user).filter(pk=meeting.committee_id).exists()


def managed_committees(user):
    """Committees whose meetings the user may create and run: every
    committee of the municipality for a project lead; otherwise those where
    the user is secretary, chair or vice-chair."""
    own = Committee.objects.for_user(user)  # none for a user without a municipality
    if organises_every_committee(user):
        return own
    organising_seats = Membership.objects.current().filter(user=user, role__in=ORGANISING_ROLES)
    return own.filter(pk__in=organising_seats.values("committee_id"))


def organises_every_committee(user) -> bool:
    """Project leads (and staff) run meetings of every committee of their
    municipality."""
    return municipality_id_of(user) is not None and (user.is_project_lead or user.is_staff)


def signing_seat(user, meeting: Meeting) -> Membership | None:
    """The user's current seat as chair or vice-chair of the meeting's committee."""
    return (
        Membership.objects.current()
        .filter(user=user, committee=meeting.committee_id, role__in=SIGNING_ROLES)
        .select_related("user", "committee")
        .first()
    )


@dataclass(frozen=True)
class MeetingControls:
    """Which of the meeting page's controls the user may use now: who may
    (`access`) meets when it can be done (the meeting's state, `models`).
    A control the user may not use is not shown."""

    meeting: Meeting
    organises: bool
    seat: Membership | None  # the user's signing seat, if any

    @property
    def edit_agenda(self) -> bool:
        return self.organises and self.meeting.agenda_is_open

    @property
    def send_material(self) -> bool:
        return self.edit_agenda

    @property
    def write_minutes(self) -> bool:
        return self.organises and not self.meeting.minutes_frozen

    @property
    def mark_held(self) -> bool:
        return (
            self.organises
            and self.meeting.status == Meeting.Status.PLANNED
            and self.meeting.has_started
        )

    @property
    def sign(self) -> bool:
        return self.seat is not None and self.meeting.awaits_signature_from(self.seat.role)

    @property
    def make_packs(self) -> bool:
        return self.organises


def controls_for(user, meeting: Meeting) -> MeetingControls:
    return MeetingControls(meeting, can_manage_meeting(user, meeting), signing_seat(user, meeting))
