"""What each kind of mail says, and whether its recipient may still have it.

Each kind's function takes a recorded notification and returns the `Piece`
of mail it makes, or why it is not sent (`Dropped`): it finds the object
the way the recipient would, through the same access rule their pages ask
(closed agenda items: `meetings.access.visible_items`; packs:
`packs.access.readable_packs`; actions: `meetings.access.visible_actions`;
the discussion: `assessments.access.Standing`), so a mail never tells a
person what the page would not show them. Asked when the mail is sent,
not when the notification is recorded: a seat that ended in between ends
the mail too. Run with the recipient's language active."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from assessments.access import COMMENT, CONFIRM, standing_of
from assessments.models import Answer, Comment
from meetings.access import visible_actions, visible_items
from meetings.models import Meeting
from method.vocabulary import Side
from organisations.models import Membership, User
from packs.access import readable_packs
from packs.models import DialoguePack, Part

from .calendar import invitation_ics
from .models import Dropped, Kind, Notification

# A subject names its object in one line, shortened to this many characters.
SUBJECT_TEXT_LENGTH = 60
# The start of a comment quoted in the mail, in characters; the rest is on the page.
QUOTE_LENGTH = 300


@dataclass
class Piece:
    """One notification's part of a mail: alone, it is the whole mail; in
    the digest, one entry among the day's."""

    subject: str
    text: str
    attachments: list = field(default_factory=list)  # (filename, bytes, mimetype)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def one_line(text: str, length: int = SUBJECT_TEXT_LENGTH) -> str:
    """User text fit for a subject: one line (a header cannot hold two), short."""
    words = " ".join(str(text).split())
    return words if len(words) <= length else words[: length - 1].rstrip() + "…"


def spoken_time(moment) -> str:
    """'torsdag 8. januar 2026 kl. 14:00' in the active language."""
    local = timezone.localtime(moment)
    return _("%(weekday)s %(date)s kl. %(time)s") % {
        "weekday": formats.date_format(local, "l"),
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": formats.time_format(local, "TIME_FORMAT"),
    }


