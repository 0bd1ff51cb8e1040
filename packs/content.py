"""What a dialogue pack (mødemateriale) shows, gathered into one plain dict.

`build_pack_content(meeting, item=None)` reads the database once, in a fixed
number of queries plus one per project on the agenda (the side-by-side
comparison of its answers), and returns only str/int/float/bool/None, lists
and dicts. The dict is stored as the pack's source (and checksummed) and is
the only thing the template `packs/pack.html` sees: the template never
touches the ORM.

The pack is a basis for the committee's dialogue, not a checklist: besides
the committee's joint answers it brings forward where the two sides see the
project differently, what changed since the committee last had the project
on its agenda, what is still open, and what was decided before.
"""

import contextlib
import math
import re
from collections import Counter, defaultdict
from datetime import date, datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import override

from assessments.comparison import compare_sides
from assessments.models import Answer, AnswerRevision, Comment
from meetings.models import Action, AgendaItem, Meeting
from method import vocabulary
from method.vocabulary import (
    COMPETENCE_MAX_RANK,
    COMPETENCE_RANK,
    CORE_QUESTION_HEADINGS,
    CoreQuestion,
    competence_label,
    competence_legend,
    core_question_label,
    side_label,
)
from projects.models import PhaseTransition
from questionnaires.models import AnswerKind, Question

FORMAT = "med-workbench-pack/1"

SOURCE_ATTRIBUTION = (
    "Metoden bygger på Sammen om ny teknologi – Sådan får vi det bedste ud af de "
    "digitale muligheder (Fremfærd, KL og de kommunale organisationer)."
)
CLOSED_NOTICE = "Indeholder lukkede punkter – kun til udvalgets medlemmer"
FIRST_TIME = "Første gang projektet er på dagsordenen i udvalget"
NO_JOINT_ANSWER = "Intet fælles svar endnu"

# Sections of the standard template that get their own presentation when
# something has been answered in them. Everything else (and a
# municipality's own sections) is shown generically, by answer kind.
BUSINESS_CASE = "kerneopgave-businesscase"
DATA_ETHICS = "kerneopgave-dataetik"
GOOD_WORK = "opgaveloesning-det-gode-arbejde"
INVOLVEMENT = "inddragelse-niveau-og-plan"

PRINCIPLE_LABELS = {"kerneopgave.dataetik.gdpr": "Databeskyttelse (GDPR)"}

# The competence wheel's rings are the levels of `method.vocabulary`.
WHEEL_SIZE = 340
WHEEL_RADIUS = 120
WHEEL_GROUP_COLOURS = ("#1f5f8b", "#2e7d4f", "#a4551b", "#6b4c9a", "#8a6d00", "#555555")

STATE_LABELS = {"done": "Afsluttet", "current": "Her er projektet nu", "ahead": "Kommende"}


# -- small formatting helpers -------------------------------------------------


def _moment(value: datetime | None) -> dict | None:
    """A point in time as ISO string plus Danish display strings."""
    if value is None:
        return None
    local = timezone.localtime(value)
    return {
        "iso": local.isoformat(),
        "display": date_format(local, r"j. F Y \k\l. H.i"),
        "date": date_format(local, "j. F Y"),
        "time": date_format(local, "H.i"),
    }


def _day(value: date | None) -> dict | None:
    if value is None:
        return None
    return {"iso": value.isoformat(), "display": date_format(value, "j. F Y")}


def _number(value: float | None, signed: bool = False) -> str:
    """1.5 → "1,5"; signed: "+1,5", "−0,5", "0,0" (Danish decimal comma)."""
    if value is None:
        return ""
    text = f"{abs(value):.1f}".replace(".", ",")
    if signed and round(value, 1) > 0:
        return "+" + text
    if round(value, 1) < 0:
        return "−" + text
    return text


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _has_content(answer) -> bool:
    return answer is not None and (answer.value is not None or bool(answer.text))


def _value_text(question: Question, value, text: str) -> tuple[str, str]:
    """(the answer shown as a value, the free text beside it)."""
    if question.kind == AnswerKind.TEXT:
        return "", text
    return str(question.value_label(value)), text


