"""Who may do what in an assessment, in one place.

Everyone in the project's municipality sees the assessment: the joint
answers and each side's summary (how many answered, averages, spreads; no
names). The people *in the room* — a seat on one of the committees handling
the project (its secretaries included), and the project's lead — also read
the named individual answers and the discussion, and comment. A comment is
resolved by its author, the project's lead or a committee secretary; never
by someone else from either side, and not by a user without a seat.

Every assessment view gets its assessment through `get_assessment_for_user`
and its comment through `get_comment_for_user`; a page asks `standing_of`
once and shows only what `Standing.may` allows. The municipality scope is
`for_user`."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisations.models import Membership
from organisations.tenancy import CHANGE, VIEW, check_action
from projects.access import can_edit_project, membership_in_project

from .models import Assessment, Comment

ANSWER = "answer"  # a member's own answer, from their side of the table
WRITE_JOINT = "write_joint"  # the committee's joint answer
READ_INDIVIDUAL = "read_individual"  # the named individual answers and their history
COMMENT = "comment"  # read and write the discussion
RESOLVE = "resolve"  # mark one comment as resolved
ACTIONS = (VIEW, ANSWER, WRITE_JOINT, READ_INDIVIDUAL, COMMENT, RESOLVE, CHANGE)


@dataclass(frozen=True)
class Standing:
    """What the user is in one assessment's project, read once per request."""

    user_id: int
    seat: Membership | None  # the seat the user answers from
    leads: bool  # the project's lead (or staff): `can_edit_project`
    secretary: bool  # secretary of a committee handling the project
    phase: str  # the project's current phase: the only one answered

    @property
    def in_the_room(self) -> bool:
        return self.seat is not None or self.leads or self.secretary

    def may(self, action: str, comment: Comment | None = None, *, phase: str = "") -> bool:
        """Whether the user may do `action`; for ANSWER and WRITE_JOINT in
        `phase` if given (only the project's current phase is answered)."""
        check_action(action, ACTIONS)
        if action in (ANSWER, WRITE_JOINT) and phase and phase != self.phase:
            return False
        if action == ANSWER:
            return self.seat is not None
        if action == WRITE_JOINT:
            return self.leads or self.secretary
        if action in (READ_INDIVIDUAL, COMMENT):
            return self.in_the_room
        if action == RESOLVE:
            if comment is None:
                raise ValueError("RESOLVE is asked about one comment")
            return self.in_the_room and (
                comment.author_id == self.user_id or self.leads or self.secretary
            )
        if action == CHANGE:
            return self.leads
        return True  # VIEW: the municipality scope already holds

    # For templates, which cannot pass arguments.
    @property
    def may_answer(self) -> bool:
        return self.may(ANSWER)

    @property
    def may_write_joint(self) -> bool:
        return self.may(WRITE_JOINT)

    @property
    def may_read_individual(self) -> bool:
        return self.may(READ_INDIVIDUAL)

    @property
    def may_comment(self) -> bool:
        return self.may(COMMENT)


def standing_of(user, assessment: Assessment) -> Standing:
    """Two queries: the user's seat, and whether they are a secretary."""
    project = assessment.project
    return Standing(
        user_id=user.id,
        seat=membership_in_project(user, project),
        leads=can_edit_project(user, project),
        secretary=Membership.objects.current()
        .filter(user=user, committee__projects=project, role=Membership.Role.SECRETARY)
        .exists(),
        phase=project.phase,
    )


def may(user, assessment: Assessment, action: str, comment: Comment | None = None) -> bool:
    return standing_of(user, assessment).may(action, comment)


def get_assessment_for_user(user, pk, *, action: str = VIEW) -> Assessment:
    """The assessment, if its project belongs to the user's municipality
    (else 404), and the user may do `action` with it (else 403)."""
    check_action(action, tuple(a for a in ACTIONS if a != RESOLVE))
    assessment = get_object_or_404(
        Assessment.objects.for_user(user).select_related(
            "project", "project__lead", "template_version", "template_version__template"
        ),
        pk=pk,
    )
    if action != VIEW and not may(user, assessment, action):
        raise PermissionDenied
    return assessment


def get_comment_for_user(user, assessment: Assessment, comment_id, *, action: str) -> Comment:
    """A comment on this assessment (else 404) the user may `action`, i.e.
    resolve (else 403)."""
    check_action(action, (RESOLVE,))
    comment = get_object_or_404(
        Comment.objects.filter(assessment=assessment).select_related("question"), pk=comment_id
    )
    if not may(user, assessment, action, comment):
        raise PermissionDenied
    return comment


def seat_for_answering(user, assessment: Assessment) -> Membership | None:
    """Committee members answer for themselves, from their side of the table."""
    return membership_in_project(user, assessment.project)
