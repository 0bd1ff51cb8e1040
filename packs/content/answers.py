"""A project's answers as pack data: the questions where the two sides see
the project differently (for the dialogue), and the four core questions with
their sections: generic question lists, or a presentation of their own for
the standard template's supplements (data ethics, the good work, the
involvement level, the competence wheel) once something is answered in them.

Only data: values, counts, flags and the labels of the answers' choices.
The templates (`templates/packs/`) word and format them.
"""

import re
from collections import Counter

from assessments.models import Answer
from method.vocabulary import (
    COMPETENCE_RANK,
    CORE_QUESTION_HEADINGS,
    CoreQuestion,
    competence_label,
    core_question_label,
)
from questionnaires.models import AnswerKind, Question

from .values import moment, person

# Sections of the standard template that get their own presentation when
# something has been answered in them. Everything else (and a
# municipality's own sections) is shown generically, by answer kind.
BUSINESS_CASE = "kerneopgave-businesscase"
DATA_ETHICS = "kerneopgave-dataetik"
GOOD_WORK = "opgaveloesning-det-gode-arbejde"
INVOLVEMENT = "inddragelse-niveau-og-plan"

PRINCIPLE_LABELS = {"kerneopgave.dataetik.gdpr": "Databeskyttelse (GDPR)"}

# Where the level a competence needs comes from (the template words it).
FROM_JOINT, FROM_MOST_COMMON, NOT_ASSESSED = "joint", "most_common", "none"


# -- one answer -----------------------------------------------------------------


def has_content(answer) -> bool:
    return answer is not None and (answer.value is not None or bool(answer.text))


def value_text(question: Question, value, text: str) -> tuple[str, str]:
    """(the answer shown as a value, the free text beside it)."""
    if question.kind == AnswerKind.TEXT:
        return "", text
    return str(question.value_label(value)), text


def status_label(status: str) -> str:
    """The joint answer's status; empty for none."""
    return str(Answer.Status(status).label) if status else ""


def is_open(answer) -> bool:
    return answer.status == Answer.Status.OPEN


def joint_answer(answer) -> dict | None:
    """The committee's joint answer, or None when there is none yet."""
    if answer is None or not (has_content(answer) or answer.status):
        return None
    value, text = value_text(answer.question, answer.value, answer.text)
    lines = answer.confirmation_lines()
    return {
        "value": value,
        "text": text,
        "status": answer.status,
        "status_label": status_label(answer.status),
        "updated_at": moment(answer.updated_at),
        # Both sides stand behind this version of the answer (docs/decisions.md).
        "confirmed": answer.is_confirmed_by_both,
        "confirmations": [_confirmation(line) for line in lines],
    }


def _confirmation(line) -> dict:
    """One side's confirmation of the answer as it stands: who and when, or
    (None) awaited."""
    given = line.confirmation
    return {
        "side": line.side,
        "side_label": str(line.label),
        "who": person(given.confirmed_by) if given else None,
        "at": moment(given.confirmed_at) if given else None,
    }


def question_ref(question: Question) -> dict:
    return {
        "id": question.id,
        "key": question.key,
        "text": question.text,
        "section": question.section.title,
        "core_question": question.section.core_question,
        "core_question_label": core_question_label(question.section.core_question),
    }


def short_label(question: Question) -> str:
    """ "Realistisk: Hvordan …" → "Realistisk"; else the question text."""
    return short_text(question.text)


def short_text(text: str) -> str:
    head, colon, _rest = text.partition(":")
    if colon and len(head) <= 40:
        return head.strip()
    return text


def principle_label(question: Question) -> str:
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


# -- one side's answers -------------------------------------------------------------


def side_view(view, kind: str, *, with_answers: bool = True) -> dict:
    """One side's answers to a question: how many, their average (scale and
    competence), how they spread over the choices, and each answer."""
    answers = [a for a in view.answers if has_content(a)]
    average = view.average
    result = {
        "label": str(view.label),
        "count": len(answers),
        "average": round(average, 3) if average is not None else None,
        "spread": _spread(view, kind),
        # What an average's numbers mean (competence levels, principles).
        "legend": view.scale_legend,
        # A group effect's average step per group named: [(group, average)].
        "groups": [(group, round(average, 3)) for group, average in view.group_averages],
    }
    if with_answers:
        result["answers"] = [_individual(answer) for answer in answers]
    return result


def _individual(answer) -> dict:
    value, text = value_text(answer.question, answer.value, answer.text)
    return {"who": person(answer.respondent), "value": value, "text": text}


