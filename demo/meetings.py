"""The committees' meetings, from fixtures/meetings.toml, each played when
the projects' stories reach its time (`MeetingSchedule`), and the meetings
in a project's story (`play_project_meeting`): each meeting is created with the meeting form, its items are put
on the agenda with `Meeting.add_item` (or carried over with
`carry_over_undecided`), outcomes go through `record_outcome`, follow-ups
through `add_action`, and the chair and vice-chair sign the minutes with
`sign_minutes` (from the seat `meetings.access.signing_seat` finds)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from meetings.access import signing_seat
from meetings.forms import ActionForm, AgendaItemForm, MeetingForm, OutcomeForm
from meetings.models import Action, AgendaItem, Meeting, MinutesSignature
from meetings.schedule import is_working_day
from method.vocabulary import Side
from organisations.models import Committee
from projects.models import Project

from .fixture_files import Entry, FixtureFile
from .organisation import Cast

OUTCOME = ("decision", "dissent", "dissent_side")


class MeetingSchedule:
    """The meetings of meetings.toml, each played when the projects' stories
    reach its time (a story asks before it moves a project on, so the
    decisions that open a phase gate are there), the rest at the end."""

    def __init__(self, file: FixtureFile, cast: Cast):
        self.cast = cast
        self.waiting = []
        for entry in file.root(optional=("meeting",)).tables("meeting"):
            entry.expect(
                required=("municipality", "committee", "days_ago", "time", "place", "organiser"),
                optional=("held", "minutes_approved_by", "item"),
            )
            at = _time_of_day(entry)
            starts_at = _days_ago(entry, "days_ago").replace(
                hour=at.hour, minute=at.minute, second=0, microsecond=0
            )
            self.waiting.append((starts_at, entry))

    def play_until(self, moment) -> None:
        due = [(at, entry) for at, entry in self.waiting if at <= moment]
        for at, entry in due:
            self.waiting.remove((at, entry))
            _play_meeting(entry, self.cast, at)

    def play_rest(self) -> None:
        for at, entry in self.waiting:
            _play_meeting(entry, self.cast, at)
        self.waiting = []


def _play_meeting(entry: Entry, cast: Cast, starts_at) -> None:
    municipality = cast.municipality(entry, "municipality")
    committee = cast.committee(entry, municipality, entry.text("committee"))
    meeting = _new_meeting(
        entry,
        committee,
        starts_at,
        entry.text("place"),
        cast.user(entry, "organiser", municipality),
    )
    for item in entry.tables("item"):
        with item.reporting():
            _play_item(item, meeting, cast)
    with entry.reporting():
        if entry.flag("held"):
            meeting.mark_held()
    for username in entry.names("minutes_approved_by"):
        _sign(entry, meeting, cast.user_named(entry, "minutes_approved_by", username, municipality))


def _new_meeting(entry: Entry, committee, starts_at, place: str, organiser) -> Meeting:
    form = MeetingForm(
        {"committee": committee.pk, "starts_at": starts_at, "place": place},
        committees=Committee.objects.filter(municipality=committee.municipality_id),
    )
    entry.valid(form)
    meeting = form.save(commit=False)
    meeting.created_by = organiser
    meeting.save()
    return meeting


def play_project_meeting(entry: Entry, project: Project, committee, starts_at) -> Meeting:
    """A meeting in a project's story: the committee deals with the project
    (one item, til drøftelse or til beslutning) and records its conclusion;
    the meeting is held. Organised by the project's lead."""
    meeting = _new_meeting(entry, committee, starts_at, entry.text("place"), project.lead)
    item = _add_item(entry, meeting, project)
    meeting.mark_held()
    _record_outcome(entry, item)
    return meeting


def _sign(entry: Entry, meeting: Meeting, user) -> None:
    """`user` signs the minutes as chair or vice-chair, dated the next
    working day after the meeting (or after the signature before)."""
    seat = signing_seat(user, meeting)
    if seat is None:
        raise entry.error(
            f"minutes_approved_by: {user.username!r} er hverken formand eller næstformand "
            f"i {meeting.committee}."
        )
    with entry.reporting():
        signature = meeting.sign_minutes(seat)
    latest = meeting.signatures.exclude(pk=signature.pk).order_by("-signed_at").first()
    day = timezone.localtime(latest.signed_at if latest else meeting.starts_at)
    day = (day + timedelta(days=1)).replace(hour=10, minute=0)
    while not is_working_day(day.date()):
        day += timedelta(days=1)
    MinutesSignature.objects.filter(pk=signature.pk).update(signed_at=day)
    if meeting.minutes_frozen:
        Meeting.objects.filter(pk=meeting.pk).update(approved_at=day)


def _play_item(entry: Entry, meeting: Meeting, cast: Cast) -> None:
    if entry.has("carry_over"):
        entry.expect(required=("carry_over",))
        if entry.flag("carry_over"):
            meeting.carry_over_undecided()
        return
    entry.expect(
        required=("title", "kind"),
        optional=("project", "description", "proposal", "closed", *OUTCOME, "action"),
    )
    project = None
    if entry.has("project"):
        title = entry.text("project")
        municipality = meeting.committee.municipality
        project = Project.objects.filter(municipality=municipality, title=title).first()
        if project is None:
            raise entry.error(f"project = {title!r}: intet projekt med den titel i {municipality}.")
    item = _add_item(entry, meeting, project)
    _record_outcome(entry, item)
    for action in entry.tables("action"):
        with action.reporting():
            _play_action(action, item, cast)


def _add_item(entry: Entry, meeting: Meeting, project) -> AgendaItem:
    form = AgendaItemForm(
        {
            "title": entry.text("title"),
            "kind": entry.choice("kind", AgendaItem.Kind),
            "project": project.pk if project else "",
            "description": entry.text("description"),
            "proposal": entry.text("proposal"),
            "is_closed": entry.flag("closed"),
        },
        meeting=meeting,
    )
    return meeting.add_item(**entry.valid(form))


def _record_outcome(entry: Entry, item: AgendaItem) -> None:
    if any(entry.has(key) for key in OUTCOME):
        outcome = OutcomeForm(
            {
                "decision": entry.text("decision"),
                "dissent": entry.text("dissent"),
                "dissent_side": entry.choice("dissent_side", Side),
            }
        )
        item.record_outcome(**entry.valid(outcome))


def _play_action(entry: Entry, item: AgendaItem, cast: Cast) -> None:
    entry.expect(required=("what", "owner"), optional=("deadline_days_ago", "status"))
    deadline = (
        _days_ago(entry, "deadline_days_ago").date() if entry.has("deadline_days_ago") else ""
    )
    owner = cast.user(entry, "owner", item.meeting.committee.municipality)
    form = ActionForm(
        {"what": entry.text("what"), "owner": owner.pk, "deadline": deadline},
        meeting=item.meeting,
    )
    action = item.add_action(**entry.valid(form))
    if entry.has("status"):
        action.set_status(entry.choice("status", Action.Status))


def _days_ago(entry: Entry, key: str):
    """Today's local time moved `key` days back (a negative number: ahead)."""
    return timezone.localtime() - timedelta(days=entry.number(key))


def _time_of_day(entry: Entry) -> time:
    written = entry.text("time")
    try:
        return datetime.strptime(written, "%H:%M").time()
    except ValueError:
        raise entry.error(
            f'time = {written!r}: skriv klokkeslættet som TT:MM, fx "14:00".'
        ) from None
