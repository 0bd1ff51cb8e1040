"""Who is told what, and when (docs/decisions.md, "Notifications"):

- a pack is made: the person who asked for it (`notify_pack_ready`);
- the material is sent out: the invitation, with the agenda and the
  meeting as a calendar event, to everyone with a seat in the committee
  and the leads of the projects on the agenda (`notify_material_sent`);
- a comment is written: everyone else who wrote in that thread and may
  still take part in the discussion (`notify_reply`);
- a joint answer awaits a side's confirmation: that side's confirmers
  (`notify_confirmation_awaited`);
- every morning: the owner of each open action due tomorrow, and of each
  action whose deadline has passed, once per deadline (`check_actions`).

Each function takes ids and records (`outbox.record`); whether the
recipient may see it is asked again when the mail is written
(`notifications.kinds`)."""

from datetime import date, timedelta

from django.utils import timezone

from assessments.access import COMMENT, confirmer_ids, standing_of
from assessments.models import Answer, Comment
from meetings.followups import Action
from meetings.models import Meeting
from organisations.models import User
from packs.models import DialoguePack

from .kinds import confirmation_occasion, invitation_occasion, invitees
from .models import Kind
from .outbox import record


def notify_pack_ready(pack_id: int) -> None:
    pack = DialoguePack.objects.filter(pk=pack_id, status=DialoguePack.Status.READY).first()
    if pack is not None:
        record(Kind.PACK_READY, [(pack.requested_by_id, pack.pk, "")])


def notify_material_sent(meeting_id: int) -> None:
    meeting = Meeting.objects.select_related("committee").get(pk=meeting_id)
    occasion = invitation_occasion(meeting)
    people = invitees(meeting).filter(municipality=meeting.committee.municipality_id)
    record(
        Kind.INVITATION, [(pk, meeting.pk, occasion) for pk in people.values_list("pk", flat=True)]
    )


def notify_reply(comment_id: int) -> None:
    comment = Comment.objects.select_related("assessment__project").get(pk=comment_id)
    earlier = (
        Comment.objects.filter(
            assessment=comment.assessment_id, question=comment.question_id, pk__lt=comment.pk
        )
        .exclude(author=comment.author_id)
        .values("author_id")
    )
    taking_part = [
        person.pk
        for person in User.objects.filter(pk__in=earlier)
        if standing_of(person, comment.assessment).may(COMMENT)
    ]
    record(Kind.REPLY, [(pk, comment.pk, "") for pk in taking_part])


def notify_confirmation_awaited(answer_id: int, side: str, confirmers=None) -> None:
    """A joint answer waits for `side` to confirm it: tell that side's
    confirmers, by default those `assessments.access.confirmer_ids` names
    (the holders of its formand and næstformand seats in the project's
    committees, or whom a committee named instead); `confirmers` (user
    ids) to tell others. Called again after the answer changed (a new
    version), it asks again; for the same version, never twice."""
    answer = Answer.objects.joint().select_related("assessment__project").get(pk=answer_id)
    project = answer.assessment.project
    if confirmers is None:
        confirmers = confirmer_ids(project, side)
    people = User.objects.filter(pk__in=list(confirmers), municipality=project.municipality_id)
    occasion = confirmation_occasion(side, answer)
    record(
        Kind.CONFIRMATION, [(pk, answer.pk, occasion) for pk in people.values_list("pk", flat=True)]
    )


def check_actions(today: date | None = None) -> None:
    """The daily check: each open action due tomorrow, and each open action
    whose deadline has passed, is told to its owner once per deadline."""
    today = today or timezone.localdate()
    due = Action.objects.open().filter(deadline=today + timedelta(days=1))
    record(Kind.ACTION_DUE, _owners(due))
    record(Kind.ACTION_OVERDUE, _owners(Action.objects.overdue(today)))


def _owners(actions) -> list[tuple[int, int, str]]:
    return [
        (owner_id, pk, str(deadline))
        for pk, owner_id, deadline in actions.values_list("pk", "owner_id", "deadline")
    ]
