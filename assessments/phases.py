"""Answers per phase: an answer belongs to the phase it was given in.

When a project enters a phase, a question asked again there starts empty;
beside it stands the answer from the latest earlier phase that has one
("I konsekvensvurderingen svarede I …"), which one click saves as this
phase's answer. Earlier phases' answers are read, never changed: only the
project's current phase is answered (`access.Standing`).

Which answers a phase tab shows is `PhaseView`: the tab's phase, or for
"Alle spørgsmål" the project's current phase. Everything here works on
answers already loaded, so a page pays a fixed number of queries however
many phases and answers there are.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from method.vocabulary import Phase

PHASES: tuple[str, ...] = tuple(Phase.values)

# "I konsekvensvurderingen svarede I: …" — the phase in a sentence's opening.
IN_PHASE = {
    Phase.IDEA: _("I idéudviklingen"),
    Phase.IMPACT: _("I konsekvensvurderingen"),
    Phase.DEVELOPMENT: _("I udviklingen/anskaffelsen"),
    Phase.OPERATION: _("I implementeringen og driften"),
}


def in_phase_words(phase: str) -> str:
    return str(IN_PHASE.get(phase, phase))


def earlier_phases(phase: str) -> tuple[str, ...]:
    """The phases before `phase`, nearest first."""
    return tuple(reversed(PHASES[: PHASES.index(phase)]))


def previous_answer(by_phase: dict, phase: str):
    """Of one person's (or the committee's) answers to one question, keyed
    by phase: the one from the latest phase before `phase` that says
    something; None if there is none."""
    for earlier in earlier_phases(phase):
        answer = by_phase.get(earlier)
        if answer is not None and answer.is_answered:
            return answer
    return None


@dataclass(frozen=True)
class PhaseView:
    """Which phase's answers a tab shows, and whether they can be changed.

    `tab` is the tab asked for (a phase, or "alle"); `current` the project's
    phase. The "Alle spørgsmål" tab shows every question with the current
    phase's answers."""

    tab: str
    current: str

    @property
    def phase(self) -> str:
        return self.tab if self.tab in PHASES else self.current

    @property
    def is_current(self) -> bool:
        return self.phase == self.current

    @property
    def is_earlier(self) -> bool:
        return PHASES.index(self.phase) < PHASES.index(self.current)

    @property
    def is_later(self) -> bool:
        return PHASES.index(self.phase) > PHASES.index(self.current)

    @property
    def label(self) -> str:
        return str(Phase(self.phase).label)

    @property
    def current_label(self) -> str:
        return str(Phase(self.current).label)


def answers_by_phase(answers) -> dict[tuple[int, int | None], dict[str, object]]:
    """(question id, respondent id or None for the joint answer) → {phase: answer}."""
    result: dict[tuple[int, int | None], dict[str, object]] = {}
    for answer in answers:
        result.setdefault((answer.question_id, answer.respondent_id), {})[answer.phase] = answer
    return result
