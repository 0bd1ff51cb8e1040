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
`for_user`.

A joint answer's status is confirmed for each side by one of that side's
confirmers (`confirmer_seats`): in each committee handling the project the
people it named for the side (`NamedConfirmer`), or while it named nobody,
the side's formand or næstformand; always through a current seat on that
side. Who names them: the municipality's administrators and the
committee's formand (`may_name_confirmers`)."""

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from administration.access import is_municipal_admin
from meetings.models import SIGNING_ROLES
from method.vocabulary import Side
from organisations.models import Committee, Membership
from organisations.tenancy import CHANGE, VIEW, check_action
from projects.access import can_edit_project, membership_in_project, seats_in_project
from questionnaires.models import Question

from .models import Assessment, Comment, NamedConfirmer

ANSWER = "answer"  # a member's own answer, from their side of the table
WRITE_JOINT = "write_joint"  # the committee's joint answer
READ_INDIVIDUAL = "read_individual"  # the named individual answers and their history
COMMENT = "comment"  # read and write the discussion
RESOLVE = "resolve"  # mark one comment as resolved
CONFIRM = "confirm"  # confirm a joint answer for one side
ACTIONS = (VIEW, ANSWER, WRITE_JOINT, READ_INDIVIDUAL, COMMENT, RESOLVE, CONFIRM, CHANGE)


class Standing:
    """What the user is in one assessment's project, read once per request.
    Each part is read when first asked (one query each at most): an
    autosave's permission check asks only for the seat; `standing_of`
    reads it whole for a page."""

    def __init__(self, user, project):
        self.user_id = user.id
        self.phase = project.phase  # the project's current phase: the only one answered
        self._user, self._project = user, project

    @cached_property
    def seat(self) -> Membership | None:
        """The seat the user answers from."""
        return membership_in_project(self._user, self._project)

    @cached_property
    def leads(self) -> bool:
        """The project's lead (or staff): `can_edit_project`."""
        return can_edit_project(self._user, self._project)

    @cached_property
    def secretary(self) -> bool:
        """Secretary of a committee handling the project."""
        seats = seats_in_project(self._user, self._project)
        return seats.filter(role=Membership.Role.SECRETARY).exists()

    @cached_property
    def confirms_for(self) -> frozenset[str]:
        """The sides whose joint answers the user confirms."""
        seats = confirmer_seats(self._project).filter(user=self.user_id)
        return frozenset(seats.values_list("side", flat=True))

    def read_all(self) -> None:
        """The seat, the secretary's role and the sides confirmed for, all
        from the user's seats in the project (one query: each asked alone
        costs one). Whether the user leads the project needs no query."""
        seats = list(with_confirms(seats_in_project(self._user, self._project)))
        self.__dict__["seat"] = seats[0] if seats else None
        self.__dict__["secretary"] = any(s.role == Membership.Role.SECRETARY for s in seats)
        self.__dict__["confirms_for"] = frozenset(s.side for s in seats if s.confirms)

    @property
    def in_the_room(self) -> bool:
        return self.seat is not None or self.leads or self.secretary

    def may(
        self, action: str, comment: Comment | None = None, *, phase: str = "", side: str = ""
    ) -> bool:
        """Whether the user may do `action`; for ANSWER, WRITE_JOINT and
        CONFIRM in `phase` if given (only the project's current phase is
        answered and confirmed); CONFIRM for `side`."""
        check_action(action, ACTIONS)
        if action in (ANSWER, WRITE_JOINT, CONFIRM) and phase and phase != self.phase:
            return False
        if action == CONFIRM:
            if side not in Side.values:
                raise ValueError("CONFIRM is asked for one side")
            return side in self.confirms_for
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

    def confirming_sides(self, phase: str) -> list[str]:
        """The sides the user confirms joint answers of `phase` for."""
        return [side for side in Side.values if self.may(CONFIRM, phase=phase, side=side)]


def standing_of(user, assessment: Assessment) -> Standing:
    """The user's standing in the assessment's project, read whole (four
    queries at most): a page asks most of it, and reading it at once keeps
    the page's queries the same whatever the page shows."""
    standing = Standing(user, assessment.project)
    standing.read_all()
    return standing


