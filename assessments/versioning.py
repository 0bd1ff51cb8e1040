"""Moving a running assessment to another template version.

An assessment is pinned to the template version it started on. When a new
version is published, the project lead can move the assessment to it:
`plan_move` shows what would happen (the preview the lead confirms) and
`move_assessment` does it.

Which versions an assessment may move to
    A *published* version (never a draft, never a retired one) that is
    either
    - a newer version (higher number) of the same template, or
    - the municipality's current version
      (`TemplateVersion.objects.current_for(municipality)`), even when it
      belongs to another template: a municipality's own template derived
      from the standard keeps the standard's stable question keys, so the
      answers follow them.
    Everything else is refused with a ValueError carrying a Danish message:
    the version it is already on, drafts, retired versions, older versions,
    other municipalities' templates, and a version the assessment has been
    on before and still has archived answers in (their rows would collide
    with the answers coming back).

What happens to each answer (individual and joint alike)
    Answers follow the question with the same `key` in the target version.
    An answer is *carried over* when
    - the target has a question with its key, and
    - either the answer holds no value (only text, or nothing: every kind
      takes text as explanation), or the kinds are equal – and for single
      and multiple choice every stored choice still exists in the target.
    Otherwise it is *archived*: it keeps pointing at the old version's
    question, gets `archived_at` and a Danish `archived_note`, keeps its
    revisions, and is never deleted. Reasons: the question was removed,
    its kind changed (a value cannot be converted), or the chosen option
    no longer exists.

    Every phase's answers move alike, and each keeps its phase (answers
    belong to the phase they were given in, `assessments.phases`).
    Carried answers are re-pointed to the target's question; their
    revisions follow them (no new revision is written: nobody changed the
    answer). Comments follow their question whenever the key exists in the
    target (also when its kind changed: the discussion is about the same
    question); comments on removed questions stay on the old question.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from questionnaires.diff import VersionDiff, compare_versions
from questionnaires.models import AnswerKind, Question, TemplateVersion

from .models import Answer, Assessment, AssessmentVersionChange, Comment
from .phases import PHASES

NOTE_LANGUAGE = "da"  # archive notes are stored, so they are written in Danish
CHOICE_KINDS = (AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE)


class MoveOutcome(models.TextChoices):
    CARRIED = "carried", gettext_lazy("Overføres")
    QUESTION_REMOVED = "question_removed", gettext_lazy("Arkiveres: spørgsmålet er fjernet")
    KIND_CHANGED = "kind_changed", gettext_lazy("Arkiveres: svartypen er ændret")
    CHOICE_GONE = "choice_gone", gettext_lazy("Arkiveres: svarmuligheden findes ikke længere")


@dataclass(frozen=True)
class AnswerMove:
    """What happens to one answer. `new_question` is the target's question
    with the same key (None when removed); `note` is the Danish archive note
    (empty when carried)."""

    answer: Answer
    outcome: str  # a MoveOutcome value
    old_question: Question
    new_question: Question | None
    note: str = ""

    @property
    def key(self) -> str:
        return self.old_question.key

    @property
    def label(self) -> str:
        return str(MoveOutcome(self.outcome).label)

    @property
    def is_carried(self) -> bool:
        return self.outcome == MoveOutcome.CARRIED

    @property
    def is_archived(self) -> bool:
        return not self.is_carried

    @property
    def is_joint(self) -> bool:
        return self.answer.is_joint


@dataclass(frozen=True)
class CommentMove:
    """A comment re-pointed to the target's question with the same key."""

    comment: Comment
    new_question: Question


@dataclass(frozen=True)
class MovePlan:
    """What moving `assessment` from `from_version` to `to_version` does.
    `moves` holds every current answer of the assessment, in template order."""

    assessment: Assessment
    from_version: TemplateVersion
    to_version: TemplateVersion
    diff: VersionDiff
    moves: tuple[AnswerMove, ...]
    # Target questions whose key the old version did not have: no answers.
    new_questions: tuple[Question, ...]
    # Target questions that existed before but lose (some of) their answers
    # to the archive because the kind or the options changed.
    restarted_questions: tuple[Question, ...]
    comment_moves: tuple[CommentMove, ...]
    # Comments on removed questions: they stay on the old question.
    comments_kept: tuple[Comment, ...]

    @property
    def carried(self) -> list[AnswerMove]:
        return [m for m in self.moves if m.is_carried]

    @property
    def archived(self) -> list[AnswerMove]:
        return [m for m in self.moves if m.is_archived]

    def counts(self) -> dict[str, int]:
        counts = {
            "answers": len(self.moves),
            "carried": len(self.carried),
            "archived": len(self.archived),
        }
        for outcome in MoveOutcome:
            if outcome != MoveOutcome.CARRIED:
                counts[f"archived_{outcome.value}"] = sum(
                    1 for m in self.moves if m.outcome == outcome
                )
        counts.update(
            new_questions=len(self.new_questions),
            restarted_questions=len(self.restarted_questions),
            comments_moved=len(self.comment_moves),
            comments_kept=len(self.comments_kept),
        )
        return counts

    def summary(self) -> dict:
        """The JSON stored on AssessmentVersionChange.summary."""
        return {
            "from_version": _version_ref(self.from_version),
            "to_version": _version_ref(self.to_version),
            "counts": self.counts(),
            "carried_keys": sorted({m.key for m in self.carried}),
            "archived_keys": sorted({m.key for m in self.archived}),
            "new_keys": [q.key for q in self.new_questions],
            "removed_keys": [c.key for c in self.diff.removed],
            "kind_changed_keys": [c.key for c in self.diff.kind_changed],
            "carried_answer_ids": sorted(m.answer.pk for m in self.carried),
            "archived_answer_ids": sorted(m.answer.pk for m in self.archived),
            "diff": self.diff.counts(),
        }