def _spread(view, kind: str) -> list[dict]:
    """How many chose each choice, most chosen first (choice kinds only)."""
    if kind not in (
        AnswerKind.YES_NO,
        AnswerKind.SINGLE_CHOICE,
        AnswerKind.MULTIPLE_CHOICE,
        AnswerKind.PRINCIPLE,
    ):
        return []
    counts = Counter()
    for answer in view.answers:
        values = answer.value if isinstance(answer.value, list) else [answer.value]
        for value in values:
            if value is not None:
                counts[str(answer.question.value_label(value))] += 1
    return [{"label": label, "count": count} for label, count in counts.most_common()]


# -- where the sides differ -------------------------------------------------------


def for_dialogue(row) -> bool:
    """Where the sides differ: a measured divergence, or a free-text question
    both sides have written something to."""
    if row.is_divergent:
        return True
    if row.question.kind == AnswerKind.TEXT:
        return any(a.text for a in row.management.answers) and any(
            a.text for a in row.employees.answers
        )
    return False


def dialogue_row(row) -> dict:
    kind = row.question.kind
    divergence = row.divergence
    return {
        "question": question_ref(row.question),
        "kind": kind,
        "divergence": round(divergence, 3) if divergence is not None else None,
        "is_divergent": row.is_divergent,
        "management": side_view(row.management, kind),
        "employees": side_view(row.employees, kind),
        "joint": joint_answer(row.joint),
    }


# -- the four core questions --------------------------------------------------------


def core_questions(questions, by_question, comments, phase) -> list[dict]:
    """The four core questions, each with its sections as blocks: generic
    question lists, or a special presentation for the supplements that have
    been filled in."""
    sections = {}
    for question in questions:
        sections.setdefault(question.section.id, (question.section, []))[1].append(question)
    result = []
    for number, (core, label) in enumerate(CoreQuestion.choices, start=1):
        mine = [(s, qs) for s, qs in sections.values() if s.core_question == core]
        result.append(
            {
                "key": str(core),
                "number": number,
                "label": str(label),
                "heading": str(CORE_QUESTION_HEADINGS[core]),
                "blocks": _blocks(mine, by_question, comments, phase),
            }
        )
    return result


def _blocks(sections, by_question, comments, phase) -> list[dict]:
    # All sections of competence questions together make one wheel, once
    # anything in them has been answered.
    wheel = [(s, qs) for s, qs in sections if all(q.kind == AnswerKind.COMPETENCE for q in qs)]
    wheel_ids = {s.id for s, _qs in wheel}
    wheel_filled = any(has_any_answer(by_question.get(q.id)) for _s, qs in wheel for q in qs)
    blocks = []
    for section, section_questions in sections:
        rows = {q.id: by_question.get(q.id) for q in section_questions}
        if wheel_filled and section.id in wheel_ids:
            if section.id == wheel[0][0].id:
                blocks.append(_competence_needs(wheel, by_question))
            continue
        filled = any(has_any_answer(rows[q.id]) for q in section_questions)
        block = None
        if filled and section.key == DATA_ETHICS:
            block = _data_ethics(section, section_questions, rows, comments)
        elif filled and section.key == GOOD_WORK:
            block = _good_work(section, section_questions, rows, comments, phase)
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
    return blocks


def has_any_answer(row) -> bool:
    if row is None:
        return False
    return bool(
        (row.joint and (has_content(row.joint) or row.joint.status))
        or any(has_content(a) for a in row.management.answers)
        or any(has_content(a) for a in row.employees.answers)
    )


def _question(question, row, comments, phase) -> dict:
    joint = row.joint if row else None
    return {
        "id": question.id,
        "key": question.key,
        "text": question.text,
        "short_label": short_label(question),
        "kind": question.kind,
        "required": question.required,
        "applies_now": question.applies_in(phase),
        "joint": joint_answer(joint),
        "is_open_point": bool(joint and is_open(joint)),
        "is_divergent": bool(row and row.is_divergent),
        "management_count": sum(has_content(a) for a in row.management.answers) if row else 0,
        "employees_count": sum(has_content(a) for a in row.employees.answers) if row else 0,
        "open_comments": len(comments.get(question.id, [])),
    }


def _split(questions, rows, comments, phase) -> tuple[list[dict], list[dict]]:
    """(questions someone has answered, in full; questions of the current
    phase nobody has answered yet, briefly)."""
    answered, unanswered = [], []
    for question in questions:
        row = rows[question.id]
        if has_any_answer(row):
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


def _spreads(row, kind) -> dict:
    """Both sides' spreads over the choices, for a table cell each."""
    if row is None:
        return {"management": [], "employees": []}
    return {
        "management": _spread(row.management, kind),
        "employees": _spread(row.employees, kind),
    }


