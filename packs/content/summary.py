"""The short part of an item's pack: what a committee member reads before
the meeting, in at most a few pages. Counts and short lists drawn from the
same comparison rows as the appendix (`answers`), so the two never differ.
"""

from assessments.models import Answer

from .answers import has_any_answer, joint_answer, question_ref

# Questions where the sides differ most, shown in the short part; the rest
# (and every question's full answers) are in the item's appendix.
DIALOGUE_IN_SHORT = 5


def unconfirmed(rows) -> list[dict]:
    """Joint answers the committee has written but not agreed on: partly
    agreed, disagreed or without a status. Open points are listed apart."""
    pending = []
    for row in rows:
        joint = row.joint
        if joint is None or joint.status in (Answer.Status.AGREED, Answer.Status.OPEN):
            continue
        if joint.value is None and not joint.text:
            continue
        pending.append({"question": question_ref(row.question), "joint": joint_answer(joint)})
    return pending


def answer_counts(questions, by_question, phase) -> dict:
    """How much of the current phase is answered: questions of the phase,
    those nobody has answered yet (of them required), and those answered
    by someone but without a joint answer."""
    current = [q for q in questions if q.applies_in(phase)]
    unanswered = [q for q in current if not has_any_answer(by_question.get(q.id))]
    without_joint = [
        q
        for q in questions
        if has_any_answer(by_question.get(q.id)) and joint_answer(by_question[q.id].joint) is None
    ]
    return {
        "in_phase": len(current),
        "unanswered": len(unanswered),
        "unanswered_required": sum(q.required for q in unanswered),
        "without_joint": len(without_joint),
    }