def carry_outcome(value, old_question: Question, new_question: Question | None) -> str:
    """The MoveOutcome for an answer holding `value` to `old_question` when
    the target's question with the same key is `new_question`."""
    if new_question is None:
        return MoveOutcome.QUESTION_REMOVED
    if value is None:
        return MoveOutcome.CARRIED
    if old_question.kind != new_question.kind:
        return MoveOutcome.KIND_CHANGED
    if new_question.kind in CHOICE_KINDS:
        allowed = {str(key) for key, _label in new_question.value_choices()}
        picked = value if isinstance(value, list) else [value]
        if not {str(v) for v in picked} <= allowed:
            return MoveOutcome.CHOICE_GONE
    return MoveOutcome.CARRIED


def check_target(assessment: Assessment, target: TemplateVersion) -> None:
    """Raise ValueError (Danish message) unless `assessment` may move to
    `target` under the rule in the module docstring."""
    current = assessment.template_version
    if target.pk == current.pk:
        raise ValueError(
            _("Vurderingen er allerede på version %(number)s.") % {"number": target.number}
        )
    if target.status == TemplateVersion.Status.DRAFT:
        raise ValueError(
            _(
                "Version %(number)s er en kladde. En vurdering kan kun flyttes til en udgivet version."
            )
            % {"number": target.number}
        )
    if target.status != TemplateVersion.Status.PUBLISHED:
        raise ValueError(
            _("Version %(number)s er udgået. En vurdering kan kun flyttes til en udgivet version.")
            % {"number": target.number}
        )
    newer_of_same = target.template_id == current.template_id and target.number > current.number
    if not newer_of_same:
        municipality = assessment.project.municipality
        municipality_current = TemplateVersion.objects.current_for(municipality)
        if municipality_current is None or municipality_current.pk != target.pk:
            raise ValueError(
                _(
                    "Vurderingen kan kun flyttes til en nyere udgivet version af samme "
                    "skabelon eller til kommunens aktuelle version."
                )
            )
    if (
        Answer.objects.archived()
        .filter(assessment=assessment, question__section__version=target)
        .exists()
    ):
        raise ValueError(
            _(
                "Vurderingen har tidligere været på version %(number)s og har arkiverede svar "
                "derfra. Den kan ikke flyttes tilbage til den version."
            )
            % {"number": target.number}
        )


def plan_move(assessment: Assessment, target_version: TemplateVersion) -> MovePlan:
    """What moving `assessment` to `target_version` would do, without doing
    it. Raises ValueError (Danish message) when the move is not allowed.
    A fixed number of queries, however many answers there are."""
    return _plan(assessment, target_version, lock=False)


def move_assessment(
    assessment: Assessment, target_version: TemplateVersion, user
) -> AssessmentVersionChange | None:
    """Move `assessment` to `target_version` in one transaction, as
    `plan_move` describes, and record an AssessmentVersionChange.

    Nothing is deleted: carried answers and their comments are re-pointed
    to the target's questions, the rest are archived in place.

    Idempotent: when the assessment is already on `target_version` (a
    double submit of the confirm form, or two leads confirming at once –
    the assessment row is locked, so the second waits for the first), it
    changes nothing and returns the latest AssessmentVersionChange to that
    version, or None if the assessment started on it. Raises ValueError
    (Danish message) when the move is not allowed. The `assessment` passed
    in is updated to point at the target version."""
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("template_version__template", "project__municipality")
            .get(pk=assessment.pk)
        )
        if locked.template_version_id == target_version.pk:
            assessment.template_version = locked.template_version
            return locked.version_changes.filter(to_version=target_version).first()
        plan = _plan(locked, target_version, lock=True)
        now = timezone.now()
        carried, archived = [], []
        for move in plan.moves:
            answer = move.answer
            if move.is_carried:
                answer.question = move.new_question
                carried.append(answer)
            else:
                answer.archived_at = now
                answer.archived_note = move.note
                archived.append(answer)
        # updated_at/updated_by and version stay: nobody changed an answer.
        Answer.objects.bulk_update(carried, ["question"], batch_size=500)
        Answer.objects.bulk_update(archived, ["archived_at", "archived_note"], batch_size=500)
        comments = []
        for comment_move in plan.comment_moves:
            comment_move.comment.question = comment_move.new_question
            comments.append(comment_move.comment)
        Comment.objects.bulk_update(comments, ["question"], batch_size=500)
        locked.template_version = target_version
        locked.save(update_fields=["template_version"])
        change = AssessmentVersionChange.objects.create(
            assessment=locked,
            from_version=plan.from_version,
            to_version=target_version,
            moved_by=user,
            summary=plan.summary(),
        )
    assessment.template_version = target_version
    return change


