"""A project's assessment: each committee member's own answers (tagged with
their side), the committee's joint answer per question, the discussion, and
the full history of every save."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from method.vocabulary import Phase, Side
from organisations.tenancy import MunicipalityQuerySet
from questionnaires.models import AnswerKind, Question, questions_of_version
from questionnaires.published import version_questions

from .phases import in_phase_words


class AssessmentQuerySet(MunicipalityQuerySet):
    municipality_path = "project__municipality"


class Assessment(models.Model):
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="assessment"
    )
    template_version = models.ForeignKey(
        "questionnaires.TemplateVersion",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("skabelonversion"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")

    def __str__(self) -> str:
        return str(self.project)

    def questions(self):
        return questions_of_version(self.template_version_id)

    def question_list(self) -> list[Question]:
        """The questions as a list; a published version's are read once per
        process (`questionnaires.published`)."""
        return version_questions(self.template_version)

    def question(self, question_id: int) -> Question:
        """One of the version's questions (else Question.DoesNotExist)."""
        for question in self.question_list():
            if question.pk == question_id:
                return question
        raise Question.DoesNotExist

    def required_questions(self, phase: str) -> list[Question]:
        return [q for q in self.question_list() if q.required and q.applies_in(phase)]

    def unanswered_required_questions(self, phase: str) -> list[Question]:
        """Required questions of `phase` without a joint answer given in it."""
        answered = set(
            self.answers.joint().in_phase(phase).answered().values_list("question_id", flat=True)
        )
        return [q for q in self.required_questions(phase) if q.id not in answered]


class AnswerQuerySet(MunicipalityQuerySet):
    municipality_path = "assessment__project__municipality"

    def joint(self):
        return self.filter(respondent__isnull=True)

    def individual(self):
        return self.filter(respondent__isnull=False)

    def in_phase(self, phase: str):
        """The answers given in `phase` (see `Answer.phase`)."""
        return self.filter(phase=phase)

    def answered(self):
        """Answers that say something: a value, or text for free-text questions."""
        return self.exclude(Q(value__isnull=True) & Q(text=""))

    def current(self):
        """Answers to the questions of the assessment's version."""
        return self.filter(archived_at__isnull=True)

    def archived(self):
        """Answers left behind when the assessment moved to a version without
        their question (or with a kind their value cannot carry over to)."""
        return self.filter(archived_at__isnull=False)


