"""Shared helpers for the medarbejderpuls tests: a pulse on the good-work
questions and the open questions, and employees answering it, each from a
browser of their own."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pulse.forms import DEFAULT_SECTION
from pulse.models import OpenPrompt
from pulse.services import open_pulse
from questionnaires.models import AnswerKind


def make_pulse(project, user, *, days_open=14):
    """A pulse on the six marks of good work (as the open form ticks them)
    and the open questions."""
    questions = [
        q
        for q in project.assessment.questions()
        if q.section.key == DEFAULT_SECTION and q.kind == AnswerKind.SCALE
    ]
    return open_pulse(
        project,
        user,
        questions=questions,
        prompts=OpenPrompt.values,
        closes_on=timezone.localdate() + timedelta(days=days_open),
    )


def survey_url(pulse) -> str:
    return reverse("survey", args=[pulse.token])


def fields(pulse) -> dict:
    """{"scale": [field names of scale questions], "text": [... of free text]}"""
    by_kind = {}
    for pq in pulse.questions.select_related("question"):
        by_kind.setdefault("text" if pq.takes_text else pq.kind, []).append(f"q{pq.order}")
    return by_kind


def answer(pulse, data, browser=None, **headers):
    """One employee answers from `browser` (a new one unless given): fetches
    the form as a phone would, then sends it with its key."""
    browser = browser or Client()
    page = browser.get(survey_url(pulse))
    key = page.context["form"]["key"].value() if page.context and "form" in page.context else ""
    return browser.post(survey_url(pulse), {"key": key, **data}, **headers), browser


def answer_many(pulse, count, value="1", text="Svar nr. {n}"):
    names = fields(pulse)
    for n in range(1, count + 1):
        data = {name: value for name in names["scale"]}
        data[names["text"][0]] = text.format(n=n)
        response, _browser = answer(pulse, data)
        assert response.status_code == 302, response.content.decode()[:500]
