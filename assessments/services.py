"""Writes to an assessment. Every save of an answer goes through
`save_answer`, which keeps the history, refuses stale saves and writes
into the project's current phase only (`assessments.phases`)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from method import vocabulary
from method.vocabulary import Phase
from questionnaires.models import AnswerKind, Question, TemplateVersion

from .comparison import sides_differ
from .confirmation import sides_newly_awaited
from .models import Answer, AnswerRevision, Assessment, Comment
from .phases import previous_answer
from .signals import comment_added, confirmation_awaited


@dataclass
class Submission:
    """What a respondent sent: the raw form value(s), free text, joint status,
    the answer version their form was showing, and the phase it was
    answering (None: whatever phase the project is in)."""

    value: object = None
    text: str = ""
    status: str = ""
    base_version: int | None = None
    phase: str | None = None


class StaleAnswer(Exception):
    """Someone saved the answer after this form was loaded. Both texts are
    kept so the user can merge them."""

    def __init__(self, current: Answer, submitted_text: str, submitted_value):
        self.current = current
        self.submitted_text = submitted_text
        self.submitted_value = submitted_value
        super().__init__("stale answer")


def clean_submission(question: Question, submission: Submission, *, joint: bool):
    """Validate a submission for this question; returns (value, text, status)."""
    text = (submission.text or "").replace("\r\n", "\n").strip()
    if len(text) > settings.TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Teksten er for lang: højst %(max)s tegn, du skrev %(length)s."),
            params={
                "max": f"{settings.TEXT_MAX_LENGTH:,}".replace(",", "."),
                "length": len(text),
            },
        )
    value = question.clean_value(submission.value)
    if question.requires_text(value) and not text:
        raise ValidationError(
            _(
                "Skriv kort, hvorfor projektet slet ikke lever op til princippet. Svaret er ikke gemt."
            )
        )
    status = submission.status or ""
    if status and (not joint or status not in Answer.Status.values):
        raise ValidationError(_("Ukendt status for det fælles svar."))
    return value, text, status


def save_answer(
    assessment: Assessment,
    question: Question,
    author,
    submission: Submission,
    *,
    joint: bool = False,
    side: str = "",
    locked: bool = False,
) -> Answer:
    """Save `author`'s own answer (or, with `joint`, the committee's answer)
    in the project's current phase. `locked`: the caller read `assessment`
    with its project FOR UPDATE in the transaction it has open
    (`access.get_assessment_and_standing(..., lock=True)`), so the checks
    below use that read instead of reading again.

    A save identical to what is stored changes nothing (a double submit is
    harmless). A save whose base version is not the stored version raises
    StaleAnswer; nothing is overwritten silently. A save from a form made
    for another phase than the project's (it moved on since) is refused.
    A joint answer's new version no longer counts the sides' confirmations
    of the one before; a side that starts to wait is told
    (`signals.confirmation_awaited`)."""
    if question.section.version_id != assessment.template_version_id:
        raise ValidationError(_("Spørgsmålet hører ikke til denne vurdering."))
    if locked and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked=True needs the caller's transaction and lock")
    value, text, status = clean_submission(question, submission, joint=joint)
    with transaction.atomic(savepoint=not locked):
        # Lock the assessment and its project: a move to another template
        # version, or of the project to its next phase (which take the same
        # locks), cannot slip in between the checks and the save.
        version_id, phase = _locked_version_and_phase(assessment, locked)
        if question.section.version_id != version_id:
            raise ValidationError(
                _("Vurderingen er flyttet til en ny skabelonversion. Genindlæs siden.")
            )
        if submission.phase is not None and submission.phase != phase:
            raise ValidationError(
                _(
                    "Projektet er gået videre til %(phase)s. Svaret er ikke gemt; "
                    "genindlæs siden for at svare i den nye fase."
                ),
                params={"phase": Phase(phase).label.lower()},
            )
        if (
            joint
            and question.kind == AnswerKind.PRINCIPLE
            and value is not None
            and not text
            and sides_differ(assessment, question, phase)
        ):
            raise ValidationError(
                _(
                    "Ledelsessiden og medarbejdersiden svarer forskelligt: skriv kort, hvordan "
                    "udvalget ser det. Svaret er ikke gemt."
                )
            )
        answer = _locked_answer(assessment, question, None if joint else author, side, phase)
        if (answer.value, answer.text, answer.status) == (value, text, status):
            return answer
        if submission.base_version is not None and submission.base_version != answer.version:
            raise StaleAnswer(answer, text, value)
        had_status, previous_version = bool(answer.status), answer.version
        before = (answer.updated_by_id, answer.value, answer.status, answer.version)
        answer.value, answer.text, answer.status = value, text, status
        answer.version += 1
        answer.updated_by = author
        answer.save()
        _record_revision(answer, before, author, phase)
        if joint:
            awaited = sides_newly_awaited(
                answer, had_status=had_status, previous_version=previous_version
            )
            for side in awaited:
                confirmation_awaited.send(sender=Answer, answer=answer, side=side)
    return answer


def _locked_version_and_phase(assessment: Assessment, locked: bool) -> tuple[int, str]:
    if locked:
        return assessment.template_version_id, assessment.project.phase
    # Only the two values checked are read (FOR UPDATE locks the rows of
    # both tables joined).
    version_id, step = (
        Assessment.objects.select_for_update()
        .values_list("template_version_id", "project__step")
        .get(pk=assessment.pk)
    )
    return version_id, vocabulary.step(step).phase


def _record_revision(answer: Answer, before: tuple, author, phase: str) -> None:
    """Keep the save in the answer's history. An editing run is one
    author's saves of one answer within REVISION_RUN_SECONDS of the run's
    first save, nobody else saving in between, with the choice and the
    status unchanged (those are decisions; each one is kept). A run is one
    revision: each save in it replaces the text the run's revision holds
    and takes its version, so the history keeps the text each author left
    behind, not every pause in typing (autosave). Runs on the answer's row
    lock, so two saves never extend one run at once.

    `before` is the answer as it was stored: (author, value, status,
    version). Its latest revision is that version, so whether the save
    continues a run is read from the answer, and the run's revision is
    extended by one UPDATE that also checks the run is young enough (an
    autosave pays no query to read the revision first)."""
    now = timezone.now()
    before_author, before_value, before_status, before_version = before
    same_decision = (before_value, before_status) == (answer.value, answer.status)
    if before_version and before_author == author.pk and same_decision:
        began_since = now - timedelta(seconds=settings.REVISION_RUN_SECONDS)
        extended = (
            AnswerRevision.objects.filter(answer=answer, version=before_version, author=author)
            .filter(
                Q(first_saved_at__gt=began_since)
                | Q(first_saved_at__isnull=True, created_at__gt=began_since)
            )
            .update(
                version=answer.version,
                text=answer.text,
                created_at=now,
                first_saved_at=Coalesce("first_saved_at", "created_at"),
                saves=F("saves") + 1,
            )
        )
        if extended:
            return
    AnswerRevision.objects.create(
        answer=answer,
        version=answer.version,
        value=answer.value,
        text=answer.text,
        status=answer.status,
        phase=phase,
        author=author,
    )


def _locked_answer(assessment, question, respondent, side, phase) -> Answer:
    """The stored answer of `phase`, locked for this transaction; a new
    unsaved one (version 0) if there is none yet. Two first saves racing
    each other end with one row: the loser reads the winner's."""
    lookup = {
        "assessment": assessment,
        "question": question,
        "respondent": respondent,
        "phase": phase,
    }
    answer = Answer.objects.select_for_update().filter(**lookup).first()
    if answer is not None:
        return answer
    try:
        with transaction.atomic():
            return Answer.objects.create(**lookup, side=side or "")
    except IntegrityError:
        return Answer.objects.select_for_update().get(**lookup)


