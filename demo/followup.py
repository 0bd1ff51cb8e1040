"""A project's business case, benefits realisation, competence plans and
follow-up, from a file in fixtures/followup/, played after the project's
story and the meetings: each revision of the business case through the
business-case form and `save_business_case`, measurements through the
measurement form and `record_measurement` (as the benefit's owner or a
record keeper), statuses through `Benefit.set_status`, plans through
`create_plan`, `save_plan` and `add_activity`, follow-ups through
`add_project_action`. Days are counted back from today, as in the stories."""

from datetime import timedelta

from django.utils import timezone

from actions.forms import ProjectActionForm
from actions.services import add_project_action
from businesscase.access import MEASURE, may
from businesscase.forms import BenefitForm, BusinessCaseForm, MeasurementForm, SideEffectForm
from businesscase.models import BusinessCaseRevision, Measurement
from businesscase.services import (
    CASE_FIELDS,
    CaseSubmission,
    case_of,
    record_measurement,
    save_business_case,
)
from competences.forms import ActivityForm, LevelForm, PrincipleForm
from competences.services import add_activity, create_plan, save_plan
from meetings.models import Action
from projects.models import Project
from projects.records import keeps_records

from .fixture_files import Entry, FixtureFile
from .organisation import Cast

BENEFIT_KEYS = ("title", "kind", "measure", "unit", "baseline", "target", "due_days_ago", "owner")


def play_followup(file: FixtureFile, cast: Cast) -> Project:
    root = file.root(
        required=("project", "revision"),
        optional=("measurement", "status", "competence_plan", "action"),
    )
    project = Project.objects.filter(title=root.text("project")).first()
    if project is None:
        raise root.error(f"project = {root.text('project')!r}: intet projekt med den titel.")
    benefits = CaseBook(project, cast)
    for entry in root.tables("revision"):
        benefits.revise(entry)
    for entry in root.tables("measurement"):
        benefits.measure(entry)
    for entry in root.tables("status"):
        benefits.set_status(entry)
    for entry in root.tables("competence_plan"):
        _plan(entry, project, cast)
    for entry in root.tables("action"):
        _action(entry, project, cast, benefits)
    return project


def _days_ago(entry: Entry, key: str):
    return timezone.localtime() - timedelta(days=entry.number(key))


class CaseBook:
    """The business case as the file has written it so far: a revision
    names what changes, the rest stays as the revision before left it."""

    def __init__(self, project: Project, cast: Cast):
        self.project, self.cast = project, cast
        self.municipality = project.municipality
        self.fields: dict = {
            "task": "",
            "efforts": "",
            "governance": "",
            "costs_one_off": "",
            "costs_yearly": "",
        }
        self.side_effects: list[dict] = []
        self.benefits: dict[str, dict] = {}  # key → the benefit form's data
        self.saved: dict = {}  # key → Benefit

    def revise(self, entry: Entry) -> None:
        entry.expect(
            required=("days_ago", "by"),
            optional=(*CASE_FIELDS, "note", "side_effects", "benefit"),
        )
        author = self.cast.user(entry, "by", self.municipality)
        if not keeps_records(author, self.project):
            raise entry.error(f"by = {author.username!r} fører ikke projektets businesscase.")
        self.fields |= {name: entry.text(name) for name in CASE_FIELDS if entry.has(name)}
        if entry.has("side_effects"):
            self.side_effects = [
                _valid_side_effect(effect) for effect in entry.inline_tables("side_effects")
            ]
        for benefit in entry.tables("benefit"):
            self._benefit(benefit)
        case = case_of(self.project)
        form = BusinessCaseForm(
            {**self.fields, "note": entry.text("note"), "version": case.version}
        )
        data = entry.valid(form)
        benefits = [self._benefit_data(key, entry) for key in self.benefits]
        with entry.reporting():
            revision = save_business_case(
                self.project,
                author,
                CaseSubmission(
                    fields={name: data[name] for name in CASE_FIELDS},
                    side_effects=self.side_effects,
                    benefits=benefits,
                    note=data["note"],
                    base_version=data["version"],
                ),
            )
        if revision is None:
            raise entry.error("revisionen ændrer intet i businesscasen.")
        BusinessCaseRevision.objects.filter(pk=revision.pk).update(
            created_at=_days_ago(entry, "days_ago")
        )
        case = case_of(self.project)
        case.updated_at = _days_ago(entry, "days_ago")
        case.save(update_fields=["updated_at"])
        for benefit in case.benefits.current():
            key = next(k for k, b in self.benefits.items() if b["title"] == benefit.title)
            self.saved[key] = benefit

    def _benefit(self, entry: Entry) -> None:
        entry.expect(required=("key",), optional=(*BENEFIT_KEYS, "remove"))
        key = entry.text("key")
        if entry.flag("remove"):
            self.benefits.pop(key, None)
            return
        known = self.benefits.setdefault(key, {})
        if not known:
            entry.expect(required=("key", *BENEFIT_KEYS))
        for name in BENEFIT_KEYS:
            if not entry.has(name):
                continue
            if name == "owner":
                known["owner"] = self.cast.user(entry, "owner", self.municipality).pk
            elif name == "due_days_ago":
                known["due_on"] = _days_ago(entry, name).date().isoformat()
            else:
                known[name] = entry.text(name)

    def _benefit_data(self, key: str, entry: Entry) -> dict:
        saved = self.saved.get(key)
        form = BenefitForm(
            {**self.benefits[key], "id": saved.pk if saved else ""},
            municipality_id=self.municipality.pk,
        )
        return entry.valid(form)

    def benefit(self, entry: Entry, key: str = "benefit"):
        name = entry.text(key)
        if name not in self.saved:
            raise entry.error(f"{key} = {name!r}: ingen gevinst med den key i businesscasen.")
        return self.saved[name]

    def measure(self, entry: Entry) -> None:
        entry.expect(required=("benefit", "days_ago", "value", "by"), optional=("note",))
        benefit = self.benefit(entry)
        user = self.cast.user(entry, "by", self.municipality)
        if not may(user, benefit, MEASURE):
            raise entry.error(f"by = {user.username!r} må ikke registrere målinger af {benefit}.")
        form = MeasurementForm(
            {
                "measured_on": _days_ago(entry, "days_ago").date().isoformat(),
                "value": entry.text("value"),
                "note": entry.text("note"),
            }
        )
        with entry.reporting():
            measurement = record_measurement(benefit, user, **entry.valid(form))
        Measurement.objects.filter(pk=measurement.pk).update(
            recorded_at=_days_ago(entry, "days_ago")
        )

    def set_status(self, entry: Entry) -> None:
        entry.expect(required=("benefit", "days_ago", "status", "by"), optional=("reason",))
        benefit = self.benefit(entry)
        user = self.cast.user(entry, "by", self.municipality)
        with entry.reporting():
            benefit.set_status(
                entry.choice("status", type(benefit).Status), entry.text("reason"), user
            )
        type(benefit).objects.filter(pk=benefit.pk).update(
            status_changed_at=_days_ago(entry, "days_ago")
        )


