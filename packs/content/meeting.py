"""The pack's content for a meeting (or one of its items): the agenda, and
per item what the committee is asked, the item's project (profile, phase,
what changed since the committee last had it, the answers, what is still
open) and what was decided and agreed before."""

import contextlib
from collections import defaultdict

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import override

from assessments.changes import answer_changes
from assessments.comparison import compare_sides
from assessments.models import Comment
from meetings.access import may_appear_in_pack
from meetings.models import AgendaItem, Meeting
from method.vocabulary import competence_legend, side_label
from packs.models import Part
from projects.models import PhaseTransition
from projects.timeline import project_timeline
from questionnaires.models import Question

from . import answers, followup, summary
from .files import files_of
from .values import moment, person

FORMAT = "med-workbench-pack/3"


def build_pack_content(
    meeting, item=None, *, part=Part.OPEN, appendix: bool = True, attachments: bool = False
) -> dict:
    """Everything the pack shows, as a plain JSON-serialisable dict: one
    item, or the meeting's open or closed items (`part`: never both); the
    short part for every item, and with `appendix` every question and
    answer behind it; with `attachments` the PDF files attached to the
    items and their projects are appended behind the pack."""
    with override("da"):
        return _Builder(
            meeting, item, part=part, appendix=appendix, attachments=attachments
        ).build()


