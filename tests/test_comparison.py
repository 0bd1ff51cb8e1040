"""The two sides side by side, largest disagreement first."""

from django.urls import reverse

from assessments.comparison import compare_sides
from assessments.services import Submission, save_answer
from method.vocabulary import Side
from questionnaires.models import AnswerKind
from tests.factories import make_user, seat


def scale_questions(assessment, n):
    return list(assessment.questions().filter(kind=AnswerKind.SCALE)[:n])


def answer(assessment, question, user, side, value):
    save_answer(assessment, question, user, Submission(value=str(value)), side=side)


def test_largest_gap_between_side_averages_comes_first(
    assessment, chair, member, committee, municipality
):
    other_employee = make_user("tr", municipality)
    seat(other_employee, committee, Side.EMPLOYEES)
    small, large, none = scale_questions(assessment, 3)
    answer(assessment, small, chair, Side.MANAGEMENT, 1)
    answer(assessment, small, member, Side.EMPLOYEES, 0)
    answer(assessment, large, chair, Side.MANAGEMENT, 2)
    answer(assessment, large, member, Side.EMPLOYEES, -2)
    answer(assessment, large, other_employee, Side.EMPLOYEES, -1)
    answer(assessment, none, chair, Side.MANAGEMENT, 1)  # one side only: nothing to compare
    rows = compare_sides(assessment, [small, none, large])
    assert [r.question for r in rows] == [large, small, none]
    assert rows[0].divergence == 3.5  # 2 − (−1.5)
    assert rows[0].is_divergent and not rows[1].is_divergent
    assert rows[2].divergence is None


def test_choice_questions_diverge_by_how_differently_the_sides_answer(assessment, chair, member):
    yes_no = assessment.questions().filter(kind=AnswerKind.YES_NO)[:2]
    split, same = list(yes_no)
    save_answer(assessment, split, chair, Submission(value="ja"), side=Side.MANAGEMENT)
    save_answer(assessment, split, member, Submission(value="nej"), side=Side.EMPLOYEES)
    save_answer(assessment, same, chair, Submission(value="ja"), side=Side.MANAGEMENT)
    save_answer(assessment, same, member, Submission(value="ja"), side=Side.EMPLOYEES)
    rows = compare_sides(assessment, [same, split])
    assert [r.question for r in rows] == [split, same]
    assert rows[0].divergence == 2.0 and rows[1].divergence == 0.0


def test_comparison_page_shows_both_sides_and_marks_disagreement(login, assessment, chair, member):
    q = scale_questions(assessment, 1)[0]
    save_answer(
        assessment, q, chair, Submission(value="2", text="Sparer tid"), side=Side.MANAGEMENT
    )
    save_answer(
        assessment, q, member, Submission(value="-2", text="Mere kontrol"), side=Side.EMPLOYEES
    )
    body = (
        login(chair)
        .get(reverse("comparison", args=[assessment.pk]) + "?fase=alle")
        .content.decode()
    )
    assert "Ledelsessiden" in body and "Medarbejdersiden" in body
    assert "Sparer tid" in body and "Mere kontrol" in body
    assert "compare--divergent" in body
    assert "Uenighed" in body
