"""Where a project stands on the method's way from need to operation: the
four phases with their sub-steps, each done, current or ahead, when the
project reached it (and how often, when it went back), and the involvement
level chosen for each phase; and its passages: the phase gates it passed
(after which committee decision, or with which override) and the steps it
went back, with their reasons. Computed here once; the project page and the
pack both show it."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from method import vocabulary

DONE, CURRENT, AHEAD = "done", "current", "ahead"


@dataclass(frozen=True)
class StepOnTimeline:
    step: vocabulary.Step
    state: str
    # When the project got to this step: its creation for the first step,
    # else the (latest) move onto it. None for steps ahead.
    reached_at: datetime | None
    # How many times the project came to this step: more than once after it
    # went back; a step ahead the project has been on before counts too.
    times_reached: int = 0

    @property
    def reached_before(self) -> bool:
        """A step ahead that the project was on before it went back."""
        return self.state == AHEAD and self.times_reached > 0


@dataclass(frozen=True)
class PhaseOnTimeline:
    number: int
    phase: vocabulary.Phase
    state: str
    steps: tuple[StepOnTimeline, ...]
    involvement: object = None  # the phase's PhaseInvolvement, if chosen

    @property
    def is_current(self) -> bool:
        return self.state == CURRENT


def project_timeline(project, transitions=None, involvements=None) -> list[PhaseOnTimeline]:
    """The project's timeline. `transitions` are its phase transitions in
    the order they happened, `involvements` its PhaseInvolvements by phase
    (each queried when not given)."""
    if transitions is None:
        transitions = project.transitions.order_by("moved_at", "id")
    if involvements is None:
        involvements = {i.phase: i for i in project.involvements.all()}
    reached = {vocabulary.StepKey.NEED.value: project.created_at}
    times = Counter({vocabulary.StepKey.NEED.value: 1})
    for transition in transitions:
        reached[transition.to_step] = transition.moved_at
        times[transition.to_step] += 1
    current = vocabulary.step_index(project.step)
    phases = []
    for number, phase in enumerate(vocabulary.Phase, start=1):
        steps = tuple(
            _step_on_timeline(step, current, reached, times)
            for step in vocabulary.steps_in_phase(phase)
        )
        phases.append(
            PhaseOnTimeline(number, phase, _phase_state(steps), steps, involvements.get(phase))
        )
    return phases


def passages(transitions) -> list:
    """The transitions the committee should see apart: each phase gate
    passed forward (with its decision or override) and each step back."""
    return [t for t in transitions if t.is_back or t.changes_phase]


def _step_on_timeline(step, current: int, reached: dict, times: Counter) -> StepOnTimeline:
    index = vocabulary.step_index(step.key)
    state = DONE if index < current else CURRENT if index == current else AHEAD
    return StepOnTimeline(step, state, reached.get(step.key), times[step.key])


def _phase_state(steps) -> str:
    states = {s.state for s in steps}
    if CURRENT in states:
        return CURRENT
    return DONE if states == {DONE} else AHEAD