class _Builder:
    def __init__(self, meeting, item, *, part, appendix, attachments):
        self.meeting = Meeting.objects.select_related("committee__municipality").get(pk=meeting.pk)
        self.item = item
        self.part = Part.of(item) if item is not None else Part(part)
        self.appendix = appendix
        self.append_attachments = attachments
        self.now = timezone.now()

    # queries --------------------------------------------------------------

    def _load(self):
        items = AgendaItem.objects.filter(meeting=self.meeting).select_related(
            "meeting",
            "project__lead",
            "project__assessment__template_version__template",
            "carried_from__meeting",
        )
        if self.item is not None:
            items = items.filter(pk=self.item.pk)
        else:
            items = items.filter(is_closed=self.part == Part.CLOSED)
        self.items = list(items.order_by("order", "id"))

        self.projects = {}
        for each in self.items:
            if each.project_id and each.project_id not in self.projects:
                self.projects[each.project_id] = each.project
        self.assessments = {}
        for project_id, project in self.projects.items():
            with contextlib.suppress(ObjectDoesNotExist):
                self.assessments[project_id] = project.assessment

        # Questions of every template version on the agenda, in template order.
        self.questions = defaultdict(list)
        versions = {a.template_version_id for a in self.assessments.values()}
        if versions:
            for question in (
                Question.objects.filter(section__version_id__in=versions)
                .select_related("section")
                .order_by("section__version_id", "section__order", "section__id", "order", "id")
            ):
                self.questions[question.section.version_id].append(question)

        # One query per assessment: both sides' and the joint answers.
        self.rows = {
            project_id: compare_sides(assessment, self.questions[assessment.template_version_id])
            for project_id, assessment in self.assessments.items()
        }

        assessment_ids = [a.id for a in self.assessments.values()]
        self.comments = defaultdict(list)
        if assessment_ids:
            for comment in (
                Comment.objects.open()
                .filter(assessment_id__in=assessment_ids)
                .select_related("author")
                .order_by("created_at", "id")
            ):
                self.comments[(comment.assessment_id, comment.question_id)].append(comment)

        project_ids = list(self.projects)
        self.files = files_of(self.items, project_ids)
        self.transitions = defaultdict(list)
        self.earlier = defaultdict(list)
        if project_ids:
            for transition in PhaseTransition.objects.filter(project_id__in=project_ids).order_by(
                "moved_at", "id"
            ):
                self.transitions[transition.project_id].append(transition)
            for earlier in (
                AgendaItem.objects.filter(
                    project_id__in=project_ids,
                    meeting__committee__municipality_id=self.meeting.committee.municipality_id,
                    meeting__starts_at__lt=self.meeting.starts_at,
                )
                .select_related("meeting__committee")
                .order_by("meeting__starts_at", "order", "id")
            ):
                self.earlier[earlier.project_id].append(earlier)

    def _previous_meeting(self, project_id) -> Meeting | None:
        """The committee's latest earlier meeting with the project on its agenda."""
        mine = [
            e.meeting
            for e in self.earlier.get(project_id, [])
            if e.meeting.committee_id == self.meeting.committee_id
        ]
        return max(mine, key=lambda m: m.starts_at) if mine else None

    # building -------------------------------------------------------------

    def build(self) -> dict:
        self._load()
        meeting = self.meeting
        committee = meeting.committee
        items = [self._item(each) for each in self.items]
        return {
            "format": FORMAT,
            "scope": "meeting" if self.item is None else "item",
            "part": str(self.part),
            "with_appendix": self.appendix,
            "with_attachments": self.append_attachments,
            "generated_at": moment(self.now),
            "municipality": committee.municipality.name,
            "committee": {
                "name": committee.name,
                "level": committee.level,
                "level_label": str(committee.get_level_display()),
            },
            "meeting": {
                "id": meeting.id,
                "starts_at": moment(meeting.starts_at),
                "place": meeting.place,
                "status": meeting.status,
                "status_label": str(meeting.get_status_display()),
            },
            "has_closed_items": any(each.is_closed for each in self.items),
            "competence_legend": competence_legend(),
            "agenda": [
                {
                    "number": each["number"],
                    "title": each["title"],
                    "kind": each["kind"],
                    "kind_label": each["kind_label"],
                    "proposal": each["proposal"],
                    "is_closed": each["is_closed"],
                    "anchor": each["anchor"],
                    "appendix_anchor": f"bilag-{each['anchor']}",
                    "project_title": each["project"]["title"] if each["project"] else "",
                }
                for each in items
            ],
            "items": items,
        }

    def _item(self, item) -> dict:
        carried = None
        if item.carried_from_id:
            origin = item.carried_from
            carried = {
                "meeting": moment(origin.meeting.starts_at),
                "number": origin.order,
                "title": origin.title,
            }
        project = self.projects.get(item.project_id) if item.project_id else None
        return {
            "id": item.id,
            "number": item.order,
            "anchor": f"punkt-{item.order}-{item.id}",
            "title": item.title,
            "kind": item.kind,
            "kind_label": str(item.get_kind_display()),
            "is_closed": item.is_closed,
            "description": item.description,
            "proposal": item.proposal,
            "attachments": [
                *self.files.get(("item", item.id), []),
                *self.files.get(("project", item.project_id), []),
            ],
            "carried_from": carried,
            "decision": item.decision,
            "dissent": _dissent(item),
            "project": self._project(project) if project is not None else None,
        }

    def _project(self, project) -> dict:
        assessment = self.assessments.get(project.id)
        rows = self.rows.get(project.id, [])
        questions = self.questions[assessment.template_version_id] if assessment else []
        by_question = {row.question.id: row for row in rows}
        phase = project.phase
        comments = (
            {q.id: self.comments.get((assessment.id, q.id), []) for q in questions}
            if assessment
            else {}
        )
        template = None
        if assessment:
            version = assessment.template_version
            template = {"name": version.template.name, "version": version.number}

        divergent = [row for row in rows if answers.for_dialogue(row)]
        open_points = [
            by_question[q.id]
            for q in questions
            if q.id in by_question
            and by_question[q.id].joint
            and answers.is_open(by_question[q.id].joint)
        ]
        missing_required = [
            q
            for q in questions
            if q.required
            and q.applies_in(phase)
            and not answers.has_content(by_question[q.id].joint if q.id in by_question else None)
        ]
        return {
            "id": project.id,
            "title": project.title,
            "need": project.need,
            "description": project.description,
            "field_of_work": str(project.get_field_of_work_display()),
            "technology": str(project.technology_label()),
            "complexity": [
                {"factor": str(factor).capitalize(), "level": str(level)}
                for factor, level in project.complexity_profile()
            ],
            "local_influence": str(project.get_local_influence_display()),
            "organisational_context": project.organisational_context,
            "lead": person(project.lead),
            "phase": phase,
            "phase_label": str(project.get_phase_display()),
            "phase_number": project.phase_number,
            "step": project.step,
            "step_label": str(project.get_step_display()),
            "template": template,
            "timeline": _timeline(project, self.transitions.get(project.id, [])),
            "overview": {
                "divergent": len(divergent),
                "open_points": len(open_points),
                "open_comments": sum(len(c) for c in comments.values()),
                "missing_required": len(missing_required),
            },
            "missing_required": [answers.question_ref(q) for q in missing_required],
            "answer_counts": summary.answer_counts(questions, by_question, phase),
            "unconfirmed": summary.unconfirmed(rows),
            "dialogue_in_short": summary.DIALOGUE_IN_SHORT,
            "dialogue_more": max(0, len(divergent) - summary.DIALOGUE_IN_SHORT),
            "changes": self._changes(project, assessment, questions),
            "dialogue": [answers.dialogue_row(row) for row in divergent],
            "core_questions": answers.core_questions(questions, by_question, comments, phase),
            "open_points": [
                {
                    "question": answers.question_ref(row.question),
                    "joint": answers.joint_answer(row.joint),
                }
                for row in open_points
            ],
            "open_comments": [
                {
                    "question": answers.question_ref(q),
                    "comments": [_comment(c) for c in comments[q.id]],
                }
                for q in questions
                if comments.get(q.id)
            ],
            "decisions": [
                self._decision(e)
                for e in self.earlier.get(project.id, [])
                if e.decision and may_appear_in_pack(e, self.items)
            ],
            "followup": followup.project_followup(project, assessment, self.items, self.now),
        }

    def _changes(self, project, assessment, questions) -> dict:
        """What changed since the committee's previous meeting on the project
        (nothing to compare with the first time it is on the agenda)."""
        previous = self._previous_meeting(project.id)
        if previous is None:
            return {
                "first_time": True,
                "since": None,
                "phase_moves": [],
                "joint": [],
                "newly_answered": [],
                "individual": [],
                "nothing_changed": False,
            }
        since = previous.starts_at
        moves = [
            {
                "from_label": str(t.get_from_step_display()),
                "to_label": str(t.get_to_step_display()),
                "changes_phase": t.changes_phase,
                "moved_at": moment(t.moved_at),
                "note": t.note,
            }
            for t in self.transitions.get(project.id, [])
            if since < t.moved_at <= self.now
        ]
        changed = answer_changes(assessment, questions, since, self.now)
        return {
            "first_time": False,
            "since": {"meeting": moment(since), "place": previous.place},
            "phase_moves": moves,
            "joint": [_joint_change(c) for c in changed.joint],
            "newly_answered": [
                {
                    "question": answers.question_ref(entry.question),
                    "sides": [side_label(side) for side in entry.sides],
                    "joint": entry.joint,
                }
                for entry in changed.newly_answered
            ],
            "individual": [
                {
                    "question": answers.question_ref(question),
                    "people": [
                        {
                            "name": person(c.respondent),
                            "side_label": side_label(c.side),
                            "is_new": c.is_new,
                        }
                        for c in people
                    ],
                }
                for question, people in changed.individual
            ],
            "nothing_changed": not moves and changed.is_empty,
        }

    def _decision(self, earlier) -> dict:
        return {
            "meeting": moment(earlier.meeting.starts_at),
            "committee": earlier.meeting.committee.name,
            "same_committee": earlier.meeting.committee_id == self.meeting.committee_id,
            "number": earlier.order,
            "title": earlier.title,
            "kind_label": str(earlier.get_kind_display()),
            "is_closed": earlier.is_closed,
            "decision": earlier.decision,
            "dissent": _dissent(earlier),
        }


