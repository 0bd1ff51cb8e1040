"""Medarbejderpuls: a short anonymous survey for the employees a project
affects, reached by a link without an account (Inddragelse, principle 1:
the employees assess the consequences for the good work themselves).

An answer keeps no identity, and what is stored of it is only what the
results show (docs/decisions.md, "Medarbejderpuls"):
- a choice adds one to a count (`PulseCount`): there is no row per answer,
  so nothing says in which order, when or together with what it was given;
- a free text is a row of its own (`PulseText`) with a random id, no time,
  and no link to the same person's other answers;
- the pulse counts how many have answered.
No user, address, browser or moment is stored with any of it.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from method.vocabulary import Phase
from organisations.tenancy import MunicipalityQuerySet
from questionnaires.models import AnswerKind, Question


def new_token() -> str:
    """The link's secret part: 192 random bits, never guessed."""
    return secrets.token_urlsafe(24)


def minimum_answers() -> int:
    """Results are shown from this many answers (never fewer than five:
    settings refuses a lower PULSE_MIN_ANSWERS at start)."""
    return settings.PULSE_MIN_ANSWERS


class OpenPrompt(models.TextChoices):
    """The open questions every pulse can ask besides the template's."""

    WORRIES = "bekymrer", _("Hvad bekymrer dig?")
    PLEASES = "glaeder", _("Hvad glæder dig?")


class PulseQuerySet(MunicipalityQuerySet):
    municipality_path = "project__municipality"


class Pulse(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="pulses")
    phase = models.CharField(_("fase"), max_length=30, choices=Phase.choices)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("åbnet"), auto_now_add=True)
    closes_on = models.DateField(_("sidste svardag"))
    closed_at = models.DateTimeField(_("lukket før tid"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited = models.PositiveIntegerField(_("antal inviterede"), null=True, blank=True)
    response_count = models.PositiveIntegerField(default=0)
    # While the pulse is open, results move in steps of `minimum_answers()`
    # answers: this many are in the results shown (see `publish_step`).
    shown_count = models.PositiveIntegerField(default=0)
    # Answers refused because this browser had already answered.
    refused_repeats = models.PositiveIntegerField(default=0)

    objects = PulseQuerySet.as_manager()

    class Meta:
        verbose_name = _("medarbejderpuls")
        verbose_name_plural = _("medarbejderpulser")
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} ({self.opened_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        """Answers are taken until the end of the last day (local time),
        unless the pulse was closed before."""
        return self.closed_at is None and timezone.localdate() <= self.closes_on

    @property
    def counted(self) -> int:
        """The answers the results are made of: all of them once the pulse
        has closed, the last full step while it is open."""
        return self.shown_count if self.is_open else self.response_count

    @property
    def has_results(self) -> bool:
        return self.counted >= minimum_answers()

    @property
    def answers_missing(self) -> int:
        """How many more answers before results can be shown."""
        return max(minimum_answers() - self.response_count, 0)


class PulseQuestion(models.Model):
    """One question of a pulse: one of the template's questions, or one of
    the open questions (`OpenPrompt`)."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    prompt = models.CharField(max_length=20, choices=OpenPrompt.choices, blank=True)

    class Meta:
        ordering = ["pulse", "order"]
        constraints = [
            models.UniqueConstraint(fields=["pulse", "order"], name="pulse_question_order"),
            models.CheckConstraint(
                condition=Q(question__isnull=False, prompt="")
                | Q(question__isnull=True) & ~Q(prompt=""),
                name="pulse_question_is_template_or_open",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.question.text if self.question_id else self.get_prompt_display()

    @property
    def kind(self) -> str:
        return self.question.kind if self.question_id else AnswerKind.TEXT

    @property
    def takes_text(self) -> bool:
        return self.kind == AnswerKind.TEXT

    def value_choices(self) -> list[tuple]:
        return self.question.value_choices() if self.question_id else []


class PulseCount(models.Model):
    """How many chose one option of one question: all that is kept of a
    choice. `shown` is the count in the results shown while the pulse is open."""

    question = models.ForeignKey(PulseQuestion, on_delete=models.CASCADE, related_name="counts")
    value = models.CharField(max_length=100)
    count = models.PositiveIntegerField(default=0)
    shown = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="pulse_count_per_option")
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.count}"


class PulseText(models.Model):
    """One free-text answer. The id is random, so ordering by it is a shuffle
    fixed when the text was written; there is no time and no link to the
    writer's other answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(PulseQuestion, on_delete=models.CASCADE, related_name="texts")
    text = models.TextField()
    shown = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]
