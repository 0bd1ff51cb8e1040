"""One project's story, from a file in fixtures/projects/: the project is
registered with the project form, then its events are played in order
through the same services a user's clicks go through (`save_answer`,
`repeat_previous_answer`, `confirm_joint_answer`, `add_comment`,
`resolve_comment`, `Project.move_to_next_step`, `Project.move_back`,
`Project.set_involvement`, `move_assessment`, and a meeting's `add_item`,
`mark_held` and `record_outcome`), so the answer history, the revisions, the
answers of each phase, the phase transitions, the committee decisions that
opened the phase gates and the move to a newer template version are real.
Before a move, the meetings of meetings.toml whose time has come are played,
so their decisions count for the gate.

A story can begin on an older published version of the standard template
(`template_version` in `[project]`: the project started before the newer
one was published) and move to the newer one with the existing move
(`move_to_version`): answers follow their question, those whose kind
changed are archived, and the story goes on with the new version's
questions.

What is written is dated as if it happened over the past months, on
working days: the story starts `started_days_ago` days before today, every
write takes 23 minutes, `days_later` waits, and the work of a new step
begins three days after the committee moved the project on."""

from datetime import timedelta

from django.utils import timezone

from assessments.access import standing_of
from assessments.confirmation import confirm_joint_answer
from assessments.models import Answer, Assessment, Comment, JointConfirmation
from assessments.services import (
    Submission,
    add_comment,
    repeat_previous_answer,
    resolve_comment,
    save_answer,
)
from assessments.versioning import move_assessment
from meetings.models import Meeting
from method.vocabulary import InvolvementLevel, StepKey
from projects.access import membership_in_project
from projects.forms import ProjectForm
from projects.gates import GateNeedsDecision
from projects.models import MissingAnswersNeedReason, PhaseTransition, Project
from projects.services import create_project
from questionnaires.models import GROUP_EFFECT_SEPARATOR, AnswerKind, TemplateVersion

from .fixture_files import Entry, FixtureFile
from .meetings import MeetingSchedule, play_project_meeting
from .organisation import Cast

# The project form's fields; the lead and the committees are named, not numbered.
NAMED_FIELDS = ("lead", "committees", "responsible_committee")
PROJECT_FIELDS = tuple(f for f in ProjectForm.Meta.fields if f not in NAMED_FIELDS)
EVENTS = (
    "answer",
    "joint_answer",
    "same_as_before",
    "confirm",
    "comment",
    "move_to",
    "move_back",
    "meeting",
    "move_to_version",
)
DAYS_AFTER_A_MOVE = 3
# A meeting in a story begins at two in the afternoon; the story goes on
# the next working morning.
MEETING_HOUR = 14


def register_story(file: FixtureFile, cast: Cast) -> "Story":
    """The project of a story file, registered; its events wait for `play`."""
    root = file.root(required=("project", "event"))
    header = root.table("project")
    project = _register(header, cast)
    if header.has("template_version"):
        _start_on_version(header, project)
    story = Story(project, cast, started_days_ago=header.number("started_days_ago"))
    if header.has("involvement"):
        project.set_involvement(
            project.phase, header.choice("involvement", InvolvementLevel), project.lead
        )
    story.events = root.tables("event")
    return story


def _register(entry: Entry, cast: Cast) -> Project:
    """The project as its lead registers it: through the project form."""
    entry.expect(
        required=("title", "lead", "committees", "started_days_ago"),
        optional=(*PROJECT_FIELDS, "responsible_committee", "involvement", "template_version"),
    )
    lead = cast.user(entry, "lead")
    if not lead.is_project_lead:
        raise entry.error(f"lead = {lead.username!r} er ikke projektleder (project_lead = true).")
    data = {name: entry.text(name) for name in PROJECT_FIELDS if entry.has(name)}
    data["lead"] = lead.pk
    data["committees"] = [
        cast.committee(entry, lead.municipality, name).pk for name in entry.names("committees")
    ]
    if entry.has("responsible_committee"):
        name = entry.text("responsible_committee")
        data["responsible_committee"] = cast.committee(entry, lead.municipality, name).pk
    form = ProjectForm(data, municipality=lead.municipality)
    entry.valid(form)
    with entry.reporting():
        return create_project(form, lead)


def _standard_version(entry: Entry, key: str) -> TemplateVersion:
    number = entry.number(key)
    version = (
        TemplateVersion.objects.published()
        .filter(template__municipality__isnull=True, number=number)
        .first()
    )
    if version is None:
        raise entry.error(
            f"{key} = {number}: standardskabelonen har ingen udgivet version {number}."
        )
    return version


def _start_on_version(entry: Entry, project: Project) -> None:
    """The project began when `template_version` was the standard's newest:
    its assessment, still without answers, is pinned to that version."""
    version = _standard_version(entry, "template_version")
    Assessment.objects.filter(pk=project.assessment.pk).update(template_version=version)
    # In memory too, keeping the assessment's link to this very project
    # object, which the story moves on.
    project.assessment.template_version = version