# -- pieces ---------------------------------------------------------------------


def _timeline(project, transitions) -> list[dict]:
    return [
        {
            "number": phase.number,
            "key": str(phase.phase.value),
            "label": str(phase.phase.label),
            "state": phase.state,
            "steps": [
                {
                    "key": str(s.step.key),
                    "label": str(s.step.label),
                    "state": s.state,
                    "reached": moment(s.reached_at),
                }
                for s in phase.steps
            ],
        }
        for phase in project_timeline(project, transitions)
    ]


def _joint_change(change) -> dict:
    question, before, after = change.question, change.before, change.after
    old_value, old_text = (
        answers.value_text(question, before.value, before.text) if before else ("", "")
    )
    new_value, new_text = answers.value_text(question, after.value, after.text)
    return {
        "question": answers.question_ref(question),
        "is_new": change.is_new,
        "value_changed": change.value_changed,
        "status_changed": change.status_changed,
        "old_value": old_value,
        "old_text": old_text,
        "new_value": new_value,
        "new_text": new_text,
        "old_status_label": answers.status_label(before.status if before else ""),
        "new_status_label": answers.status_label(after.status),
        "changed_at": moment(after.created_at),
        "changed_by": person(after.author),
    }


def _dissent(item) -> dict | None:
    if not item.dissent:
        return None
    return {
        "text": item.dissent,
        "side": item.dissent_side,
        "side_label": side_label(item.dissent_side),
    }


def _comment(comment) -> dict:
    return {
        "author": person(comment.author),
        "created_at": moment(comment.created_at),
        "body": comment.body,
    }
