"""Opening, answering and closing a medarbejderpuls. The demo player and the
views both go through these functions, so the rules hold for both."""

from datetime import date

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from questionnaires.models import Question

from .models import OpenPrompt, Pulse, PulseCount, PulseQuestion, PulseText, minimum_answers

# How long a form's submission key is remembered: a double tap, or a retried
# request, within this time counts once.
SUBMISSION_KEY_SECONDS = 3600


class PulseClosed(ValidationError):
    pass


@transaction.atomic
def open_pulse(
    project,
    user,
    *,
    questions: list[Question],
    prompts: list[str],
    closes_on: date,
    invited: int | None = None,
) -> Pulse:
    """A new pulse on the project, asking the template's `questions` (in
    template order) and then the open `prompts`. Who may open one is
    `pulse.access.may_open_pulse`; the form checks the dates."""
    pulse = Pulse.objects.create(
        project=project, phase=project.phase, opened_by=user, closes_on=closes_on, invited=invited
    )
    asked = [PulseQuestion(question=q) for q in questions]
    asked += [PulseQuestion(prompt=p) for p in OpenPrompt.values if p in prompts]
    for order, pulse_question in enumerate(asked, start=1):
        pulse_question.pulse, pulse_question.order = pulse, order
    PulseQuestion.objects.bulk_create(asked)
    PulseCount.objects.bulk_create(
        PulseCount(question=pq, value=str(value))
        for pq in pulse.questions.select_related("question")
        for value, _label in pq.value_choices()
    )
    return pulse


def submit_answers(pulse: Pulse, answers: dict[PulseQuestion, object], submission_key) -> bool:
    """Record one person's answers: each choice adds one to its count, each
    text becomes a row of its own. `answers` maps a question to its cleaned
    value (a list for multiple choice) or, for a free-text question, its text.

    The same form sent twice (`submission_key`) counts once: returns False
    for the repeat. A closed pulse refuses with `PulseClosed`."""
    with transaction.atomic():
        locked = Pulse.objects.select_for_update().get(pk=pulse.pk)
        if not locked.is_open:
            raise PulseClosed(_("Medarbejderpulsen er lukket, og der tages ikke imod flere svar."))
        key = f"pulse:{pulse.pk}:submission:{submission_key}"
        if not cache.add(key, 1, SUBMISSION_KEY_SECONDS):
            return False
        try:
            _record(locked, answers)
        except Exception:
            cache.delete(key)  # nothing was stored: the same form may be sent again
            raise
    return True


def _record(pulse: Pulse, answers: dict[PulseQuestion, object]) -> None:
    for pulse_question, answer in answers.items():
        if pulse_question.takes_text:
            PulseText.objects.create(question=pulse_question, text=answer)
            continue
        picked = answer if isinstance(answer, list) else [answer]
        PulseCount.objects.filter(
            question=pulse_question, value__in=[str(v) for v in picked]
        ).update(count=F("count") + 1)
    pulse.response_count += 1
    pulse.save(update_fields=["response_count"])
    if pulse.response_count - pulse.shown_count >= minimum_answers():
        _publish_step(pulse)


def _publish_step(pulse: Pulse) -> None:
    """The results shown while a pulse is open move only in whole steps of
    `minimum_answers()` answers, so comparing the results before and after
    a step never isolates fewer answers than the threshold."""
    PulseCount.objects.filter(question__pulse=pulse).update(shown=F("count"))
    PulseText.objects.filter(question__pulse=pulse, shown=False).update(shown=True)
    pulse.shown_count = pulse.response_count
    pulse.save(update_fields=["shown_count"])


def note_refused_repeat(pulse: Pulse) -> None:
    """A browser that had answered tried again: counted, so the opener sees it."""
    Pulse.objects.filter(pk=pulse.pk).update(refused_repeats=F("refused_repeats") + 1)


def close_pulse(pulse: Pulse, user) -> None:
    if pulse.closed_at is not None or not pulse.is_open:
        raise PulseClosed(_("Medarbejderpulsen er allerede lukket."))
    pulse.closed_at = timezone.now()
    pulse.closed_by = user
    pulse.save(update_fields=["closed_at", "closed_by"])