class Clock:
    """The story's time: when the next write happens."""

    def __init__(self, days_ago: int):
        self.now = self._working_morning(timezone.now() - timedelta(days=days_ago))

    @staticmethod
    def _working_morning(moment):
        moment = timezone.localtime(moment).replace(hour=9, minute=0, second=0, microsecond=0)
        while moment.weekday() >= 5:
            moment += timedelta(days=1)
        return moment

    def wait(self, days: int):
        self.now = self._working_morning(self.now + timedelta(days=days))

    def tick(self):
        """The moment of the next write: 23 minutes on, the next morning
        after four o'clock, and never later than a few minutes ago."""
        self.now += timedelta(minutes=23)
        if timezone.localtime(self.now).hour >= 16:
            self.now = self._working_morning(self.now + timedelta(days=1))
        self.now = min(self.now, timezone.now() - timedelta(minutes=5))
        return self.now


class Story:
    """A registered project, and the events of its file played one by one."""

    def __init__(self, project: Project, cast: Cast, *, started_days_ago: int):
        self.project = project
        self.assessment = project.assessment
        self.cast = cast
        self.questions = {q.key: q for q in self.assessment.questions()}
        self.clock = Clock(started_days_ago)
        self.events: list[Entry] = []
        Project.objects.filter(pk=project.pk).update(
            created_at=self.clock.now, updated_at=self.clock.now
        )
        Assessment.objects.filter(pk=self.assessment.pk).update(created_at=self.clock.now)
        project.created_at = self.clock.now

    def play(self, schedule: MeetingSchedule) -> None:
        self.schedule = schedule
        for event in self.events:
            self._play(event)

    def _play(self, event: Entry) -> None:
        kinds = [kind for kind in EVENTS if event.has(kind)]
        if len(kinds) != 1:
            raise event.error(f"en hændelse har netop én af nøglerne {', '.join(EVENTS)}.")
        if event.has("days_later"):
            days = event.number("days_later")
            if days < 1:
                raise event.error("days_later skal være mindst 1.")
            self.clock.wait(days)
        with event.reporting():
            getattr(self, f"_{kinds[0]}")(event)

    # -- the kinds of event ------------------------------------------------------

    def _answer(self, event: Entry) -> None:
        """A committee member's own answer, from the side of their seat."""
        event.expect(required=("answer", "by"), optional=("value", "text", "days_later"))
        question = self._question(event, "answer")
        author = self.cast.user(event, "by", self.project.municipality)
        seat = self._seat(event, author)
        submission = self._submission(event, question)
        if submission.value is None and not submission.text:
            raise event.error("skriv svaret som value eller text.")
        self._save(question, author, submission, side=seat.side)

    def _joint_answer(self, event: Entry) -> None:
        """The committee's joint answer, written by the project lead."""
        event.expect(required=("joint_answer", "status"), optional=("value", "text", "days_later"))
        question = self._question(event, "joint_answer")
        submission = self._submission(event, question)
        submission.status = event.choice("status", Answer.Status)
        self._save(question, self.project.lead, submission, joint=True)

    def _same_as_before(self, event: Entry) -> None:
        """ "Samme som før": a member's (with `by`) or the committee's answer
        from an earlier phase, saved again in this phase."""
        event.expect(required=("same_as_before",), optional=("by", "days_later"))
        question = self._question(event, "same_as_before")
        if event.has("by"):
            author = self.cast.user(event, "by", self.project.municipality)
            seat = self._seat(event, author)
            kwargs = {"side": seat.side}
        else:
            author, kwargs = self.project.lead, {"joint": True}
        answer = repeat_previous_answer(self.assessment, question, author, **kwargs)
        self._dated(answer)

    def _confirm(self, event: Entry) -> None:
        """A side's confirmer stands behind the joint answer of this phase as
        it is now, for the side `by` confirms for (`assessments.access`)."""
        event.expect(required=("confirm", "by"), optional=("days_later",))
        question = self._question(event, "confirm")
        confirmer = self.cast.user(event, "by", self.project.municipality)
        sides = standing_of(confirmer, self.assessment).confirming_sides(self.project.phase)
        if len(sides) != 1:
            raise event.error(
                f"{confirmer.username} bekræfter ikke fælles svar for én side i "
                f"{self.project} (formand, næstformand eller udpeget af udvalget)."
            )
        answer = (
            Answer.objects.joint()
            .filter(assessment=self.assessment, question=question, phase=self.project.phase)
            .first()
        )
        if answer is None:
            raise event.error(f"{question.key} har intet fælles svar i fasen at bekræfte.")
        confirmation = confirm_joint_answer(answer, confirmer, sides[0], version=answer.version)
        JointConfirmation.objects.filter(pk=confirmation.pk).update(confirmed_at=self.clock.tick())

    def _comment(self, event: Entry) -> None:
        event.expect(required=("comment", "by", "text"), optional=("resolved_by", "days_later"))
        question = self._question(event, "comment")
        author = self.cast.user(event, "by", self.project.municipality)
        comment = add_comment(self.assessment, question, author, event.text("text"))
        Comment.objects.filter(pk=comment.pk).update(created_at=self.clock.tick())
        if event.has("resolved_by"):
            resolve_comment(
                comment, self.cast.user(event, "resolved_by", self.project.municipality)
            )
            Comment.objects.filter(pk=comment.pk).update(resolved_at=self.clock.tick())

    def _move_to(self, event: Entry) -> None:
        """One sub-step on, at the committee's meeting. Leaving a phase
        needs a decision of the responsible committee since the project
        entered the phase, or an `override` with the reason."""
        event.expect(
            required=("move_to",),
            optional=("note", "reason", "override", "involvement", "days_later"),
        )
        target = event.choice("move_to", StepKey)
        following = self.project.next_step()
        if following is None or following.key != target:
            raise event.error(
                f"projektet står i trin {str(self.project.step)!r}; det næste trin er "
                f"{str(following.key) if following else 'ingen'!r}, ikke {target!r}."
            )
        moment = self.clock.tick()
        self.schedule.play_until(moment)
        try:
            transition = self.project.move_to_next_step(
                self.project.lead,
                note=event.text("note"),
                reason=event.text("reason"),
                override=event.text("override"),
                involvement=event.choice("involvement", InvolvementLevel),
            )
        except MissingAnswersNeedReason as missing:
            raise event.error(
                f'{" ".join(missing.messages)} (I filen: reason = "...".)'
            ) from missing
        except GateNeedsDecision as closed:
            raise event.error(
                f"{' '.join(closed.messages)} (I filen: en meeting-hændelse før flytningen, "
                f'eller override = "...".)'
            ) from closed
        self._moved(transition, moment)

    def _move_back(self, event: Entry) -> None:
        """Back to an earlier sub-step, with the reason."""
        event.expect(required=("move_back", "reason"), optional=("involvement", "days_later"))
        moment = self.clock.tick()
        transition = self.project.move_back(
            self.project.lead,
            event.choice("move_back", StepKey),
            event.text("reason"),
            involvement=event.choice("involvement", InvolvementLevel),
        )
        self._moved(transition, moment)

    def _moved(self, transition, moment) -> None:
        PhaseTransition.objects.filter(pk=transition.pk).update(moved_at=moment)
        Project.objects.filter(pk=self.project.pk).update(updated_at=moment)
        self.clock.wait(DAYS_AFTER_A_MOVE)

    def _meeting(self, event: Entry) -> None:
        """The project on the agenda of one of its committees, which deals
        with it and records its conclusion, that afternoon."""
        event.expect(
            required=("meeting", "place", "title", "kind", "decision"),
            optional=("description", "proposal", "dissent", "dissent_side", "days_later"),
        )
        committee = self.cast.committee(event, self.project.municipality, event.text("meeting"))
        starts_at = self.clock.now.replace(hour=MEETING_HOUR, minute=0)
        meeting = play_project_meeting(event, self.project, committee, starts_at)
        Meeting.objects.filter(pk=meeting.pk).update(created_at=self.clock.now)
        self.clock.wait(1)

    def _move_to_version(self, event: Entry) -> None:
        """The project lead moves the assessment to a newer published version
        of the standard template, as on the move page."""
        event.expect(required=("move_to_version",), optional=("days_later",))
        target = _standard_version(event, "move_to_version")
        try:
            change = move_assessment(self.assessment, target, self.project.lead)
        except ValueError as refused:
            raise event.error(str(refused)) from refused
        type(change).objects.filter(pk=change.pk).update(moved_at=self.clock.tick())
        self.assessment.template_version = target
        self.questions = {q.key: q for q in self.assessment.questions()}

    # -- helpers ----------------------------------------------------------------

    def _question(self, event: Entry, key: str):
        question_key = event.text(key)
        question = self.questions.get(question_key)
        if question is None:
            raise event.error(
                f"{key} = {question_key!r}: ukendt spørgsmålsnøgle i skabelonen "
                f"{self.assessment.template_version}."
            )
        return question

    def _submission(self, event: Entry, question) -> Submission:
        value = event.value("value")
        if value is not None and question.kind == AnswerKind.TEXT:
            raise event.error(f"{question.key} besvares med text, ikke med value.")
        if isinstance(value, dict):
            # As the form sends it: one "group:step" per group named.
            value = [f"{group}{GROUP_EFFECT_SEPARATOR}{step}" for group, step in value.items()]
        return Submission(value=value, text=event.text("text"))

    def _seat(self, event: Entry, author):
        seat = membership_in_project(author, self.project)
        if seat is None:
            raise event.error(
                f"{author.username} har ikke plads i et udvalg, der behandler {self.project}."
            )
        return seat

    def _save(self, question, author, submission: Submission, **kwargs) -> None:
        self._dated(save_answer(self.assessment, question, author, submission, **kwargs))

    def _dated(self, answer) -> None:
        """Date the save just made as the story's next write."""
        moment = self.clock.tick()
        Answer.objects.filter(pk=answer.pk).update(updated_at=moment)
        answer.revisions.filter(version=answer.version).update(created_at=moment)
