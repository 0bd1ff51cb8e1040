"""Technology projects and their way through the four phases."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from method import vocabulary
from method.vocabulary import InvolvementLevel, Phase, StepKey
from organisations.models import Membership
from organisations.tenancy import MunicipalityQuerySet

from .gates import GateNeedsDecision, phase_gate


class FieldOfWork(models.TextChoices):
    SCHOOL = "dagtilbud_skole", _("Dagtilbud og skole")
    SOCIAL_HEALTH = "social_sundhed", _("Social og sundhed")
    EMPLOYMENT = "beskaeftigelse", _("Beskæftigelse")
    TECHNICAL = "teknik_miljoe", _("Teknik og miljø")
    ADMINISTRATION = "administration", _("Administration")


class TechnologyKind(models.TextChoices):
    """KL's Teknologiradar, plus "andet"."""

    RPA = "softwarerobotter", _("Softwarerobotter (RPA)")
    SCREENS = "skaerme_selvbetjening", _("Skærme og selvbetjeningsløsninger")
    APPS = "apps", _("Apps")
    CLOUD = "cloud", _("Cloud computing")
    VIDEO = "video", _("Videoløsninger")
    SENSORS = "sensorer", _("Sensorer")
    SECURITY = "sikkerhed", _("Sikkerhedsteknologier")
    SOCIAL = "sociale", _("Sociale teknologier")
    NETWORK = "netvaerk", _("Netværksteknologi")
    OTHER = "andet", _("Andet")


class Level(models.TextChoices):
    LOW = "lav", _("Lav")
    MEDIUM = "middel", _("Middel")
    HIGH = "hoej", _("Høj")


class LocalInfluence(models.TextChoices):
    LOCAL_INITIATIVE = "lokalt_initiativ", _("Lokalt initiativ – let at forme")
    ROOM_TO_MANOEUVRE = "spillerum", _("Projekt med spillerum")
    STANDARD_SYSTEM = "standardsystem", _("Standardsystem – ensartet udrulning")


# The five factors of a project's complexity profile, in the publication's order.
COMPLEXITY_FIELDS = (
    "complexity_maturity",
    "complexity_scale",
    "complexity_cross_boundary",
    "complexity_involvement",
    "complexity_duration",
)


def _complexity_field(label):
    return models.CharField(label, max_length=10, choices=Level.choices, default=Level.MEDIUM)


class ProjectQuerySet(MunicipalityQuerySet):
    municipality_path = "municipality"

    def annotate_is_mine(self, user):
        """`is_mine`: the user leads the project or sits in a committee handling it."""
        seat = Membership.objects.current().filter(
            user=user, committee__projects=models.OuterRef("pk")
        )
        return self.annotate(
            is_mine=models.ExpressionWrapper(
                models.Q(lead=user) | models.Exists(seat), output_field=models.BooleanField()
            )
        )

    def in_phase(self, phase: str):
        return self.filter(step__in=[s.key for s in vocabulary.steps_in_phase(phase)])