def _supplement(kind: str, section, **parts) -> dict:
    return {
        "type": kind,
        "key": section.key,
        "title": section.title,
        "is_supplement": True,
        **parts,
    }


def _data_ethics(section, questions, rows, comments) -> dict:
    table = [
        {
            "id": question.id,
            "principle": principle_label(question),
            "text": question.text,
            "joint": joint_answer(rows[question.id].joint if rows[question.id] else None),
            **_spreads(rows[question.id], question.kind),
            "open_comments": len(comments.get(question.id, [])),
        }
        for question in questions
    ]
    return _supplement("data_ethics", section, rows=table)


def _good_work(section, questions, rows, comments, phase) -> dict:
    """The marks of good work as a table of the sides' weighings; the
    possible advantages and disadvantages, asked apart (the standard
    template's version 2), follow as questions with each side's texts."""
    texts = [q for q in questions if q.kind == AnswerKind.TEXT]
    answered, _unanswered = _split(texts, rows, comments, phase)
    table = []
    for question in (q for q in questions if q.kind != AnswerKind.TEXT):
        row = rows[question.id]
        table.append(
            {
                "id": question.id,
                "mark": short_label(question),
                "text": question.text,
                "kind": question.kind,
                "management": _side_summary(row.management if row else None, question.kind),
                "employees": _side_summary(row.employees if row else None, question.kind),
                "joint": joint_answer(row.joint if row else None),
                "is_divergent": bool(row and row.is_divergent),
                "open_comments": len(comments.get(question.id, [])),
            }
        )
    return _supplement("good_work", section, rows=table, questions=answered)


def _side_summary(view, kind: str) -> dict:
    """One side's answers for a table cell: count, average and spread."""
    if view is None:
        return {"count": 0, "average": None, "spread": []}
    return side_view(view, kind, with_answers=False)


def _involvement(section, questions, rows, comments, phase) -> dict:
    level, rest = None, []
    for question in questions:
        row = rows[question.id]
        if level is None and question.kind == AnswerKind.SINGLE_CHOICE:
            level = {
                "question": _question(question, row, comments, phase),
                "choices": [str(label) for _key, label in question.value_choices()],
                **_spreads(row, question.kind),
            }
        else:
            rest.append(question)
    answered, unanswered = _split(rest, rows, comments, phase)
    return _supplement(
        "involvement", section, level=level, questions=answered, unanswered=unanswered
    )


# -- the competence wheel's data (drawn by packs.charts) --------------------------------


def _competence_needs(sections, by_question) -> dict:
    """The twelve competences of KL's kompetencehjul (or however many the
    template has), numbered, each with the level the committee says is
    needed and where that level comes from."""
    items, groups = [], []
    for group_index, (section, questions) in enumerate(sections):
        title = section.title.split(":", 1)[-1].strip()
        groups.append({"index": group_index, "title": title})
        for question in questions:
            row = by_question.get(question.id)
            level, basis = _needed_level(row)
            joint = row.joint if row else None
            items.append(
                {
                    "id": question.id,
                    "number": len(items) + 1,
                    "label": question.text,
                    "group": title,
                    "group_index": group_index,
                    "level": level,
                    "level_label": competence_label(level),
                    "basis": basis,
                    "management": _most_common_level(row.management) if row else "",
                    "employees": _most_common_level(row.employees) if row else "",
                    "has_joint": joint is not None,
                    "joint_status_label": status_label(joint.status) if joint else "",
                }
            )
    return {
        "type": "competence_wheel",
        "key": "kompetencehjul",
        "is_supplement": True,
        "groups": groups,
        "items": items,
    }


def _most_common(answers):
    """The most common competence level among the answers (a tie goes to
    the higher level), or None."""
    counts = Counter(a.value for a in answers if a.value in COMPETENCE_RANK)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], COMPETENCE_RANK[kv[0]]))[0]


def _needed_level(row) -> tuple[int, str]:
    """The level the committee says is needed: the joint answer, else the
    most common individual answer."""
    if row is None:
        return 0, NOT_ASSESSED
    if row.joint is not None and row.joint.value in COMPETENCE_RANK:
        return COMPETENCE_RANK[row.joint.value], FROM_JOINT
    best = _most_common([*row.management.answers, *row.employees.answers])
    if best is None:
        return 0, NOT_ASSESSED
    return COMPETENCE_RANK[best], FROM_MOST_COMMON


def _most_common_level(view) -> str:
    best = _most_common(view.answers)
    return competence_label(COMPETENCE_RANK[best]) if best else ""
