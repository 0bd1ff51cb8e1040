"""The method over time in the pack (issue 8 item 7, issue 9 item 6): per
project on the agenda, the business case with its latest revision's
changes and the benefits with their status and measurements, what each
side predicted beside what it experiences (in drift), the competence
plans' gaps, the open follow-ups, and the medarbejderpuls as a third voice.

Only assembly: every rule is the apps' own, asked through their pack-ready
summaries (`businesscase.summary`, `competences.summary`,
`assessments.followup`, `pulse.summary`, `actions.summary`) and, for the
follow-ups of closed agenda items, `meetings.access.may_appear_in_pack`.
A fixed number of queries per project, whatever the number of benefits,
measurements, plans, actions or pulse answers.
"""

from django.utils import timezone

from actions.summary import action_summary, open_actions
from assessments.followup import EXPERIENCED, predicted_and_experienced
from businesscase.summary import business_case_summary
from competences.summary import competence_plan_summary
from meetings.access import may_appear_in_pack
from method.vocabulary import Side
from pulse.summary import pulse_summary
from questionnaires.models import AnswerKind

from .answers import question_ref, short_label, side_view

# The questions shown in the short part, both sides in one table; every
# shift, per side, in the appendix.
SHIFTS_IN_SHORT = 5


def project_followup(project, assessment, pack_items, now) -> dict:
    """The project's follow-up as plain data (see the module's docstring)."""
    voice = _voice(pulse_summary(project))
    in_drift = project.phase == EXPERIENCED and assessment is not None
    shifts = _shifts(assessment, voice) if in_drift else []
    return {
        "business_case": business_case_summary(project),
        "in_drift": in_drift,
        "shifts": shifts,
        "shifts_in_short": SHIFTS_IN_SHORT,
        "both_sides": _both_sides(shifts),
        "competence_plans": competence_plan_summary(project),
        "voice": voice,
        "actions": _actions(project, pack_items, timezone.localdate(now)),
    }


def _actions(project, pack_items, today) -> list[dict]:
    """The project's open follow-ups the pack may print: those made outside
    a meeting and those of open agenda items always; those of closed items
    only where the closed-item rule lets this pack hold them."""
    closed = any(each.is_closed for each in pack_items)
    return [
        action_summary(action, today)
        for action in open_actions(project, closed_items=closed)
        if action.item_id is None or may_appear_in_pack(action.item, pack_items)
    ]


def _voice(summaries) -> dict:
    """The pulses with results (newest first; below the threshold a pulse
    shows nothing but that it waits), and per question key the newest
    result of a scale question, to stand beside the sides' answers."""
    shown = [summary for summary in summaries if summary["has_results"]]
    by_key = {}
    for summary in reversed(shown):  # the newest last, so it wins
        for question in summary["questions"]:
            if question["kind"] == AnswerKind.SCALE and question["answered"]:
                by_key[question["key"]] = {
                    "average": question["average"],
                    "answered": question["answered"],
                    "phase_label": summary["phase_label"],
                }
    return {
        "pulses": shown,
        "waiting": len(summaries) - len(shown),
        "minimum": summaries[0]["minimum"] if summaries else None,
        "by_key": by_key,
    }


def _shifts(assessment, voice) -> list[dict]:
    """Per side, the measured shifts from predicted to experienced, the
    largest first (`assessments.followup`); the unmeasured ones counted."""
    result = []
    for side in predicted_and_experienced(assessment):
        answered = side.answered
        measured = [shift for shift in answered if shift.size is not None]
        result.append(
            {
                "side": side.side,
                "label": str(side.label),
                "rows": [_shift(shift, voice) for shift in measured],
                "unmeasured": len(answered) - len(measured),
            }
        )
    return result


def _shift(shift, voice) -> dict:
    question = shift.question
    return {
        "question": question_ref(question),
        "short": short_label(question),
        "kind": question.kind,
        "predicted": side_view(shift.predicted, question.kind, with_answers=False),
        "experienced": side_view(shift.experienced, question.kind, with_answers=False),
        "shift": round(shift.shift, 3),
        "is_signed": shift.is_signed,
        "direction": shift.direction,
        "is_notable": shift.is_notable,
        "pulse": voice["by_key"].get(question.key),
    }


def _both_sides(shifts) -> list[dict]:
    """The measured questions with both sides' shifts on one row, the
    question where either side moved most first: the short part's table."""
    rows = {}
    for side in shifts:
        for row in side["rows"]:
            entry = rows.setdefault(
                row["question"]["id"],
                {key: row[key] for key in ("question", "short", "kind", "is_signed", "pulse")},
            )
            entry["management" if side["side"] == Side.MANAGEMENT else "employees"] = row
            entry["size"] = max(entry.get("size", 0), abs(row["shift"]))
    return sorted(rows.values(), key=lambda entry: -entry["size"])