def _qref(question: Question) -> dict:
    return {
        "id": question.id,
        "key": question.key,
        "text": question.text,
        "section": question.section.title,
        "core_question": question.section.core_question,
        "core_question_label": core_question_label(question.section.core_question),
    }


def _short_label(question: Question) -> str:
    """ "Realistisk: Hvordan …" → "Realistisk"; else the question text."""
    head, colon, _rest = question.text.partition(":")
    if colon and len(head) <= 40:
        return head.strip()
    return question.text


def _principle_label(question: Question) -> str:
    """The data-ethics principle a question asks about ("Velfærd")."""
    if question.key in PRINCIPLE_LABELS:
        return PRINCIPLE_LABELS[question.key]
    head, colon, _rest = (question.guidance or "").partition(":")
    if colon and 0 < len(head) <= 30:
        return head.strip()
    found = re.search(r"princippet om (\w+)", question.text)
    if found:
        return found.group(1).capitalize()
    return question.text


def _joint(answer) -> dict | None:
    """The committee's joint answer, or None when there is none yet."""
    if answer is None or not (_has_content(answer) or answer.status):
        return None
    value, text = _value_text(answer.question, answer.value, answer.text)
    return {
        "value": value,
        "text": text,
        "status": answer.status,
        "status_label": str(Answer.Status(answer.status).label) if answer.status else "",
        "updated_at": _moment(answer.updated_at),
    }


# -- the pack -----------------------------------------------------------------


def build_pack_content(meeting, item=None) -> dict:
    """Everything the pack shows, as a plain JSON-serialisable dict."""
    with override("da"):
        return _Builder(meeting, item).build()


