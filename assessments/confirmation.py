"""The sides confirm the committee's joint answer.

A joint answer with a status waits for one confirmer of each side
(`assessments.access.confirmer_seats`) to stand behind it. A confirmation
holds who, for which side, when, and the answer's version; a later save of
the answer is a new version, so the confirmations of the version before
no longer count (they are kept) and the sides are asked again."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from method.vocabulary import Side

from .models import Answer, Assessment, JointConfirmation, NamedConfirmer


class StaleConfirmation(Exception):
    """The answer changed after the confirmer's page showed it: they confirm
    only what they have read."""

    def __init__(self, current: Answer):
        self.current = current
        super().__init__("stale confirmation")


def confirm_joint_answer(answer: Answer, user, side: str, *, version: int) -> JointConfirmation:
    """`user` confirms the joint answer for `side`, as it stood in `version`
    (the version their page showed). Who may is asked by the caller
    (`Standing.may(CONFIRM, side=…)`). Confirming again, or after a
    colleague of the same side, returns the side's confirmation of that
    version: one per side and version."""
    if side not in Side.values:
        raise ValidationError(_("Ukendt side."))
    with transaction.atomic():
        # The same locks as a save (`services.save_answer`): a save or a
        # move to the next phase cannot slip in between check and confirmation.
        locked_assessment = (
            Assessment.objects.select_for_update()
            .select_related("project")
            .get(pk=answer.assessment_id)
        )
        locked = Answer.objects.select_for_update().get(pk=answer.pk)
        if not locked.is_joint:
            raise ValidationError(_("Kun udvalgets fælles svar bekræftes."))
        if locked.phase != locked_assessment.project.phase:
            raise ValidationError(
                _("Svaret hører til en tidligere fase og kan ikke bekræftes længere.")
            )
        if not locked.status:
            raise ValidationError(_("Det fælles svar har ingen status at bekræfte endnu."))
        if locked.version != version:
            raise StaleConfirmation(locked)
        confirmation, _created = JointConfirmation.objects.get_or_create(
            answer=locked, side=side, version=locked.version, defaults={"confirmed_by": user}
        )
    return confirmation


def sides_newly_awaited(answer: Answer, *, had_status: bool, previous_version: int) -> list[str]:
    """After a save of a joint answer: the sides that start to wait for it
    now. All sides when it got its first status; else those that had
    confirmed the version before (reopened). A side that had not confirmed
    is waiting already, and is not asked again for every autosave."""
    if not answer.status:
        return []
    if not had_status:
        return list(Side.values)
    confirmed = JointConfirmation.objects.filter(answer=answer, version=previous_version)
    return [side for side in Side.values if side in set(confirmed.values_list("side", flat=True))]


def name_confirmer(committee, seat, named_by) -> NamedConfirmer:
    """The committee names the holder of `seat` to confirm for the seat's
    side; from then on the side's formand or næstformand in this committee
    confirms only if named too. Naming twice keeps the first."""
    if seat.committee_id != committee.pk or seat.side not in Side.values:
        raise ValidationError(_("Personen har ikke en plads på en af siderne i udvalget."))
    confirmer, _created = NamedConfirmer.objects.get_or_create(
        committee=committee, side=seat.side, user=seat.user, defaults={"named_by": named_by}
    )
    return confirmer
