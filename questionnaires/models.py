"""Versioned question templates.

A template (the national standard, or a municipality's own) has numbered
versions. A draft version can be edited; a published version never changes,
so every assessment pinned to it keeps meaning what it meant.
"""

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from method.vocabulary import AffectedGroup, CompetenceLevel, CoreQuestion, Phase
from organisations.tenancy import MunicipalityQuerySet, municipality_id_of

from .template_format.keys import validate_dotted_key, validate_slug_key


class PublishedVersionIsReadOnly(ValidationError):
    pass


class WithNationalStandardQuerySet(MunicipalityQuerySet):
    """Templates are the one tenant data every municipality shares in part:
    a user reads the own municipality's templates and the national standard."""

    def for_user(self, user):
        municipality_id = municipality_id_of(user)
        if municipality_id is None:
            return self.none()
        path = self.municipality_path
        return self.filter(
            models.Q(**{f"{path}_id": municipality_id}) | models.Q(**{f"{path}__isnull": True})
        )


class QuestionTemplateQuerySet(WithNationalStandardQuerySet):
    municipality_path = "municipality"


class QuestionTemplate(models.Model):
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="question_templates",
        verbose_name=_("kommune"),
        help_text=_("Tom for den landsdækkende standardskabelon."),
    )
    # Keys are checked by the exchange format's validators (not SlugField's,
    # which also lets capitals through): forms, admin and import share them.
    key = models.CharField(
        _("nøgle"), max_length=100, db_index=True, validators=[validate_slug_key]
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    objects = QuestionTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("spørgeskabelon")
        verbose_name_plural = _("spørgeskabeloner")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="template_key_unique"),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(municipality__isnull=True),
                name="standard_template_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TemplateVersionQuerySet(WithNationalStandardQuerySet):
    municipality_path = "template__municipality"

    def published(self):
        return self.filter(status=TemplateVersion.Status.PUBLISHED)

    def current_for(self, municipality) -> "TemplateVersion | None":
        """The version a new assessment in `municipality` starts on: the
        newest published version of the municipality's own templates, else
        of the national standard."""
        published = self.published().order_by("-published_at", "-number")
        return (
            published.filter(template__municipality=municipality).first()
            or published.filter(template__municipality__isnull=True).first()
        )


class TemplateVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "kladde", _("Kladde")
        PUBLISHED = "udgivet", _("Udgivet")
        RETIRED = "udgaaet", _("Udgået")

    template = models.ForeignKey(
        QuestionTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("versionsnummer"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    change_note = models.TextField(_("ændringsnote"), blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    published_at = models.DateTimeField(_("udgivet"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TemplateVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("skabelonversion")
        verbose_name_plural = _("skabelonversioner")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def assert_editable(self) -> None:
        if not self.is_editable:
            raise PublishedVersionIsReadOnly(
                _("Version %(number)s er udgivet og kan ikke ændres. Lav en ny kladde."),
                params={"number": self.number},
            )

    def publish(self, user=None, change_note: str = "") -> None:
        self.assert_editable()
        if not self.questions().exists():
            raise ValidationError(_("En tom version kan ikke udgives."))
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self.published_by = user
        if change_note:
            self.change_note = change_note
        self.save(update_fields=["status", "published_at", "published_by", "change_note"])

    def retire(self, user=None) -> None:
        """New assessments can no longer start on a retired version; running
        ones keep it."""
        if self.status != self.Status.PUBLISHED:
            raise ValidationError(_("Kun en udgivet version kan udgå."))
        self.status = self.Status.RETIRED
        self.save(update_fields=["status"])

    def questions(self):
        return questions_of_version(self.pk)


def questions_of_version(version_id: int):
    """A template version's questions with their sections, by the version's
    id: an assessment asks for its questions without loading the version."""
    return Question.objects.filter(section__version_id=version_id).select_related("section")


class TemplateChange(models.Model):
    """Who changed what in a version, and when: the audit trail of drafts,
    publishing and retiring."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("af")
    )
    changed_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    summary = models.CharField(_("ændring"), max_length=500)

    class Meta:
        verbose_name = _("skabelonændring")
        verbose_name_plural = _("skabelonændringer")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return self.summary


class Section(models.Model):
    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(
        _("nøgle"), max_length=100, db_index=True, validators=[validate_slug_key]
    )
    core_question = models.CharField(
        _("grundspørgsmål"), max_length=30, choices=CoreQuestion.choices
    )
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("vejledning"), blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="section_key_unique")
        ]

    def __str__(self) -> str:
        return self.title

    # A published version is frozen, whatever path a change takes.
    def save(self, *args, **kwargs):
        self.version.assert_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.version.assert_editable()
        return super().delete(*args, **kwargs)


class AnswerKind(models.TextChoices):
    TEXT = "text", _("Fritekst")
    SCALE = "scale", _("Effektskala (−2 til +2)")
    SINGLE_CHOICE = "single_choice", _("Ét valg")
    MULTIPLE_CHOICE = "multiple_choice", _("Flere valg")
    COMPETENCE = "competence", _("Kompetenceniveau (kende/kunne/mestre)")
    YES_NO = "yes_no", _("Ja/nej/ved ikke")
    PRINCIPLE = "principle", _("Princip (slet ikke … i høj grad, ikke relevant)")
    GROUP_EFFECT = "group_effect", _("Effekt for hvem (borgere, medarbejdere, pårørende, andre)")


SCALE_CHOICES = [
    (-2, _("Klart negativ")),
    (-1, _("Overvejende negativ")),
    (0, _("Neutral")),
    (1, _("Overvejende positiv")),
    (2, _("Klart positiv")),
]
YES_NO_CHOICES = [("ja", _("Ja")), ("nej", _("Nej")), ("ved_ikke", _("Ved ikke"))]
# How a project lives up to a principle: a dialogue, not a tick. The first
# three are steps (PRINCIPLE_RANK, for averages and the sides' gap); "ikke
# relevant" is no step.
PRINCIPLE_NOT_AT_ALL = "slet_ikke"
PRINCIPLE_CHOICES = [
    (PRINCIPLE_NOT_AT_ALL, _("Slet ikke")),
    ("i_nogen_grad", _("I nogen grad")),
    ("i_hoej_grad", _("I høj grad")),
    ("ikke_relevant", _("Ikke relevant")),
]
PRINCIPLE_RANK = {PRINCIPLE_NOT_AT_ALL: 1, "i_nogen_grad": 2, "i_hoej_grad": 3}
# The kinds whose options are the same in every template.
FIXED_CHOICES = {
    AnswerKind.SCALE: SCALE_CHOICES,
    AnswerKind.COMPETENCE: CompetenceLevel.choices,
    AnswerKind.YES_NO: YES_NO_CHOICES,
    AnswerKind.PRINCIPLE: PRINCIPLE_CHOICES,
}


def fixed_choices_in_language(kind: str) -> tuple[tuple, ...]:
    """The options of a kind with fixed options (`FIXED_CHOICES`), their
    labels translated once per language and kept: a page of 20 forms
    otherwise translates the same lazy labels a hundred times."""
    language = get_language()
    key = (kind, language)
    if key not in _TRANSLATED_CHOICES:
        _TRANSLATED_CHOICES[key] = tuple(
            (value, str(label)) for value, label in FIXED_CHOICES[kind]
        )
    return _TRANSLATED_CHOICES[key]


# Kept as tuples: every caller shares them.
_TRANSLATED_CHOICES: dict[tuple[str, str], tuple[tuple, ...]] = {}


def principle_legend() -> str:
    """ "1 = slet ikke, 2 = i nogen grad, 3 = i høj grad": what the numbers
    mean wherever a principle's answers are shown as an average."""
    labels = dict(PRINCIPLE_CHOICES)
    return ", ".join(
        f"{rank} = {str(labels[value]).lower()}" for value, rank in PRINCIPLE_RANK.items()
    )


# An unintended effect's direction for each group it touches is a step on the
# effect scale; the value is {group: step}, groups not touched left out.
GROUP_EFFECT_SEPARATOR = ":"

# The phase in which a question's follow-up text (`Question.followup_text`)
# is asked: once the technology is in use, the committee answers again what
# it expected in the konsekvensvurdering (`assessments.followup`).
FOLLOWUP_PHASE = Phase.OPERATION


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(
        _("nøgle"),
        max_length=150,
        validators=[validate_dotted_key],
        help_text=_("Stabil nøgle: svar følger spørgsmålet på tværs af versioner."),
    )
    text = models.TextField(_("spørgsmål"))
    guidance = models.TextField(_("vejledning"), blank=True)
    # The question asked again looking back, once the technology is in use.
    # Shown beside the question's own text (which stays as it is), marked as
    # the follow-up, when the question is answered in FOLLOWUP_PHASE.
    followup_text = models.TextField(
        _("opfølgning i drift"),
        blank=True,
        help_text=_(
            "Spørgsmålet stillet igen i implementering og drift, i datid: hvad skete der? "
            "Vises ved siden af spørgsmålets egen tekst."
        ),
    )
    kind = models.CharField(_("svartype"), max_length=20, choices=AnswerKind.choices)
    choices = models.JSONField(
        _("valgmuligheder"), default=list, blank=True, help_text=_('[{"key": …, "label": …}]')
    )
    phases = models.JSONField(_("faser"), default=list)
    required = models.BooleanField(_("skal besvares"), default=False)
    order = models.PositiveIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        ordering = ["section__order", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.section.version.assert_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.section.version.assert_editable()
        return super().delete(*args, **kwargs)

    def clean(self):
        unknown = set(self.phases) - set(Phase.values)
        if unknown:
            raise ValidationError({"phases": _("Ukendt fase: %s") % ", ".join(sorted(unknown))})

    def applies_in(self, phase: str) -> bool:
        return phase in self.phases

    def followup_in(self, phase: str) -> str:
        """The follow-up text to show beside the question in `phase`: only in
        implementering og drift, empty elsewhere (and when there is none)."""
        return self.followup_text if phase == FOLLOWUP_PHASE else ""

    def value_choices(self) -> Sequence[tuple]:
        """The (value, label) pairs a respondent picks from, by kind, the
        labels in the active language."""
        if self.kind in FIXED_CHOICES:
            return fixed_choices_in_language(self.kind)
        if self.kind in (AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE):
            return [(c["key"], c["label"]) for c in self.choices]
        return []

    def value_labels(self) -> dict[str, str]:
        """{stored value as text: its label} in the active language, made
        once per question and language (a comparison labels hundreds of
        answers to the same question)."""
        made = self.__dict__.setdefault("_value_labels", {})
        language = get_language()
        if language not in made:
            made[language] = {str(k): str(label) for k, label in self.value_choices()}
        return made[language]

    def value_label(self, value) -> str:
        if self.kind == AnswerKind.GROUP_EFFECT:
            return "; ".join(
                f"{group}: {label}" for group, label in self.group_effect_labels(value)
            )
        labels = self.value_labels()
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        if value is None:
            return ""
        return labels.get(str(value), str(value))

    def group_effect_labels(self, value) -> list[tuple[str, str]]:
        """(group, direction) for each group a group-effect answer names, in
        the groups' order."""
        if not isinstance(value, dict):
            return []
        scale = {number: label for number, label in SCALE_CHOICES}
        return [
            (str(group.label), f"{scale[value[group.value]]} ({value[group.value]:+d})")
            for group in AffectedGroup
            if value.get(group.value) in scale
        ]

    def group_effect_rows(self, value) -> list[dict]:
        """The form's rows for a group-effect question: per group its label,
        the options (submitted as "group:step") and the step chosen."""
        value = value if isinstance(value, dict) else {}
        return [
            {
                "group": group.value,
                "label": str(group.label),
                "options": [
                    (f"{group.value}{GROUP_EFFECT_SEPARATOR}{number}", label, number)
                    for number, label in fixed_choices_in_language(AnswerKind.SCALE)
                ],
                "chosen": value.get(group.value),
            }
            for group in AffectedGroup
        ]

    def requires_text(self, value) -> bool:
        """Whether an answer with `value` needs its short text: a principle
        the project does not live up to at all must say why."""
        return self.kind == AnswerKind.PRINCIPLE and value == PRINCIPLE_NOT_AT_ALL

    def clean_value(self, raw):
        """Turn submitted form data (a string, or a list for multiple choice
        and group effects) into the stored value for this question's kind;
        None when empty."""
        if self.kind == AnswerKind.TEXT:
            return None
        if self.kind == AnswerKind.GROUP_EFFECT:
            return _clean_group_effect(raw)
        if self.kind == AnswerKind.MULTIPLE_CHOICE:
            picked = [v for v in (raw or []) if v]
            allowed = {str(k) for k, _label in self.value_choices()}
            if not set(picked) <= allowed:
                raise ValidationError(_("Et af de valgte svar findes ikke for dette spørgsmål."))
            return [k for k, _label in self.value_choices() if k in picked] or None
        if isinstance(raw, list):
            raw = raw[-1] if raw else ""
        if raw in (None, ""):
            return None
        if self.kind == AnswerKind.SCALE:
            try:
                number = int(raw)
            except (TypeError, ValueError):
                raise ValidationError(_("Vælg en værdi på skalaen fra −2 til +2.")) from None
            if not -2 <= number <= 2:
                raise ValidationError(_("Vælg en værdi på skalaen fra −2 til +2."))
            return number
        if raw not in {str(k) for k, _label in self.value_choices()}:
            raise ValidationError(_("Det valgte svar findes ikke for dette spørgsmål."))
        return raw


def _clean_group_effect(raw) -> dict | None:
    """ "group:step" strings (one per group's field, empty when the group is
    not touched) as {group: step}, in the groups' order; None when empty."""
    picked = {}
    invalid = ValidationError(_("Vælg en retning fra −2 til +2 for hver gruppe, effekten berører."))
    for item in raw if isinstance(raw, list) else [raw]:
        if item in (None, ""):
            continue
        group, _sep, step = str(item).partition(GROUP_EFFECT_SEPARATOR)
        if group not in AffectedGroup.values or group in picked:
            raise invalid
        try:
            number = int(step)
        except ValueError:
            raise invalid from None
        if not -2 <= number <= 2:
            raise invalid
        picked[group] = number
    return {g: picked[g] for g in AffectedGroup.values if g in picked} or None