class _Builder:
    def __init__(self, meeting, item):
        self.meeting = Meeting.objects.select_related("committee__municipality").get(pk=meeting.pk)
        self.item = item
        self.now = timezone.now()

    # queries --------------------------------------------------------------

    def _load(self):
        items = AgendaItem.objects.filter(meeting=self.meeting).select_related(
            "project__lead",
            "project__assessment__template_version__template",
            "carried_from__meeting",
        )
        if self.item is not None:
            items = items.filter(pk=self.item.pk)
        self.items = list(items.order_by("order", "id"))
        self.has_closed = any(each.is_closed for each in self.items)

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
        self.transitions = defaultdict(list)
        self.earlier = defaultdict(list)
        self.actions = defaultdict(list)
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
            for action in (
                Action.objects.open()
                .filter(
                    item__project_id__in=project_ids,
                    item__meeting__committee__municipality_id=(
                        self.meeting.committee.municipality_id
                    ),
                    item__meeting__starts_at__lte=self.meeting.starts_at,
                )
                .select_related("owner", "item__meeting__committee")
                .order_by("deadline", "id")
            ):
                self.actions[action.item.project_id].append(action)

        # The committee's previous meeting on each project, and every save of
        # an answer changed since then (one query for all projects).
        self.previous = {}
        for project_id, earlier_items in self.earlier.items():
            same_committee = [
                e for e in earlier_items if e.meeting.committee_id == self.meeting.committee_id
            ]
            if same_committee:
                self.previous[project_id] = max(
                    (e.meeting for e in same_committee), key=lambda m: m.starts_at
                )
        self.revisions = defaultdict(list)
        since = Q()
        for project_id, previous in self.previous.items():
            if project_id in self.assessments:
                since |= Q(
                    answer__assessment_id=self.assessments[project_id].id,
                    created_at__gt=previous.starts_at,
                    created_at__lte=self.now,
                )
        if since:
            changed = AnswerRevision.objects.filter(since).values("answer_id")
            for revision in (
                AnswerRevision.objects.filter(answer_id__in=changed, created_at__lte=self.now)
                .select_related("author", "answer__respondent")
                .order_by("answer_id", "version")
            ):
                self.revisions[revision.answer.assessment_id].append(revision)

    # building -------------------------------------------------------------

    def build(self) -> dict:
        self._load()
        meeting = self.meeting
        committee = meeting.committee
        starts = _moment(meeting.starts_at)
        items = [self._item(each) for each in self.items]
        return {
            "format": FORMAT,
            "scope": "meeting" if self.item is None else "item",
            "title": "Mødemateriale",
            "generated_at": _moment(self.now),
            "municipality": committee.municipality.name,
            "committee": {
                "name": committee.name,
                "level": committee.level,
                "level_label": str(committee.get_level_display()),
            },
            "meeting": {
                "id": meeting.id,
                "starts_at": starts,
                "place": meeting.place,
                "status": meeting.status,
                "status_label": str(meeting.get_status_display()),
                "header": f"{committee.name} · {starts['date']}",
            },
            "has_closed_items": self.has_closed,
            "closed_notice": CLOSED_NOTICE if self.has_closed else "",
            "agenda": [
                {
                    "number": each["number"],
                    "title": each["title"],
                    "kind": each["kind"],
                    "kind_label": each["kind_label"],
                    "is_closed": each["is_closed"],
                    "anchor": each["anchor"],
                    "project_title": each["project"]["title"] if each["project"] else "",
                }
                for each in items
            ],
            "items": items,
            "source_attribution": SOURCE_ATTRIBUTION,
        }

    def _item(self, item) -> dict:
        carried = None
        if item.carried_from_id:
            origin = item.carried_from
            carried = {
                "meeting": _moment(origin.meeting.starts_at),
                "number": origin.order,
                "title": origin.title,
                "text": (
                    f"Punktet er overført fra mødet {_moment(origin.meeting.starts_at)['date']} "
                    f"(punkt {origin.order}), hvor det ikke blev afgjort."
                ),
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
            template = f"{version.template.name}, version {version.number}"

        divergent = [row for row in rows if _for_dialogue(row)]
        open_points = [
            row for row in _in_template_order(rows, questions) if row.joint and _is_open(row.joint)
        ]
        missing_required = [
            q
            for q in questions
            if q.required
            and q.applies_in(phase)
            and not _has_content(by_question[q.id].joint if q.id in by_question else None)
        ]
        open_comment_rows = [
            {"question": _qref(q), "comments": [_comment(c) for c in comments[q.id]]}
            for q in questions
            if comments.get(q.id)
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
            "lead": _person(project.lead),
            "phase": phase,
            "phase_label": str(project.get_phase_display()),
            "phase_number": project.phase_number,
            "step": project.step,
            "step_label": str(project.get_step_display()),
            "template": template,
            "timeline": self._timeline(project),
            "overview": {
                "divergent": len(divergent),
                "open_points": len(open_points),
                "open_comments": sum(len(c) for c in comments.values()),
                "missing_required": len(missing_required),
            },
            "missing_required": [_qref(q) for q in missing_required],
            "changes": self._changes(project, assessment, questions, by_question),
            "dialogue": [_dialogue_row(row) for row in divergent],
            "core_questions": _core_questions(questions, by_question, comments, phase),
            "open_points": [
                {"question": _qref(row.question), "joint": _joint(row.joint)} for row in open_points
            ],
            "open_comments": open_comment_rows,
            "decisions": [
                self._decision(e)
                for e in self.earlier.get(project.id, [])
                if e.decision and self._may_show(e)
            ],
            "actions": [
                self._action(a) for a in self.actions.get(project.id, []) if self._may_show(a.item)
            ],
        }

    def _may_show(self, other_item) -> bool:
        """An earlier closed item shows only in a pack that is itself closed,
        and only when it was the same committee's: a pack without closed items
        may be read by anyone in the municipality."""
        if not other_item.is_closed:
            return True
        return self.has_closed and other_item.meeting.committee_id == self.meeting.committee_id

    def _timeline(self, project) -> list[dict]:
        reached = {vocabulary.StepKey.NEED.value: project.created_at}
        for transition in self.transitions.get(project.id, []):
            reached[transition.to_step] = transition.moved_at
        current = vocabulary.STEPS.index(vocabulary.step(project.step))
        result = []
        for number, (value, label) in enumerate(vocabulary.Phase.choices, start=1):
            steps = []
            for step in vocabulary.steps_in_phase(value):
                index = vocabulary.STEPS.index(step)
                state = "done" if index < current else "current" if index == current else "ahead"
                steps.append(
                    {
                        "key": str(step.key),
                        "label": str(step.label),
                        "state": state,
                        "state_label": STATE_LABELS[state],
                        "reached": _moment(reached.get(step.key)) if state != "ahead" else None,
                    }
                )
            states = {s["state"] for s in steps}
            state = "current" if "current" in states else "done" if states == {"done"} else "ahead"
            result.append(
                {
                    "number": number,
                    "key": value,
                    "label": str(label),
                    "state": state,
                    "state_label": STATE_LABELS[state],
                    "steps": steps,
                }
            )
        return result

    def _changes(self, project, assessment, questions, by_question) -> dict:
        previous = self.previous.get(project.id)
        if previous is None:
            return {
                "first_time": True,
                "message": FIRST_TIME,
                "since": None,
                "phase_moves": [],
                "joint": [],
                "newly_answered": [],
                "individual": [],
                "nothing_changed": False,
            }
        cutoff = previous.starts_at
        moves = [
            {
                "from_label": str(t.get_from_step_display()),
                "to_label": str(t.get_to_step_display()),
                "changes_phase": t.changes_phase,
                "moved_at": _moment(t.moved_at),
                "note": t.note,
            }
            for t in self.transitions.get(project.id, [])
            if cutoff < t.moved_at <= self.now
        ]
        # Per changed answer: its state at the previous meeting and now.
        history = defaultdict(list)
        if assessment:
            for revision in self.revisions.get(assessment.id, []):
                history[revision.answer_id].append(revision)
        question_by_id = {q.id: q for q in questions}
        before_answered = set()  # questions that had an answer at the cutoff
        changed_answer_ids = set(history)
        for row in by_question.values():
            for answer in [row.joint, *row.management.answers, *row.employees.answers]:
                unchanged = answer is not None and answer.id not in changed_answer_ids
                if unchanged and _has_content(answer):
                    before_answered.add(row.question.id)
        joint_changes, individual = [], defaultdict(list)
        now_answered_by = defaultdict(set)
        for revisions in history.values():
            old = [r for r in revisions if r.created_at <= cutoff]
            new = [r for r in revisions if r.created_at > cutoff]
            if not new:
                continue
            first, last = (old[-1] if old else None), new[-1]
            answer = last.answer
            question = question_by_id.get(answer.question_id)
            if question is None:
                continue
            if _has_content(first):
                before_answered.add(question.id)
            if _has_content(last):
                now_answered_by[question.id].add(
                    "Udvalget (fælles svar)" if answer.is_joint else side_label(answer.side)
                )
            if answer.is_joint:
                value_changed = first is None or (first.value, first.text) != (
                    last.value,
                    last.text,
                )
                status_changed = (first.status if first else "") != last.status
                if not (value_changed or status_changed):
                    continue
                old_value, old_text = (
                    _value_text(question, first.value, first.text) if first else ("", "")
                )
                new_value, new_text = _value_text(question, last.value, last.text)
                joint_changes.append(
                    {
                        "question": _qref(question),
                        "is_new": not _has_content(first),
                        "value_changed": value_changed,
                        "status_changed": status_changed,
                        "old_value": old_value,
                        "old_text": Truncator(old_text).chars(400),
                        "new_value": new_value,
                        "new_text": new_text,
                        "old_status_label": _status_label(first.status if first else ""),
                        "new_status_label": _status_label(last.status),
                        "changed_at": _moment(last.created_at),
                        "changed_by": _person(last.author),
                    }
                )
            elif first is None or (first.value, first.text) != (last.value, last.text):
                individual[question.id].append(
                    {
                        "name": _person(answer.respondent),
                        "side_label": side_label(answer.side),
                        "is_new": not _has_content(first),
                    }
                )
        order = {q.id: i for i, q in enumerate(questions)}
        joint_changes.sort(key=lambda c: order[c["question"]["id"]])
        newly = [
            {"question": _qref(question_by_id[qid]), "by": sorted(now_answered_by[qid])}
            for qid in sorted(now_answered_by, key=order.get)
            if qid not in before_answered
        ]
        newly_ids = {entry["question"]["id"] for entry in newly}
        individual_rows = [
            {"question": _qref(question_by_id[qid]), "people": individual[qid]}
            for qid in sorted(individual, key=order.get)
            if qid not in newly_ids
        ]
        return {
            "first_time": False,
            "message": "",
            "since": {
                "meeting": _moment(previous.starts_at),
                "place": previous.place,
                "text": (
                    f"Siden udvalgets møde {_moment(previous.starts_at)['date']}, "
                    "hvor projektet sidst var på dagsordenen."
                ),
            },
            "phase_moves": moves,
            "joint": joint_changes,
            "newly_answered": newly,
            "individual": individual_rows,
            "nothing_changed": not (moves or joint_changes or newly or individual_rows),
        }

    def _decision(self, earlier) -> dict:
        return {
            "meeting": _moment(earlier.meeting.starts_at),
            "committee": earlier.meeting.committee.name,
            "same_committee": earlier.meeting.committee_id == self.meeting.committee_id,
            "number": earlier.order,
            "title": earlier.title,
            "kind_label": str(earlier.get_kind_display()),
            "is_closed": earlier.is_closed,
            "decision": earlier.decision,
            "dissent": _dissent(earlier),
        }

    def _action(self, action) -> dict:
        deadline = action.deadline
        return {
            "what": action.what,
            "owner": _person(action.owner),
            "deadline": _day(deadline),
            "overdue": bool(deadline and deadline < timezone.localdate(self.now)),
            "status": action.status,
            "status_label": str(action.get_status_display()),
            "agreed_at": _moment(action.item.meeting.starts_at),
            "committee": action.item.meeting.committee.name,
            "item_title": action.item.title,
        }


# -- pieces ---------------------------------------------------------------------


def _dissent(item) -> dict | None:
    if not item.dissent:
        return None
    side = side_label(item.dissent_side)
    line = (
        f"Mindretalsudtalelse fra {side.lower()}: {item.dissent}"
        if side
        else f"Mindretalsudtalelse: {item.dissent}"
    )
    return {"text": item.dissent, "side": item.dissent_side, "side_label": side, "line": line}


def _status_label(status: str) -> str:
    return str(Answer.Status(status).label) if status else "Ingen status"


def _is_open(answer) -> bool:
    return answer.status == Answer.Status.OPEN


def _comment(comment) -> dict:
    return {
        "author": _person(comment.author),
        "created_at": _moment(comment.created_at),
        "body": comment.body,
    }


def _in_template_order(rows, questions):
    by_id = {row.question.id: row for row in rows}
    return [by_id[q.id] for q in questions if q.id in by_id]


def _for_dialogue(row) -> bool:
    """Where the sides differ: a measured divergence, or a free-text question
    both sides have written something to."""
    if row.is_divergent:
        return True
    if row.question.kind == AnswerKind.TEXT:
        return any(a.text for a in row.management.answers) and any(
            a.text for a in row.employees.answers
        )
    return False


def _side_view(view, kind: str) -> dict:
    answers = []
    for answer in view.answers:
        if not _has_content(answer):
            continue
        value, text = _value_text(answer.question, answer.value, answer.text)
        answers.append({"who": _person(answer.respondent), "value": value, "text": text})
    average = view.average
    average_display = ""
    if average is not None and kind == AnswerKind.SCALE:
        average_display = f"Gennemsnit {_number(average, signed=True)} (−2 til +2)"
    elif average is not None and kind == AnswerKind.COMPETENCE:
        average_display = f"Gennemsnitligt niveau {_number(average)} ({competence_legend()})"
    spread = ""
    if kind in (AnswerKind.YES_NO, AnswerKind.SINGLE_CHOICE, AnswerKind.MULTIPLE_CHOICE):
        counts = Counter()
        for answer in view.answers:
            values = answer.value if isinstance(answer.value, list) else [answer.value]
            for value in values:
                if value is not None:
                    counts[str(answer.question.value_label(value))] += 1
        spread = ", ".join(f"{label}: {n}" for label, n in counts.most_common())
    return {
        "label": str(view.label),
        "count": len(answers),
        "average": round(average, 3) if average is not None else None,
        "average_display": average_display,
        "spread": spread,
        "answers": answers,
    }


def _dialogue_row(row) -> dict:
    kind = row.question.kind
    divergence = row.divergence
    if row.is_divergent:
        reason = f"Siderne vurderer forskelligt (forskel {_number(divergence)})"
    else:
        reason = "Begge sider har skrevet – læs dem ved siden af hinanden"
    return {
        "question": _qref(row.question),
        "kind": kind,
        "divergence": round(divergence, 3) if divergence is not None else None,
        "divergence_display": _number(divergence),
        "is_divergent": row.is_divergent,
        "reason": reason,
        "management": _side_view(row.management, kind),
        "employees": _side_view(row.employees, kind),
        "joint": _joint(row.joint),
    }


def _question(question, row, comments, phase) -> dict:
    management = [a for a in row.management.answers if _has_content(a)] if row else []
    employees = [a for a in row.employees.answers if _has_content(a)] if row else []
    joint = row.joint if row else None
    return {
        "id": question.id,
        "key": question.key,
        "text": question.text,
        "short_label": _short_label(question),
        "kind": question.kind,
        "required": question.required,
        "applies_now": question.applies_in(phase),
        "joint": _joint(joint),
        "is_open_point": bool(joint and _is_open(joint)),
        "is_divergent": bool(row and row.is_divergent),
        "management_count": len(management),
        "employees_count": len(employees),
        "answers_summary": _answers_summary(len(management), len(employees)),
        "open_comments": len(comments.get(question.id, [])),
    }


def _answers_summary(management: int, employees: int) -> str:
    if not management and not employees:
        return "Ingen individuelle svar"
    return f"Individuelle svar: ledelsessiden {management}, medarbejdersiden {employees}"


def _any_answer(row) -> bool:
    if row is None:
        return False
    return bool(
        (row.joint and (_has_content(row.joint) or row.joint.status))
        or any(_has_content(a) for a in row.management.answers)
        or any(_has_content(a) for a in row.employees.answers)
    )


def _core_questions(questions, by_question, comments, phase) -> list[dict]:
    """The four core questions, each with its sections as blocks: generic
    question lists, or a special presentation for the supplements that have
    been filled in."""
    sections = {}
    for question in questions:
        sections.setdefault(question.section.id, (question.section, []))[1].append(question)
    result = []
    for number, (core, label) in enumerate(CoreQuestion.choices, start=1):
        mine = [(s, qs) for s, qs in sections.values() if s.core_question == core]
        # All sections of competence questions together make one wheel, once
        # anything in them has been answered.
        wheel = [(s, qs) for s, qs in mine if all(q.kind == AnswerKind.COMPETENCE for q in qs)]
        wheel_ids = {s.id for s, _qs in wheel}
        wheel_filled = any(_any_answer(by_question.get(q.id)) for _s, qs in wheel for q in qs)
        blocks = []
        for section, section_questions in mine:
            rows = {q.id: by_question.get(q.id) for q in section_questions}
            if wheel_filled and section.id in wheel_ids:
                if section.id == wheel[0][0].id:
                    blocks.append(_competence_wheel(wheel, by_question))
                continue
            filled = any(_any_answer(rows[q.id]) for q in section_questions)
            block = None
            if filled and section.key == DATA_ETHICS:
                block = _data_ethics(section, section_questions, rows, comments)
            elif filled and section.key == GOOD_WORK:
                block = _good_work(section, section_questions, rows, comments)
            elif filled and section.key == INVOLVEMENT:
                block = _involvement(section, section_questions, rows, comments, phase)
            if block is None:
                answered, unanswered = _split(section_questions, rows, comments, phase)
                if not answered and not unanswered:
                    continue
                block = {
                    "type": "business_case" if section.key == BUSINESS_CASE else "questions",
                    "key": section.key,
                    "title": section.title,
                    "is_supplement": section.key == BUSINESS_CASE,
                    "questions": answered,
                    "unanswered": unanswered,
                }
            blocks.append(block)
        result.append(
            {
                "key": str(core),
                "number": number,
                "label": str(label),
                "heading": str(CORE_QUESTION_HEADINGS[core]),
                "blocks": blocks,
            }
        )
    return result


def _split(questions, rows, comments, phase) -> tuple[list[dict], list[dict]]:
    """(questions someone has answered, in full; questions of the current
    phase nobody has answered yet, briefly)."""
    answered, unanswered = [], []
    for question in questions:
        row = rows[question.id]
        if _any_answer(row):
            answered.append(_question(question, row, comments, phase))
        elif question.applies_in(phase):
            unanswered.append(
                {
                    "id": question.id,
                    "text": question.text,
                    "required": question.required,
                    "open_comments": len(comments.get(question.id, [])),
                }
            )
    return answered, unanswered


def _data_ethics(section, questions, rows, comments) -> dict:
    table = []
    for question in questions:
        row = rows[question.id]
        table.append(
            {
                "id": question.id,
                "principle": _principle_label(question),
                "text": question.text,
                "joint": _joint(row.joint if row else None),
                "management": _side_view(row.management, question.kind)["spread"] if row else "",
                "employees": _side_view(row.employees, question.kind)["spread"] if row else "",
                "open_comments": len(comments.get(question.id, [])),
            }
        )
    return {
        "type": "data_ethics",
        "key": section.key,
        "title": section.title,
        "is_supplement": True,
        "rows": table,
    }


def _good_work(section, questions, rows, comments) -> dict:
    table = []
    for question in questions:
        row = rows[question.id]
        management = _side_view(row.management, question.kind) if row else None
        employees = _side_view(row.employees, question.kind) if row else None
        table.append(
            {
                "id": question.id,
                "mark": _short_label(question),
                "text": question.text,
                "kind": question.kind,
                "management": _side_summary(management, question.kind),
                "employees": _side_summary(employees, question.kind),
                "joint": _joint(row.joint if row else None),
                "is_divergent": bool(row and row.is_divergent),
                "open_comments": len(comments.get(question.id, [])),
            }
        )
    return {
        "type": "good_work",
        "key": section.key,
        "title": section.title,
        "is_supplement": True,
        "rows": table,
    }


def _side_summary(view: dict | None, kind: str) -> str:
    """A short cell text for one side: the average of a scale, else the spread."""
    if not view or not view["count"]:
        return "Ingen svar"
    if view["average"] is not None and kind == AnswerKind.SCALE:
        return f"{_number(view['average'], signed=True)} ({view['count']} svar)"
    if view["spread"]:
        return view["spread"]
    return f"{view['count']} svar"


def _involvement(section, questions, rows, comments, phase) -> dict:
    level, rest = None, []
    for question in questions:
        row = rows[question.id]
        if level is None and question.kind == AnswerKind.SINGLE_CHOICE:
            level = {
                "question": _question(question, row, comments, phase),
                "choices": [str(label) for _key, label in question.value_choices()],
                "management": _side_view(row.management, question.kind)["spread"] if row else "",
                "employees": _side_view(row.employees, question.kind)["spread"] if row else "",
            }
        else:
            rest.append(question)
    answered, unanswered = _split(rest, rows, comments, phase)
    return {
        "type": "involvement",
        "key": section.key,
        "title": section.title,
        "is_supplement": True,
        "level": level,
        "questions": answered,
        "unanswered": unanswered,
    }


def _needed_level(row) -> tuple[int, str]:
    """The level the committee says is needed: the joint answer, else the
    most common individual answer (a tie goes to the higher level)."""
    if row is None:
        return 0, "Ikke vurderet"
    if row.joint is not None and row.joint.value in COMPETENCE_RANK:
        return COMPETENCE_RANK[row.joint.value], "Fælles svar"
    counts = Counter(
        a.value
        for a in [*row.management.answers, *row.employees.answers]
        if a.value in COMPETENCE_RANK
    )
    if not counts:
        return 0, "Ikke vurderet"
    best = max(counts.items(), key=lambda kv: (kv[1], COMPETENCE_RANK[kv[0]]))
    return COMPETENCE_RANK[best[0]], "Hyppigste individuelle svar"


def _side_mode(view) -> str:
    counts = Counter(a.value for a in view.answers if a.value in COMPETENCE_RANK)
    if not counts:
        return "–"
    best = max(counts.items(), key=lambda kv: (kv[1], COMPETENCE_RANK[kv[0]]))
    return competence_label(COMPETENCE_RANK[best[0]])


def _competence_wheel(sections, by_question) -> dict:
    """The twelve competences of KL's kompetencehjul (or however many the
    template has) as wedges around a circle, drawn by the template as SVG."""
    items, groups = [], []
    for group_index, (section, questions) in enumerate(sections):
        title = section.title.split(":", 1)[-1].strip()
        groups.append(
            {
                "index": group_index,
                "title": title,
                "colour": WHEEL_GROUP_COLOURS[group_index % len(WHEEL_GROUP_COLOURS)],
            }
        )
        for question in questions:
            row = by_question.get(question.id)
            level, basis = _needed_level(row)
            items.append(
                {
                    "id": question.id,
                    "label": question.text,
                    "group": title,
                    "group_index": group_index,
                    "colour": groups[-1]["colour"],
                    "level": level,
                    "level_label": competence_label(level),
                    "basis": basis,
                    "management": _side_mode(row.management) if row else "–",
                    "employees": _side_mode(row.employees) if row else "–",
                    "joint_status_label": (
                        _status_label(row.joint.status) if row and row.joint else ""
                    ),
                }
            )
    centre = WHEEL_SIZE / 2
    count = max(len(items), 1)
    step = 360 / count
    for number, entry in enumerate(items, start=1):
        start = -90 + (number - 1) * step + 1.2
        end = -90 + number * step - 1.2
        radius = WHEEL_RADIUS * entry["level"] / COMPETENCE_MAX_RANK
        entry["number"] = number
        entry["path"] = _wedge(centre, radius, start, end) if radius else ""
        label_angle = math.radians((start + end) / 2)
        entry["label_x"] = round(centre + (WHEEL_RADIUS + 16) * math.cos(label_angle), 1)
        entry["label_y"] = round(centre + (WHEEL_RADIUS + 16) * math.sin(label_angle) + 4, 1)
    spokes = []
    for index in range(count):
        angle = math.radians(-90 + index * step)
        spokes.append(
            {
                "x": round(centre + WHEEL_RADIUS * math.cos(angle), 1),
                "y": round(centre + WHEEL_RADIUS * math.sin(angle), 1),
            }
        )
    summary = "; ".join(f"{e['number']}. {e['label']}: {e['level_label']}" for e in items)
    return {
        "type": "competence_wheel",
        "key": "kompetencehjul",
        "title": "Kompetencehjulet",
        "is_supplement": True,
        "size": WHEEL_SIZE,
        "centre": centre,
        "radius": WHEEL_RADIUS,
        "rings": [_ring(centre, level) for level in range(1, COMPETENCE_MAX_RANK + 1)],
        "legend": competence_legend(),
        "spokes": spokes,
        "groups": groups,
        "items": items,
        "aria_label": (
            "Kompetencehjulet: det nødvendige niveau for hver kompetence "
            f"({competence_legend()}). " + summary
        ),
    }


def _ring(centre: float, level: int) -> dict:
    """A level ring with its label on a small white box where it crosses
    the upward spoke."""
    radius = round(WHEEL_RADIUS * level / COMPETENCE_MAX_RANK, 1)
    label = competence_label(level).lower()
    width = 6 + 5 * len(label)
    return {
        "r": radius,
        "label": label,
        "label_y": round(centre - radius + 3, 1),
        "box_x": round(centre - width / 2, 1),
        "box_y": round(centre - radius - 5.5, 1),
        "box_width": width,
    }


def _wedge(centre: float, radius: float, start: float, end: float) -> str:
    a, b = math.radians(start), math.radians(end)
    x1, y1 = centre + radius * math.cos(a), centre + radius * math.sin(a)
    x2, y2 = centre + radius * math.cos(b), centre + radius * math.sin(b)
    large = 1 if end - start > 180 else 0
    return (
        f"M {centre:.1f} {centre:.1f} L {x1:.1f} {y1:.1f} "
        f"A {radius:.1f} {radius:.1f} 0 {large} 1 {x2:.1f} {y2:.1f} Z"
    )
