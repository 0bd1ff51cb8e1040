"""The project's way through the phases, as the pack shows it: the
timeline (`projects/timeline.py`, the same as the project page's) with the
involvement level chosen for each phase, and the passages: each phase gate
passed (after which committee's drøftelse or beslutning, or with which
override) and each step back, with its reason. No agenda item's title or
decision is printed here, only the committee, the meeting's day and the
item's kind, so a closed item gives nothing away."""

from method import vocabulary
from projects.gates import phase_gate
from projects.timeline import passages, project_timeline

from .values import moment, person


def timeline(project, transitions, involvements) -> list[dict]:
    return [
        {
            "number": phase.number,
            "key": str(phase.phase.value),
            "label": str(phase.phase.label),
            "state": phase.state,
            "involvement": str(phase.involvement.get_level_display()) if phase.involvement else "",
            "steps": [
                {
                    "key": str(s.step.key),
                    "label": str(s.step.label),
                    "state": s.state,
                    "reached": moment(s.reached_at),
                    "times_reached": s.times_reached,
                    "reached_before": s.reached_before,
                }
                for s in phase.steps
            ],
        }
        for phase in project_timeline(project, transitions, involvements)
    ]


def passage(transition) -> dict:
    """One move as the pack tells it; `gate` is "decision", "override",
    "unrecorded" (a phase left before the rule), "back" or "" (a step
    within a phase)."""
    item = transition.gate_item
    if transition.is_back:
        gate = "back"
    elif item is not None:
        gate = "decision"
    elif transition.override_reason:
        gate = "override"
    else:
        gate = "unrecorded" if transition.changes_phase else ""
    return {
        "from_label": str(transition.get_from_step_display()),
        "to_label": str(transition.get_to_step_display()),
        "changes_phase": transition.changes_phase,
        "moved_at": moment(transition.moved_at),
        "moved_by": person(transition.moved_by),
        "note": transition.note,
        "gate": gate,
        "reason": transition.reason if transition.is_back else "",
        "override_reason": transition.override_reason,
        "committee": item.meeting.committee.name if item else "",
        "meeting": moment(item.meeting.starts_at) if item else None,
        "item_kind": item.kind if item else "",
    }


def all_passages(transitions) -> list[dict]:
    return [passage(t) for t in passages(transitions)]


def gate(project, transitions) -> dict | None:
    """What leaving the project's current phase asks of its committee, as
    `projects.gates.phase_gate` says (None in the last phase)."""
    if project.phase == vocabulary.Phase.OPERATION:
        return None
    found = phase_gate(project, transitions)
    return {
        "committee": found.committee.name if found.committee else "",
        "entered_at": moment(found.entered_at),
        "open": found.is_open,
        "meeting": moment(found.decision.meeting.starts_at) if found.decision else None,
    }
