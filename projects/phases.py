"""The four main phases of a technology process and their sub-steps
(Sammen om ny teknologi, "Teknologiprocessens typiske hovedfaser")."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    IDEA = "ideudvikling", _("Idéudvikling")
    IMPACT = "konsekvensvurdering", _("Konsekvensvurdering")
    DEVELOPMENT = "udvikling", _("Udvikling/anskaffelse")
    OPERATION = "drift", _("Implementering og drift")


@dataclass(frozen=True)
class Step:
    key: str
    phase: Phase
    label: str


class StepKey(models.TextChoices):
    NEED = "behov", _("Behov/problem")
    IDEA = "ide", _("Idé")
    EXPLORATION = "udforskning", _("Udforskning")
    PROTOTYPE = "prototype", _("Prototype/forsøg")
    BUSINESS_CASE = "businesscase", _("Businesscase & gevinstkortlægning")
    SPECIFICATION = "specifikation", _("Specifikation")
    BUILD_OR_BUY = "udvikling_anskaffelse", _("Udvikling eller anskaffelse")
    IMPLEMENTATION = "implementering", _("Implementering")
    OPERATION = "drift", _("Drift")


STEPS: tuple[Step, ...] = (
    Step(StepKey.NEED, Phase.IDEA, StepKey.NEED.label),
    Step(StepKey.IDEA, Phase.IDEA, StepKey.IDEA.label),
    Step(StepKey.EXPLORATION, Phase.IDEA, StepKey.EXPLORATION.label),
    Step(StepKey.PROTOTYPE, Phase.IDEA, StepKey.PROTOTYPE.label),
    Step(StepKey.BUSINESS_CASE, Phase.IMPACT, StepKey.BUSINESS_CASE.label),
    Step(StepKey.SPECIFICATION, Phase.DEVELOPMENT, StepKey.SPECIFICATION.label),
    Step(StepKey.BUILD_OR_BUY, Phase.DEVELOPMENT, StepKey.BUILD_OR_BUY.label),
    Step(StepKey.IMPLEMENTATION, Phase.OPERATION, StepKey.IMPLEMENTATION.label),
    Step(StepKey.OPERATION, Phase.OPERATION, StepKey.OPERATION.label),
)
_STEP_BY_KEY = {step.key: step for step in STEPS}


def step(key: str) -> Step:
    return _STEP_BY_KEY[key]


def next_step(key: str) -> Step | None:
    index = STEPS.index(_STEP_BY_KEY[key])
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def steps_in_phase(phase: str) -> list[Step]:
    return [s for s in STEPS if s.phase == phase]


def phase_number(phase: str) -> int:
    return list(Phase.values).index(phase) + 1