def confirmer_seats(project, side: str | None = None):
    """The current seats whose holders confirm the project's joint answers
    (for `side`, if given): see `confirming`. The pages ask it through
    `Standing`, the notifications for whom to tell."""
    seats = confirming(Membership.objects.current().filter(committee__projects=project))
    return seats if side is None else seats.filter(side=side)


def confirming(seats):
    """The seats among `seats` that confirm (`with_confirms`)."""
    return with_confirms(seats).filter(confirms=True)


def with_confirms(seats):
    """`seats`, each annotated `confirms`: the one rule for who confirms.
    Per committee and side, the seats of the people the committee named for
    that side, or, where it named nobody, the side's formand and
    næstformand seats. Secretaries confirm for no side."""
    named = NamedConfirmer.objects.filter(committee=OuterRef("committee"), side=OuterRef("side"))
    confirms = (
        Q(side__in=Side.values)
        & ~Q(role=Membership.Role.SECRETARY)
        & (Q(is_named=True) | Q(committee_named=False, role__in=SIGNING_ROLES))
    )
    return seats.annotate(
        committee_named=Exists(named), is_named=Exists(named.filter(user=OuterRef("user")))
    ).annotate(confirms=ExpressionWrapper(confirms, output_field=BooleanField()))


def confirmer_ids(project, side: str) -> list[int]:
    """Who confirms the project's joint answers for `side` (user ids)."""
    return sorted(set(confirmer_seats(project, side).values_list("user_id", flat=True)))


def may_name_confirmers(user, committee: Committee) -> bool:
    """Who names a committee's confirmers: whoever administers its seats
    (the municipality's administrators) and its formand."""
    if is_municipal_admin(user) and user.municipality_id == committee.municipality_id:
        return True
    return (
        Membership.objects.current()
        .filter(user=user.id, committee=committee, role=Membership.Role.CHAIR)
        .exists()
    )


def get_committee_for_confirmers(user, pk) -> Committee:
    """A committee of the user's municipality (else 404) whose confirmers
    the user names (else 403)."""
    committee = get_object_or_404(Committee.objects.for_user(user), pk=pk)
    if not may_name_confirmers(user, committee):
        raise PermissionDenied
    return committee


def may(user, assessment: Assessment, action: str, comment: Comment | None = None) -> bool:
    return standing_of(user, assessment).may(action, comment)


def get_assessment_for_user(user, pk, *, action: str = VIEW) -> Assessment:
    """The assessment, if its project belongs to the user's municipality
    (else 404), and the user may do `action` with it (else 403)."""
    return get_assessment_and_standing(user, pk, action=action)[0]


# What a page about the assessment shows besides it: its project, the lead
# and the template version's name.
PAGE_RELATED = ("project", "project__lead", "template_version", "template_version__template")


def get_assessment_and_standing(
    user, pk, *, action: str = VIEW, related: tuple[str, ...] = PAGE_RELATED, lock: bool = False
) -> tuple[Assessment, Standing]:
    """`get_assessment_for_user`, and the standing it asked (so a view that
    needs the user's seat too does not read it twice). `related` is what
    is read with it: a save, which shows no page, needs only the project
    and the version (whose questions it looks up, `question_or_404`).
    With `lock` (in a transaction) the assessment and its project are read
    FOR UPDATE, so a save checks and writes on this one read
    (`services.save_answer(..., locked=True)`)."""
    check_action(action, tuple(a for a in ACTIONS if a not in (RESOLVE, CONFIRM)))
    assessments = Assessment.objects.for_user(user).select_related(*related)
    if lock:
        assessments = assessments.select_for_update(of=("self", "project"))
    assessment = get_object_or_404(assessments, pk=pk)
    standing = Standing(user, assessment.project)  # read only as far as `action` asks
    if action != VIEW and not standing.may(action):
        raise PermissionDenied
    return assessment, standing


def question_or_404(assessment: Assessment, question_id: int) -> Question:
    """One of the assessment's questions, by the id in the address (else 404)."""
    try:
        return assessment.question(question_id)
    except Question.DoesNotExist:
        raise Http404 from None


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
