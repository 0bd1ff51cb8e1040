"""MED in good time: the phase gate. A project leaves a phase (idéudvikling
and each later one) only after its responsible committee has dealt with it:
an agenda item about the project, til drøftelse or til beslutning, in a held
meeting of that committee, with its decision or conclusion recorded, after
the project entered the phase. Without one, the project lead may go on with
an explicit reason (the override), which the project page, the history, the
dashboard and the next pack show.

`phase_gate` is the one rule: the move itself (`Project.move_to_next_step`),
the move form on the project page and the pack ask it."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.models import HELD_STATUSES, AgendaItem
from method import vocabulary

# The kinds of agenda item in which a committee deals with a project; an
# item til orientering only tells it.
GATE_KINDS = (AgendaItem.Kind.DISCUSSION, AgendaItem.Kind.DECISION)


@dataclass(frozen=True)
class Gate:
    """What leaving the current phase asks of MED, and what it has."""

    committee: object  # the project's responsible Committee, or None
    entered_at: datetime  # when the project entered its current phase
    decision: AgendaItem | None  # the newest decision that opens the gate

    @property
    def is_open(self) -> bool:
        return self.decision is not None


def phase_gate(project, transitions=None) -> Gate:
    """The gate out of the project's current phase. `transitions` are the
    project's transitions in the order they happened, if at hand."""
    entered_at = phase_entered_at(project, transitions)
    decision = None
    if project.responsible_committee_id is not None:
        decision = (
            AgendaItem.objects.filter(
                project=project,
                kind__in=GATE_KINDS,
                meeting__committee_id=project.responsible_committee_id,
                meeting__committee__municipality_id=project.municipality_id,
                meeting__status__in=HELD_STATUSES,
                meeting__starts_at__gte=entered_at,
            )
            .exclude(decision="")
            .select_related("meeting__committee")
            .order_by("-meeting__starts_at", "-order")
            .first()
        )
    return Gate(project.responsible_committee, entered_at, decision)


def phase_entered_at(project, transitions=None) -> datetime:
    """When the project last came into its current phase: the move that
    brought it there (forward or back), else its registration."""
    steps = {s.key for s in vocabulary.steps_in_phase(project.phase)}
    if transitions is None:
        transitions = project.transitions.order_by("moved_at", "id")
    entries = [t for t in transitions if t.to_step in steps and t.from_step not in steps]
    return entries[-1].moved_at if entries else project.created_at


class GateNeedsDecision(ValidationError):
    def __init__(self, gate: Gate):
        self.gate = gate
        if gate.committee is None:
            message = _(
                "Projektet har intet ansvarligt MED-udvalg. Vælg udvalget på projektet, eller "
                "skriv hvorfor projektet går videre uden udvalgets drøftelse."
            )
        else:
            message = _(
                "%(committee)s har ikke drøftet eller besluttet projektet på et afholdt møde, "
                "siden det kom i fasen. Skriv hvorfor projektet går videre alligevel."
            )
        super().__init__(
            message, params={"committee": str(gate.committee)}, code="gate_needs_decision"
        )


def advanced_without_med(projects):
    """The phase gates the given projects passed without their committee,
    newest first, with their project (for the dashboard)."""
    from .models import PhaseTransition

    return (
        PhaseTransition.objects.without_med()
        .filter(project__in=projects)
        .select_related("project", "moved_by")
        .order_by("-moved_at", "-id")
    )