def repeat_previous_answer(
    assessment: Assessment,
    question: Question,
    author,
    *,
    joint: bool = False,
    side: str = "",
    base_version: int | None = None,
    phase: str | None = None,
) -> Answer:
    """ "Samme som før": save the answer from the latest earlier phase (the
    member's own, or with `joint` the committee's) as this phase's, through
    `save_answer`, so it is an ordinary save with its own revision."""
    current = assessment.project.phase
    earlier = Answer.objects.current().filter(
        assessment=assessment, question=question, respondent=None if joint else author
    )
    previous = previous_answer({a.phase: a for a in earlier}, current)
    if previous is None:
        raise ValidationError(_("Der er ikke et svar fra en tidligere fase at gentage."))
    submission = Submission(
        value=previous.value,
        text=previous.text,
        status=previous.status if joint else "",
        base_version=base_version,
        phase=phase,
    )
    return save_answer(assessment, question, author, submission, joint=joint, side=side)


def add_comment(
    assessment: Assessment, question: Question, author, body: str, *, submission_key=None
) -> Comment:
    """Add a comment. With the `submission_key` of the form it was written
    in, sending the same form again returns the comment stored the first
    time (a unique constraint decides, also between concurrent requests)."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Skriv en kommentar først."))
    if len(body) > settings.TEXT_MAX_LENGTH:
        raise ValidationError(_("Kommentaren er for lang."))
    if question.section.version_id != assessment.template_version_id:
        raise ValidationError(_("Spørgsmålet hører ikke til denne vurdering."))
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                assessment=assessment,
                question=question,
                author=author,
                body=body,
                submission_key=submission_key,
            )
    except IntegrityError:
        return Comment.objects.get(author=author, submission_key=submission_key)
    comment_added.send(sender=Comment, comment=comment)
    return comment


def resolve_comment(comment: Comment, user) -> Comment:
    if not comment.is_resolved:
        comment.resolved_at = timezone.now()
        comment.resolved_by = user
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def start_assessment(project) -> Assessment:
    """A new project's assessment, pinned to the municipality's current
    published template version."""
    version = TemplateVersion.objects.current_for(project.municipality)
    if version is None:
        raise ValidationError(_("Der er ingen udgivet spørgeskabelon at starte vurderingen på."))
    return Assessment.objects.create(project=project, template_version=version)