class Answer(models.Model):
    """One person's answer to one question (respondent set), or the
    committee's joint answer (respondent empty), given in one phase of the
    project. Saves go through `assessments.services.save_answer`, which
    keeps the history.

    An answer belongs to the phase it was given in: when the project enters
    a new phase, a question asked again there starts empty, and the answers
    of the earlier phases stay as they were (`assessments.phases`)."""

    class Status(models.TextChoices):
        AGREED = "enige", _("Enige")
        PARTLY = "delvist_enige", _("Delvist enige")
        DISAGREED = "uenige", _("Uenige")
        OPEN = "aabent", _("Åbent punkt")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        help_text=_("Tom for udvalgets fælles svar."),
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices, blank=True)
    phase = models.CharField(_("fase"), max_length=30, choices=Phase.choices)
    value = models.JSONField(_("svar"), null=True, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Set when the assessment moved to a template version where this answer
    # cannot follow (see assessments.versioning). The answer keeps pointing
    # at the old version's question, keeps its history, and is never deleted.
    archived_at = models.DateTimeField(_("arkiveret"), null=True, blank=True)
    archived_note = models.TextField(_("arkiveringsnote"), blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question", "respondent", "phase"],
                condition=Q(respondent__isnull=False),
                name="one_answer_per_respondent_and_phase",
            ),
            models.UniqueConstraint(
                fields=["assessment", "question", "phase"],
                condition=Q(respondent__isnull=True),
                name="one_joint_answer_per_phase",
            ),
            models.CheckConstraint(
                condition=Q(phase__in=Phase.values), name="answer_phase_is_a_phase"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.display_value()}"

    @property
    def is_joint(self) -> bool:
        return self.respondent_id is None

    @property
    def is_answered(self) -> bool:
        return self.value is not None or bool(self.text)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def display_value(self) -> str:
        if self.question.kind == AnswerKind.TEXT:
            return self.text
        return self.question.value_label(self.value)

    @property
    def in_phase_words(self) -> str:
        """ "I konsekvensvurderingen": where the answer was given, to begin a
        sentence with."""
        return in_phase_words(self.phase)

    # -- the sides' confirmations of a joint answer ------------------------------
    # A page that shows many answers loads their confirmations at once
    # (`attach_confirmations`); else each answer reads its own.

    def confirmation_lines(self) -> list["ConfirmationLine"]:
        """Per side (ledelsessiden first): the confirmation of the version
        that stands, and the latest of an earlier version (reopened since)."""
        attached = getattr(self, "attached_confirmations", None)
        if self.pk is None:  # a form's answer not stored yet has none
            attached = []
        elif attached is None:
            attached = list(self.confirmations.select_related("confirmed_by"))
        confirmations = sorted(attached, key=lambda c: -c.version)
        lines = []
        for side in Side:
            mine = [c for c in confirmations if c.side == side]
            current = next((c for c in mine if c.version == self.version), None)
            earlier = next((c for c in mine if c.version < self.version), None)
            lines.append(ConfirmationLine(side, current, None if current else earlier))
        return lines

    @property
    def awaits_confirmation(self) -> bool:
        """A joint answer with a status waits for both sides to confirm it."""
        return self.is_joint and bool(self.status)

    def awaits_confirmation_by(self, sides) -> bool:
        """Whether the answer waits for a confirmation for one of `sides`."""
        return self.awaits_confirmation and any(
            line.side in sides and not line.confirmation for line in self.confirmation_lines()
        )

    @property
    def is_confirmed_by_both(self) -> bool:
        return self.awaits_confirmation and all(
            line.confirmation for line in self.confirmation_lines()
        )


class JointConfirmation(models.Model):
    """One side's representative stands behind a joint answer as it was in
    `version` (`assessments.confirmation.confirm_joint_answer`). A later
    save of the answer makes a new version: the confirmation is kept as
    history and no longer counts."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="confirmations")
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    version = models.PositiveIntegerField(_("svarets version"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bekræftet af"),
    )
    confirmed_at = models.DateTimeField(_("bekræftet"), default=timezone.now)

    class Meta:
        verbose_name = _("bekræftelse af fælles svar")
        verbose_name_plural = _("bekræftelser af fælles svar")
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "side", "version"], name="one_confirmation_per_side_and_version"
            ),
            models.CheckConstraint(
                condition=Q(side__in=Side.values), name="confirmation_side_is_a_side"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} v{self.version}: {self.get_side_display()} {self.confirmed_by}"


@dataclass
class ConfirmationLine:
    """One side under a joint answer: its confirmation of the version that
    stands, or None (awaited); `earlier` is a confirmation of an older
    version when the answer changed after it."""

    side: str
    confirmation: JointConfirmation | None
    earlier: JointConfirmation | None

    @property
    def label(self) -> str:
        return Side(self.side).label


def attach_confirmations(answers, confirmations) -> None:
    """Give each of `answers` its confirmations out of `confirmations` (a
    queryset evaluated once, whatever the answers: a page's query count
    stays the same with no joint answer and with many), for
    `confirmation_lines`."""
    by_answer: dict[int, list] = {}
    for confirmation in confirmations.select_related("confirmed_by"):
        by_answer.setdefault(confirmation.answer_id, []).append(confirmation)
    for answer in answers:
        if answer is not None:
            answer.attached_confirmations = by_answer.get(answer.pk, [])


def with_questions(answers, questions) -> list:
    """`answers` (to some of `questions`) as a list, each given its Question
    object from `questions` instead of one loaded per answer: a page of 180
    answers then builds 84 Question objects rather than 264, and each
    question's labels are made once (`Question.value_labels`)."""
    by_id = {question.id: question for question in questions}
    answers = list(answers)
    for answer in answers:
        answer.question = by_id[answer.question_id]
    return answers


def with_respondents(answers: list, queryset) -> list:
    """`answers` (the list `queryset` gave) with their respondents, one User
    object per person, not one per answer: a comparison of 360 answers by
    a dozen members builds a dozen, where `select_related` built 360. One
    query, also when there are no answers (asked by `queryset`, not by the
    ids), so a page's query count does not change with its data."""
    respondents = queryset.values("respondent_id")
    people = get_user_model().objects.filter(pk__in=respondents).in_bulk()
    for answer in answers:
        if answer.respondent_id:
            answer.respondent = people[answer.respondent_id]
    return answers


class NamedConfirmerQuerySet(MunicipalityQuerySet):
    municipality_path = "committee__municipality"


class NamedConfirmer(models.Model):
    """Someone a committee has named to confirm joint answers for their
    side, instead of the side's formand or næstformand (who confirm while a
    committee has named nobody for that side). Counts only while the person
    holds a seat on that side of the committee (`assessments.access`)."""

    committee = models.ForeignKey(
        "organisations.Committee",
        on_delete=models.CASCADE,
        related_name="named_confirmers",
        verbose_name=_("MED-udvalg"),
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("bekræfter"),
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("udpeget af"),
    )
    named_at = models.DateTimeField(_("udpeget"), default=timezone.now)

    objects = NamedConfirmerQuerySet.as_manager()

    class Meta:
        verbose_name = _("udpeget bekræfter")
        verbose_name_plural = _("udpegede bekræftere")
        ordering = ["committee", "side", "named_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "side", "user"], name="one_naming_per_committee_side_user"
            ),
            models.CheckConstraint(
                condition=Q(side__in=Side.values), name="named_confirmer_side_is_a_side"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.committee} ({self.get_side_display()})"


class AnswerRevision(models.Model):
    """The answer as one author left it after one editing run: the saves of
    one author to one answer within `settings.REVISION_RUN_SECONDS` of the
    run's first save, with nobody else saving in between and the choice and
    status unchanged, are one revision holding the run's last save
    (`assessments.services.save_answer`). A revision closed by the end of
    its run is never changed afterwards."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    value = models.JSONField(null=True, blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Answer.Status.choices, blank=True)
    phase = models.CharField(_("fase"), max_length=30)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # When the text held was saved: the run's last save.
    created_at = models.DateTimeField(auto_now_add=True)
    # When the run began (its first save; empty for revisions of one save
    # written before runs were coalesced) and how many saves it took.
    first_saved_at = models.DateTimeField(null=True, blank=True)
    saves = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "version"], name="revision_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.answer} v{self.version}"

    def display_value(self) -> str:
        if self.answer.question.kind == AnswerKind.TEXT:
            return self.text
        return self.answer.question.value_label(self.value)


class AssessmentVersionChange(models.Model):
    """The assessment moved from one template version to another
    (`assessments.versioning.move_assessment`): who, when, and what happened
    to the answers. `summary` holds counts and the question keys carried
    over, archived and new."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="version_changes"
    )
    from_version = models.ForeignKey(
        "questionnaires.TemplateVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fra version"),
    )
    to_version = models.ForeignKey(
        "questionnaires.TemplateVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("til version"),
    )
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("af")
    )
    moved_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    summary = models.JSONField(_("opsummering"), default=dict, blank=True)

    class Meta:
        verbose_name = _("versionsskifte")
        verbose_name_plural = _("versionsskifter")
        ordering = ["-moved_at", "-id"]

    def __str__(self) -> str:
        return f"{self.assessment}: v{self.from_version.number} → v{self.to_version.number}"

    @property
    def counts(self) -> dict:
        return self.summary.get("counts", {})


class CommentQuerySet(MunicipalityQuerySet):
    municipality_path = "assessment__project__municipality"

    def open(self):
        return self.filter(resolved_at__isnull=True)


class Comment(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The id of the form the comment was written in: the same form sent
    # twice (a double click, a retried request) stores one comment.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"], name="one_comment_per_submission"
            )
        ]

    def __str__(self) -> str:
        return self.body[:80]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
