"""The results of a project's medarbejderpulser as plain data (values,
counts, labels, dates as ISO text), for the pulse page, the comparison page
and the dialogue pack alike.

Below the threshold a pulse's summary has its counts and no results at all;
free texts are listed in the order of their random ids (a shuffle fixed
when they were written), never in the order they came in."""

from django.db.models import Prefetch
from django.utils import timezone

from method.vocabulary import Phase
from questionnaires.models import AnswerKind

from .access import may_open_pulse
from .models import Pulse, PulseQuestion, minimum_answers


def pulse_summary(project) -> list[dict]:
    """Every pulse on the project, newest first. Four queries in all."""
    pulses = project.pulses.prefetch_related(
        Prefetch(
            "questions",
            queryset=PulseQuestion.objects.select_related("question__section").prefetch_related(
                "counts", "texts"
            ),
        )
    )
    return [summarise(pulse) for pulse in pulses]


def summarise(pulse: Pulse) -> dict:
    closed_early = timezone.localdate(pulse.closed_at).isoformat() if pulse.closed_at else None
    return {
        "id": pulse.pk,
        "phase": pulse.phase,
        "phase_label": str(Phase(pulse.phase).label),
        "opened_on": timezone.localdate(pulse.opened_at).isoformat(),
        "closes_on": pulse.closes_on.isoformat(),
        "closed_early_on": closed_early,
        "is_open": pulse.is_open,
        "invited": pulse.invited,
        "responses": pulse.response_count,
        "counted": pulse.counted if pulse.has_results else 0,
        "minimum": minimum_answers(),
        "missing": pulse.answers_missing,
        "next_step_at": pulse.shown_count + minimum_answers(),
        "has_results": pulse.has_results,
        "questions": _results(pulse) if pulse.has_results else [],
    }


def _results(pulse: Pulse) -> list[dict]:
    final = not pulse.is_open
    return [_question(pq, final) for pq in pulse.questions.all()]


def _question(pulse_question: PulseQuestion, final: bool) -> dict:
    counts = {c.value: (c.count if final else c.shown) for c in pulse_question.counts.all()}
    options = [
        {"value": str(value), "label": str(label), "count": counts.get(str(value), 0)}
        for value, label in pulse_question.value_choices()
    ]
    question = pulse_question.question
    return {
        "text": pulse_question.text,
        "kind": pulse_question.kind,
        "key": question.key if question else pulse_question.prompt,
        "section": question.section.title if question else "",
        "options": options,
        "answered": sum(option["count"] for option in options),
        "average": _average(pulse_question.kind, options),
        "texts": [t.text for t in pulse_question.texts.all() if final or t.shown],
    }


def _average(kind: str, options: list[dict]) -> float | None:
    if kind != AnswerKind.SCALE:
        return None
    answered = sum(option["count"] for option in options)
    if not answered:
        return None
    return sum(int(option["value"]) * option["count"] for option in options) / answered


def pulse_voice(user, project) -> dict:
    """The comparison page's third voice: the project's pulses, and whether
    the user may open one."""
    return {
        "project_id": project.pk,
        "pulses": pulse_summary(project),
        "may_open": may_open_pulse(user, project),
    }