def spoken_date(day: date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _piece(template: str, subject: str, context: dict, attachments=()) -> Piece:
    text = render_to_string(f"notifications/mail/{template}", context).strip()
    # A header holds one line, whatever a committee's or project's name holds.
    return Piece(" ".join(subject.split()), text, list(attachments))


# -- meetings ---------------------------------------------------------------


def invitees(meeting: Meeting):
    """Who is invited when the material is sent out: everyone holding a seat
    in the committee now (its secretary among them), and the leads of the
    projects on the agenda."""
    seats = Membership.objects.current().filter(committee=meeting.committee_id)
    leads = meeting.items.exclude(project=None).values("project__lead_id")
    return User.objects.filter(Q(pk__in=seats.values("user_id")) | Q(pk__in=leads))


def invitation_occasion(meeting: Meeting) -> str:
    """A meeting moved to another time is invited to again."""
    return meeting.starts_at.isoformat()


def invitation(note: Notification) -> Piece | Dropped:
    person = note.recipient
    meeting = (
        Meeting.objects.for_user(person)
        .filter(pk=note.object_id, material_sent_at__isnull=False)
        .select_related("committee")
        .first()
    )
    if meeting is None or not invitees(meeting).filter(pk=person.pk).exists():
        return Dropped.NOT_VISIBLE
    if meeting.has_started or note.occasion != invitation_occasion(meeting):
        return Dropped.OUTDATED
    items = list(visible_items(person).filter(meeting=meeting).order_by("order"))
    link = absolute(reverse("meeting_detail", args=[meeting.pk]))
    # Earlier invitations to the same meeting (it moved): the calendar
    # replaces the event it has when the number grows.
    sequence = Notification.objects.filter(
        recipient=person, kind=Kind.INVITATION, object_id=meeting.pk, created_at__lt=note.created_at
    ).count()
    context = {
        "meeting": meeting,
        "when": spoken_time(meeting.starts_at),
        "items": items,
        "link": link,
    }
    ics = invitation_ics(meeting, items, link, sequence=sequence)
    subject = _("Indkaldelse: %(committee)s %(when)s") % {
        "committee": meeting.committee.name,
        "when": spoken_time(meeting.starts_at),
    }
    filename = f"indkaldelse-{timezone.localdate(meeting.starts_at):%Y-%m-%d}.ics"
    return _piece("invitation.txt", subject, context, [(filename, ics, ICS_MIMETYPE)])


ICS_MIMETYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def pack_ready(note: Notification) -> Piece | Dropped:
    person = note.recipient
    pack = (
        readable_packs(person)
        .filter(pk=note.object_id, status=DialoguePack.Status.READY)
        .select_related("meeting__committee")
        .first()
    )
    if pack is None:
        return Dropped.NOT_VISIBLE
    meeting = pack.meeting
    # A pack the person may read holds only items they may see.
    item = visible_items(person).filter(pk=pack.item_id).first() if pack.item_id else None
    context = {
        "meeting": meeting,
        "when": spoken_time(meeting.starts_at),
        "item": item,
        "closed_part": pack.part == Part.CLOSED,
        "pages": pack.pages,
        "link": absolute(reverse("meeting_detail", args=[meeting.pk])),
    }
    subject = _("Mødematerialet er klar: %(committee)s %(date)s") % {
        "committee": meeting.committee.name,
        "date": spoken_date(timezone.localdate(meeting.starts_at)),
    }
    return _piece("pack_ready.txt", subject, context)


# -- follow-up actions ------------------------------------------------------


def _own_open_action(note: Notification):
    """The recipient's action, still open with the deadline the notice is
    about; or why not."""
    action = (
        visible_actions(note.recipient)
        .filter(pk=note.object_id, owner=note.recipient)
        .select_related("project", "item__meeting__committee")
        .first()
    )
    if action is None:
        return Dropped.NOT_VISIBLE
    if action.status == action.Status.DONE or str(action.deadline) != note.occasion:
        return Dropped.OUTDATED
    return action


def _action_piece(note, template: str, subject: str) -> Piece | Dropped:
    action = _own_open_action(note)
    if isinstance(action, Dropped):
        return action
    context = {
        "action": action,
        "deadline": spoken_date(action.deadline),
        "link": absolute(reverse("action_list") + "?mine=on"),
    }
    return _piece(template, subject % {"what": one_line(action.what)}, context)


def action_due(note: Notification) -> Piece | Dropped:
    if note.occasion != str(timezone.localdate() + timedelta(days=1)):
        return Dropped.OUTDATED  # tomorrow has come: the overdue notice takes over
    return _action_piece(note, "action_due.txt", _("Frist i morgen: %(what)s"))


def action_overdue(note: Notification) -> Piece | Dropped:
    return _action_piece(note, "action_overdue.txt", _("Over fristen: %(what)s"))


# -- the assessment ---------------------------------------------------------


def reply(note: Notification) -> Piece | Dropped:
    person = note.recipient
    comment = (
        Comment.objects.for_user(person)
        .filter(pk=note.object_id)
        .select_related("author", "question", "assessment__project")
        .first()
    )
    if comment is None or not standing_of(person, comment.assessment).may(COMMENT):
        return Dropped.NOT_VISIBLE
    project = comment.assessment.project
    context = {
        "comment": comment,
        "project": project,
        "quote": one_line(comment.body, QUOTE_LENGTH),
        "link": absolute(reverse("comments", args=[comment.assessment_id, comment.question_id])),
    }
    subject = _("Nyt indlæg i drøftelsen om %(project)s") % {"project": one_line(project.title)}
    return _piece("reply.txt", subject, context)


def confirmation_occasion(side: str, answer: Answer) -> str:
    """The side and the version the wait began with: a joint answer changed
    after the side confirmed it asks again."""
    return f"{side}:{answer.version}"


def confirmation(note: Notification) -> Piece | Dropped:
    person = note.recipient
    answer = (
        Answer.objects.for_user(person)
        .joint()
        .filter(pk=note.object_id)
        .select_related("question", "assessment__project")
        .first()
    )
    side = note.occasion.split(":", 1)[0]
    if (
        answer is None
        or side not in Side.values
        or not standing_of(person, answer.assessment).may(CONFIRM, side=side)
    ):
        return Dropped.NOT_VISIBLE
    project = answer.assessment.project
    # The notice tells of a wait that began with its version; it is old news
    # once the side has confirmed, the answer left the phase or lost its
    # status, or a newer notice (the answer reopened) asks again.
    line = next(line for line in answer.confirmation_lines() if line.side == side)
    newer = Notification.objects.filter(
        recipient=person,
        kind=Kind.CONFIRMATION,
        object_id=answer.pk,
        occasion__startswith=f"{side}:",
        pk__gt=note.pk,
    )
    if (
        line.confirmation
        or not answer.awaits_confirmation
        or answer.phase != project.phase
        or newer.exists()
    ):
        return Dropped.OUTDATED
    context = {
        "answer": answer,
        "project": project,
        "side": Side(side).label,
        "link": absolute(reverse("comparison", args=[answer.assessment_id])),
    }
    subject = _("Et fælles svar venter på jeres bekræftelse: %(project)s") % {
        "project": one_line(project.title)
    }
    return _piece("confirmation.txt", subject, context)


PIECES = {
    Kind.PACK_READY: pack_ready,
    Kind.INVITATION: invitation,
    Kind.ACTION_DUE: action_due,
    Kind.ACTION_OVERDUE: action_overdue,
    Kind.REPLY: reply,
    Kind.CONFIRMATION: confirmation,
}