class Project(models.Model):
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("titel"), max_length=200)
    need = models.TextField(
        _("behov/problem"), help_text=_("Hvilket behov eller problem skal teknologien løse?")
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    field_of_work = models.CharField(_("fagområde"), max_length=30, choices=FieldOfWork.choices)
    technology_kind = models.CharField(
        _("teknologi"), max_length=30, choices=TechnologyKind.choices
    )
    technology_other = models.CharField(
        _("anden teknologi"), max_length=200, blank=True, help_text=_("Udfyldes ved “Andet”.")
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("projektleder"),
    )
    committees = models.ManyToManyField(
        "organisations.Committee", related_name="projects", verbose_name=_("MED-udvalg")
    )
    # The committee whose drøftelse or beslutning opens the project's phase
    # gates (projects/gates.py); always one of `committees`.
    responsible_committee = models.ForeignKey(
        "organisations.Committee",
        on_delete=models.PROTECT,
        null=True,
        related_name="responsible_for",
        verbose_name=_("ansvarligt MED-udvalg"),
        help_text=_(
            "Det udvalg, der skal drøfte eller beslutte, før projektet går videre til næste "
            "fase. Principielle spørgsmål hører typisk hjemme i Hovedudvalget, spørgsmål tæt "
            "på hverdagen og den konkrete implementering i et lokalt MED-udvalg."
        ),
    )
    complexity_maturity = _complexity_field(_("teknologiens modenhed"))
    complexity_scale = _complexity_field(_("projektets skala og ambitioner"))
    complexity_cross_boundary = _complexity_field(_("på tværs af organisatoriske grænser"))
    complexity_involvement = _complexity_field(_("grad af medarbejder- og borgerinddragelse"))
    complexity_duration = _complexity_field(
        _("hvor langstrakt processen er fra idé til ibrugtagning")
    )
    organisational_context = models.TextField(
        _("organisatorisk kontekst"),
        blank=True,
        help_text=_(
            "Teknologivanthed, andre forandringsprocesser i gang, ledelsesniveauernes "
            "opbakning og samarbejdsrelationerne."
        ),
    )
    local_influence = models.CharField(
        _("rum for lokal indflydelse"), max_length=30, choices=LocalInfluence.choices
    )
    step = models.CharField(_("trin"), max_length=30, choices=StepKey.choices, default=StepKey.NEED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("teknologiprojekt")
        verbose_name_plural = _("teknologiprojekter")
        ordering = ["title"]
        constraints = [
            # One name, one project: also stops a double-submitted form
            # from creating the project twice.
            models.UniqueConstraint(
                fields=["municipality", "title"],
                name="project_title_unique_in_municipality",
                violation_error_message=_("Der findes allerede et projekt med denne titel."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def phase(self) -> str:
        return vocabulary.step(self.step).phase

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    @property
    def phase_number(self) -> int:
        return vocabulary.phase_number(self.phase)

    def complexity_profile(self) -> list[tuple[str, str]]:
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, f"get_{name}_display")())
            for name in COMPLEXITY_FIELDS
        ]

    def technology_label(self) -> str:
        if self.technology_kind == TechnologyKind.OTHER and self.technology_other:
            return self.technology_other
        return self.get_technology_kind_display()

    def next_step(self) -> vocabulary.Step | None:
        return vocabulary.next_step(self.step)

    def unanswered_required_questions(self):
        """Required questions of the current phase without a joint answer."""
        return self.assessment.unanswered_required_questions(self.phase)

    def _lock_step(self, from_step: str | None) -> None:
        """Read the step under a row lock. `from_step` is the step the user
        saw: when the project has moved since (a double click, or a colleague
        was first), nothing moves twice and AlreadyMoved is raised."""
        self.step = (
            Project.objects.select_for_update().values_list("step", flat=True).get(pk=self.pk)
        )
        if from_step is not None and from_step != self.step:
            raise AlreadyMoved

    def _record_move(self, **fields) -> "PhaseTransition":
        """Store the transition and the new step. The sequence number is
        unique per project, so concurrent requests store one transition."""
        try:
            with transaction.atomic():
                transition = PhaseTransition.objects.create(
                    project=self,
                    sequence=self.transitions.count() + 1,
                    from_step=self.step,
                    **fields,
                )
        except IntegrityError:  # a concurrent move stored this step's transition first
            raise AlreadyMoved from None
        self.step = transition.to_step
        self.save(update_fields=["step", "updated_at"])
        return transition

    @transaction.atomic
    def move_to_next_step(
        self,
        user,
        note: str = "",
        reason: str = "",
        *,
        override: str = "",
        involvement: str = "",
        from_step: str | None = None,
    ) -> "PhaseTransition":
        """Advance one sub-step. Leaving a phase needs the responsible
        committee's recorded drøftelse or beslutning since the project
        entered the phase, or an `override` with a reason (projects/gates.py);
        with required questions unanswered it also needs a `reason`. Both are
        kept. `involvement` is the level chosen for the phase entered."""
        self._lock_step(from_step)
        target = self.next_step()
        if target is None:
            raise ValidationError(_("Projektet er allerede i sidste trin."))
        leaves_phase = target.phase != self.phase
        missing = list(self.unanswered_required_questions()) if leaves_phase else []
        if missing and not reason.strip():
            raise MissingAnswersNeedReason(len(missing))
        gate = phase_gate(self) if leaves_phase else None
        if gate and gate.decision is None and not override.strip():
            raise GateNeedsDecision(gate)
        transition = self._record_move(
            to_step=target.key,
            moved_by=user,
            note=note.strip(),
            unanswered_count=len(missing),
            reason=reason.strip() if missing else "",
            gate_item=gate.decision if gate else None,
            override_reason=override.strip() if gate and gate.decision is None else "",
        )
        if leaves_phase and involvement:
            self.set_involvement(target.phase, involvement, user)
        return transition

    @transaction.atomic
    def move_back(
        self, user, to_step: str, reason: str, *, involvement: str = "", from_step=None
    ) -> "PhaseTransition":
        """Return to an earlier sub-step (a new prototype after a failed
        pilot), with a reason that is kept. Nothing is deleted: the answers
        of each phase stay with it, and a phase returned to shows its own
        answers again. Going back passes no gate; going forward again does."""
        self._lock_step(from_step)
        if to_step not in {s.key for s in vocabulary.steps_before(self.step)}:
            raise ValidationError(_("Vælg et af de trin, projektet allerede har været igennem."))
        if not reason.strip():
            raise ValidationError(_("Skriv hvorfor projektet går tilbage."), code="reason_required")
        previous_phase = self.phase
        transition = self._record_move(
            to_step=to_step,
            direction=PhaseTransition.Direction.BACK,
            moved_by=user,
            reason=reason.strip(),
        )
        if self.phase != previous_phase and involvement:
            self.set_involvement(self.phase, involvement, user)
        return transition

    def set_involvement(self, phase: str, level: str, user) -> "PhaseInvolvement":
        """The involvement level chosen for a phase (one per phase; choosing
        again replaces it)."""
        involvement, _created = PhaseInvolvement.objects.update_or_create(
            project=self, phase=phase, defaults={"level": level, "chosen_by": user}
        )
        return involvement

    def involvement_in(self, phase: str) -> "PhaseInvolvement | None":
        return self.involvements.filter(phase=phase).first()


class AlreadyMoved(Exception):
    """The project is no longer on the step the user moved it on from."""


class MissingAnswersNeedReason(ValidationError):
    def __init__(self, count: int):
        self.count = count
        super().__init__(
            _(
                "%(count)s påkrævede spørgsmål i fasen er ikke besvaret. "
                "Skriv en begrundelse for at gå videre alligevel."
            ),
            params={"count": count},
            code="reason_required",
        )


class PhaseTransitionQuerySet(models.QuerySet):
    def changing_phase(self):
        """Transitions whose steps lie in different phases."""
        leaves = models.Q()
        for phase in Phase.values:
            keys = [s.key for s in vocabulary.steps_in_phase(phase)]
            leaves |= models.Q(from_step__in=keys) & ~models.Q(to_step__in=keys)
        return self.filter(leaves)

    def without_med(self):
        """Phase gates passed forward without a committee's recorded
        drøftelse or beslutning: with an override, or before the rule."""
        return self.changing_phase().filter(
            direction=PhaseTransition.Direction.FORWARD, gate_item__isnull=True
        )


class PhaseTransition(models.Model):
    class Direction(models.TextChoices):
        FORWARD = "frem", _("Frem")
        BACK = "tilbage", _("Tilbage")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    sequence = models.PositiveIntegerField(
        _("nummer"), help_text=_("1 for projektets første skift.")
    )
    from_step = models.CharField(_("fra"), max_length=30, choices=StepKey.choices)
    to_step = models.CharField(_("til"), max_length=30, choices=StepKey.choices)
    moved_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("af")
    )
    note = models.TextField(_("udvalgets note"), blank=True)
    unanswered_count = models.PositiveIntegerField(_("ubesvarede påkrævede spørgsmål"), default=0)
    reason = models.TextField(_("begrundelse"), blank=True)
    direction = models.CharField(
        _("retning"), max_length=10, choices=Direction.choices, default=Direction.FORWARD
    )
    # What let a forward move leave its phase: the committee's decision
    # (kept: it is the record), or else the override's reason.
    gate_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gate_passages",
        verbose_name=_("MED-udvalgets drøftelse eller beslutning"),
    )
    override_reason = models.TextField(
        _("begrundelse for at gå videre uden MED-udvalget"), blank=True
    )

    objects = PhaseTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("faseskift")
        verbose_name_plural = _("faseskift")
        ordering = ["moved_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "sequence"], name="one_transition_per_project_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_from_step_display()} → {self.get_to_step_display()}"

    @property
    def changes_phase(self) -> bool:
        return vocabulary.step(self.from_step).phase != vocabulary.step(self.to_step).phase

    @property
    def is_back(self) -> bool:
        return self.direction == self.Direction.BACK

    @property
    def passed_without_med(self) -> bool:
        return not self.is_back and self.changes_phase and self.gate_item_id is None


class PhaseInvolvement(models.Model):
    """The involvement level the committee chose for one phase of a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="involvements")
    phase = models.CharField(_("fase"), max_length=30, choices=Phase.choices)
    level = models.CharField(
        _("involveringsniveau"), max_length=20, choices=InvolvementLevel.choices
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("af")
    )
    chosen_at = models.DateTimeField(_("valgt"), auto_now=True)

    class Meta:
        verbose_name = _("involveringsniveau i en fase")
        verbose_name_plural = _("involveringsniveauer i faserne")
        constraints = [
            models.UniqueConstraint(fields=["project", "phase"], name="one_involvement_per_phase")
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_phase_display()} – {self.get_level_display()}"