def _valid_side_effect(entry: Entry) -> dict:
    entry.expect(required=("effect", "mitigation"))
    form = SideEffectForm({"effect": entry.text("effect"), "mitigation": entry.text("mitigation")})
    return entry.valid(form)


def _plan(entry: Entry, project: Project, cast: Cast) -> None:
    entry.expect(required=("group", "levels", "principles"), optional=("activity",))
    with entry.reporting():
        plan = create_plan(project, entry.text("group"))
    levels, principles = {}, {}
    for key, pair in entry.table("levels").data.items():
        if not (isinstance(pair, list) and len(pair) == 2):
            raise entry.error(f'levels: {key} = ["nødvendigt", "nu"], fx ["mestre", "kunne"].')
        form = LevelForm({"competence": key, "needed": pair[0], "current": pair[1]})
        data = entry.valid(form)
        levels[key] = (data["needed"], data["current"])
    for key, verdict in entry.table("principles").data.items():
        if not isinstance(verdict, dict):
            raise entry.error(f'principles: {key} = {{ meets = "ja", why = "..." }}.')
        form = PrincipleForm(
            {
                "principle": key,
                "meets": verdict.get("meets", ""),
                "justification": verdict.get("why", ""),
            }
        )
        data = entry.valid(form)
        principles[key] = (data["meets"], data["justification"])
    with entry.reporting():
        save_plan(plan, plan.group, levels, principles)
    for activity in entry.tables("activity"):
        activity.expect(required=("what", "form", "timing", "hours", "owner"))
        form = ActivityForm(
            {
                "what": activity.text("what"),
                "form": activity.text("form"),
                "timing": activity.text("timing"),
                "hours": activity.text("hours"),
                "owner": cast.user(activity, "owner", project.municipality).pk,
            },
            municipality_id=project.municipality_id,
        )
        add_activity(plan, **activity.valid(form))


def _action(entry: Entry, project: Project, cast: Cast, book: CaseBook) -> None:
    entry.expect(
        required=("what", "owner"),
        optional=("deadline_days_ago", "benefit", "competence", "status"),
    )
    links = {}
    if entry.has("benefit"):
        links["gevinst"] = book.benefit(entry).pk
    if entry.has("competence"):
        group, key = (entry.names("competence") + ["", ""])[:2]
        line = (
            project.competence_plans.filter(group=group, lines__competence=key)
            .values_list("lines__pk", flat=True)
            .first()
        )
        if line is None:
            raise entry.error(f"competence = [{group!r}, {key!r}]: ingen sådan linje i planerne.")
        links["kompetence"] = line
    deadline = (
        _days_ago(entry, "deadline_days_ago").date().isoformat()
        if entry.has("deadline_days_ago")
        else ""
    )
    form = ProjectActionForm(
        {
            "what": entry.text("what"),
            "owner": cast.user(entry, "owner", project.municipality).pk,
            "deadline": deadline,
            **links,
        },
        project=project,
    )
    data = entry.valid(form)
    with entry.reporting():
        action = add_project_action(
            project,
            project.lead,
            what=data["what"],
            owner=data["owner"],
            deadline=data["deadline"],
            **form.links(),
        )
    if entry.has("status"):
        action.set_status(entry.choice("status", Action.Status))
