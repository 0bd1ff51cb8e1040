"""The medarbejderpulser, from fixtures/pulses.toml, played after the
projects: each pulse is opened with the open form by someone
`pulse.access.may_open_pulse` allows, each employee's answer is sent with
the survey form and `submit_answers`, as from a phone of its own, and a
pulse can be closed early with `close_pulse`."""

import uuid
from datetime import timedelta

from django.utils import timezone

from projects.models import Project
from pulse.access import may_open_pulse
from pulse.forms import OpenPulseForm, SurveyForm
from pulse.models import Pulse
from pulse.services import close_pulse, open_pulse, submit_answers

from .fixture_files import Entry, FixtureFile
from .organisation import Cast


def play_pulses(file: FixtureFile, cast: Cast) -> None:
    for entry in file.root(optional=("pulse",)).tables("pulse"):
        _play_pulse(entry, cast)


def _play_pulse(entry: Entry, cast: Cast) -> None:
    entry.expect(
        required=("project", "opened_by", "opened_days_ago", "closes_in_days", "questions"),
        optional=("prompts", "invited", "closed_by", "answer"),
    )
    opener = cast.user(entry, "opened_by")
    project = _project(entry, opener.municipality)
    if not may_open_pulse(opener, project):
        raise entry.error(
            f"opened_by = {opener.username!r} må ikke åbne en medarbejderpuls på {project} "
            "(projektlederen, formanden eller næstformanden i et af projektets udvalg)."
        )
    questions = _template_questions(entry, project)
    form = OpenPulseForm(
        {
            "questions": [str(q.pk) for q in questions],
            "prompts": entry.names("prompts"),
            "closes_on": timezone.localdate() + timedelta(days=entry.number("closes_in_days")),
            "invited": entry.number("invited", default=None) or "",
        },
        template_questions=list(project.assessment.questions()),
    )
    data = entry.valid(form)
    pulse = open_pulse(
        project,
        opener,
        questions=form.chosen_questions(),
        prompts=data["prompts"],
        closes_on=data["closes_on"],
        invited=data["invited"],
    )
    opened_at = timezone.now() - timedelta(days=entry.number("opened_days_ago"))
    Pulse.objects.filter(pk=pulse.pk).update(opened_at=opened_at)
    for answer in entry.tables("answer"):
        with answer.reporting():
            _play_answer(answer, pulse, [q.key for q in questions])
    if entry.has("closed_by"):
        with entry.reporting():
            close_pulse(pulse, cast.user(entry, "closed_by", project.municipality))


def _project(entry: Entry, municipality) -> Project:
    title = entry.text("project")
    project = Project.objects.filter(municipality=municipality, title=title).first()
    if project is None:
        raise entry.error(f"project = {title!r}: intet projekt med den titel i {municipality}.")
    return project


def _template_questions(entry: Entry, project):
    by_key = {q.key: q for q in project.assessment.questions()}
    unknown = [key for key in entry.names("questions") if key not in by_key]
    if unknown:
        raise entry.error(f"questions: ukendt spørgsmålsnøgle {', '.join(unknown)}.")
    return [by_key[key] for key in entry.names("questions")]


def _play_answer(entry: Entry, pulse: Pulse, keys: list[str]) -> None:
    """`values` answers the pulse's template questions in order; each open
    question's text is written under its key (`bekymrer`, `glaeder`)."""
    pulse_questions = list(pulse.questions.select_related("question"))
    prompts = [pq.prompt for pq in pulse_questions if pq.prompt]
    entry.expect(optional=("values", *prompts))
    values = entry.data.get("values", [])
    if not isinstance(values, list) or len(values) > len(keys):
        raise entry.error(
            f"values skal være en liste med højst {len(keys)} svar, ét pr. spørgsmål."
        )
    value_of = dict(zip(keys, (str(value) for value in values), strict=False))
    data = {"key": str(uuid.uuid4())}
    for pq in pulse_questions:
        name = f"q{pq.order}"
        if pq.prompt:
            data[name] = entry.text(pq.prompt)
        elif pq.question.key in value_of:
            data[name] = value_of[pq.question.key]
    form = SurveyForm(data, pulse_questions=pulse_questions)
    entry.valid(form)
    submit_answers(pulse, form.answers(), form.cleaned_data["key"])