def _plan(assessment: Assessment, target: TemplateVersion, *, lock: bool) -> MovePlan:
    check_target(assessment, target)
    from_version = assessment.template_version
    diff = compare_versions(from_version, target)
    answers = Answer.objects.current().filter(assessment=assessment)
    if lock:
        answers = answers.select_for_update(of=("self",))
    answers = answers.select_related("question__section", "respondent")
    old_keys = set(diff.old_questions)
    order = {key: i for i, key in enumerate(diff.old_questions)}
    ordered_answers = sorted(
        answers,
        key=lambda a: (
            order.get(a.question.key, len(order)),
            PHASES.index(a.phase),
            a.respondent_id is None,
            a.side,
            a.respondent_id or 0,
            a.pk,
        ),
    )
    moves = []
    restarted: dict[str, Question] = {}
    for answer in ordered_answers:
        new_question = diff.new_questions.get(answer.question.key)
        outcome = carry_outcome(answer.value, answer.question, new_question)
        note = "" if outcome == MoveOutcome.CARRIED else _archive_note(answer, new_question, diff)
        moves.append(AnswerMove(answer, outcome, answer.question, new_question, note))
        if new_question is not None and outcome != MoveOutcome.CARRIED:
            restarted[new_question.key] = new_question

    comment_moves, comments_kept = [], []
    comments = Comment.objects.filter(
        assessment=assessment, question__section__version=from_version
    ).select_related("question")
    for comment in comments:
        new_question = diff.new_questions.get(comment.question.key)
        if new_question is None:
            comments_kept.append(comment)
        else:
            comment_moves.append(CommentMove(comment, new_question))

    return MovePlan(
        assessment=assessment,
        from_version=from_version,
        to_version=target,
        diff=diff,
        moves=tuple(moves),
        new_questions=tuple(q for key, q in diff.new_questions.items() if key not in old_keys),
        restarted_questions=tuple(q for key, q in diff.new_questions.items() if key in restarted),
        comment_moves=tuple(comment_moves),
        comments_kept=tuple(comments_kept),
    )


def _archive_note(answer: Answer, new_question: Question | None, diff: VersionDiff) -> str:
    old_question = answer.question
    with override(NOTE_LANGUAGE):
        version = _version_name(diff.old_version, diff.new_version)
        if new_question is None:
            return _("Spørgsmålet “%(text)s” findes ikke i %(version)s.") % {
                "text": Truncator(old_question.text).chars(100),
                "version": version,
            }
        value = old_question.value_label(answer.value)
        if old_question.kind != new_question.kind:
            return _(
                "Svartypen er ændret fra “%(old)s” til “%(new)s” i %(version)s; "
                "svaret “%(value)s” er bevaret som arkiveret svar."
            ) % {
                "old": old_question.get_kind_display(),
                "new": new_question.get_kind_display(),
                "version": version,
                "value": value,
            }
        return _(
            "Svarmuligheden “%(value)s” findes ikke længere i %(version)s; "
            "svaret er bevaret som arkiveret svar."
        ) % {"value": value, "version": version}


def _version_name(old: TemplateVersion, new: TemplateVersion) -> str:
    if old.template_id == new.template_id:
        return _("version %(number)s") % {"number": new.number}
    return _("“%(template)s” version %(number)s") % {
        "template": new.template.name,
        "number": new.number,
    }


def _version_ref(version: TemplateVersion) -> dict:
    return {"id": version.pk, "number": version.number, "template": version.template.name}


def move_targets(assessment: Assessment) -> list[TemplateVersion]:
    """The versions `check_target` allows, newest first: for the project
    lead's choice of where to move the assessment."""
    current = assessment.template_version
    candidates = list(
        TemplateVersion.objects.published()
        .filter(template_id=current.template_id, number__gt=current.number)
        .select_related("template")
        .order_by("-number")
    )
    municipality_current = TemplateVersion.objects.current_for(assessment.project.municipality)
    if (
        municipality_current
        and municipality_current.pk != current.pk
        and municipality_current not in candidates
    ):
        candidates.insert(0, municipality_current)
    return candidates
