"""The two sides side by side, largest disagreement first."""

from django.urls import reverse

from assessments.comparison import compare_sides
from assessments.parts import comparison_url
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


def test_principles_diverge_by_the_gap_between_the_sides_steps(assessment, chair, member):
    principles = assessment.questions().filter(kind=AnswerKind.PRINCIPLE)[:2]
    split, same = list(principles)
    save_answer(assessment, split, chair, Submission(value="i_hoej_grad"), side=Side.MANAGEMENT)
    save_answer(
        assessment,
        split,
        member,
        Submission(value="slet_ikke", text="Ingen har spurgt os"),
        side=Side.EMPLOYEES,
    )
    save_answer(assessment, same, chair, Submission(value="i_nogen_grad"), side=Side.MANAGEMENT)
    save_answer(assessment, same, member, Submission(value="i_nogen_grad"), side=Side.EMPLOYEES)
    rows = compare_sides(assessment, [same, split])
    assert [r.question for r in rows] == [split, same]
    # slet ikke (1) against i høj grad (3): two steps, a disagreement.
    assert rows[0].divergence == 2.0 and rows[0].is_divergent
    assert rows[1].divergence == 0.0


def test_not_relevant_against_a_step_diverges_by_the_spread(assessment, chair, member):
    question = assessment.questions().filter(kind=AnswerKind.PRINCIPLE).first()
    save_answer(
        assessment, question, chair, Submission(value="ikke_relevant"), side=Side.MANAGEMENT
    )
    save_answer(assessment, question, member, Submission(value="i_hoej_grad"), side=Side.EMPLOYEES)
    (row,) = compare_sides(assessment, [question])
    assert row.divergence == 2.0  # no overlap at all


def test_group_effects_diverge_by_the_group_the_sides_see_most_differently(
    assessment, chair, member
):
    question = assessment.questions().filter(kind=AnswerKind.GROUP_EFFECT).first()
    save_answer(
        assessment,
        question,
        chair,
        Submission(value=["borgere:2", "medarbejdere:1"]),
        side=Side.MANAGEMENT,
    )
    save_answer(
        assessment,
        question,
        member,
        Submission(value=["borgere:1", "medarbejdere:-2", "paaroerende:-1"]),
        side=Side.EMPLOYEES,
    )
    (row,) = compare_sides(assessment, [question])
    # Borgere differ by 1, medarbejdere by 3; pårørende named by one side only.
    assert row.divergence == 3.0 and row.is_divergent
    assert row.management.group_averages == [("Borgere", 2.0), ("Medarbejdere", 1.0)]


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


def test_the_page_opens_on_the_disagreements_then_one_core_question_at_a_time(
    login, assessment, chair, member
):
    large, small = scale_questions(assessment, 2)
    for question, (management, employees) in ((large, (2, -2)), (small, (1, 0))):
        answer(assessment, question, chair, Side.MANAGEMENT, management)
        answer(assessment, question, member, Side.EMPLOYEES, employees)
    client = login(member)
    opening = client.get(reverse("comparison", args=[assessment.pk]) + "?fase=alle")
    body = opening.content.decode()
    assert ">Til drøftelse</h2>" in body
    assert f'id="q-{large.pk}"' in body and f'id="q-{small.pk}"' not in body

    core = client.get(comparison_url(assessment, small, "alle")).content.decode()
    assert core.index(f'id="q-{large.pk}"') < core.index(f'id="q-{small.pk}"')
    assert "1 med uenighed" in core  # the core question's link in the parts' navigation

    # Loaded in place (htmx): the part alone, the navigation out of band.
    part = client.get(
        comparison_url(assessment, small, "alle").split("#")[0],
        headers={"HX-Request": "true", "HX-Target": "comparison-part"},
    ).content.decode()
    assert "<html" not in part and f'id="q-{small.pk}"' in part
    assert 'id="comparison-parts" aria-label="Sammenligningens dele" hx-swap-oob="true"' in part

    unknown = client.get(reverse("comparison", args=[assessment.pk]) + "?del=findes-ikke")
    assert unknown.status_code == 404


def test_the_opening_holds_the_joint_answers_waiting_for_my_confirmation(
    login, assessment, chair, member, lead
):
    question = scale_questions(assessment, 1)[0]
    save_answer(
        assessment,
        question,
        lead,
        Submission(value="1", text="Vi prøver", status="enige"),
        joint=True,
    )
    url = reverse("comparison", args=[assessment.pk]) + "?fase=alle"
    for_chair = login(chair).get(url).content.decode()
    assert f'id="q-{question.pk}"' in for_chair and "Bekræft for ledelsessiden" in for_chair
    for_member = login(member).get(url).content.decode()  # a member confirms nothing
    assert f'id="q-{question.pk}"' not in for_member
    assert "Siderne er ikke uenige om noget i denne fase" in for_member
