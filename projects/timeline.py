"""Where a project stands on the method's way from need to operation: the
four phases with their sub-steps, each done, current or ahead, and when the
project reached it. Computed here once; the project page and the pack both
show it."""

from dataclasses import dataclass
from datetime import datetime

from method import vocabulary

DONE, CURRENT, AHEAD = "done", "current", "ahead"


@dataclass(frozen=True)
class StepOnTimeline:
    step: vocabulary.Step
    state: str
    # When the project got to this step: its creation for the first step,
    # else the move onto it. None for steps ahead.
    reached_at: datetime | None


@dataclass(frozen=True)
class PhaseOnTimeline:
    number: int
    phase: vocabulary.Phase
    state: str
    steps: tuple[StepOnTimeline, ...]

    @property
    def is_current(self) -> bool:
        return self.state == CURRENT


def project_timeline(project, transitions=None) -> list[PhaseOnTimeline]:
    """The project's timeline. `transitions` are its phase transitions in
    the order they happened (queried when not given)."""
    if transitions is None:
        transitions = project.transitions.order_by("moved_at", "id")
    reached = {vocabulary.StepKey.NEED.value: project.created_at}
    for transition in transitions:
        reached[transition.to_step] = transition.moved_at
    current = vocabulary.step_index(project.step)
    phases = []
    for number, phase in enumerate(vocabulary.Phase, start=1):
        steps = tuple(
            _step_on_timeline(step, current, reached) for step in vocabulary.steps_in_phase(phase)
        )
        phases.append(PhaseOnTimeline(number, phase, _phase_state(steps), steps))
    return phases


def _step_on_timeline(step, current: int, reached: dict) -> StepOnTimeline:
    index = vocabulary.step_index(step.key)
    state = DONE if index < current else CURRENT if index == current else AHEAD
    return StepOnTimeline(step, state, reached.get(step.key) if state != AHEAD else None)


def _phase_state(steps) -> str:
    states = {s.state for s in steps}
    if CURRENT in states:
        return CURRENT
    return DONE if states == {DONE} else AHEAD
