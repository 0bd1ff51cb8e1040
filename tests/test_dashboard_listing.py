"""The dashboard's projects: those waiting for the user's answers first,
then the user's own, then the rest, a page at a time, in a fixed number of
queries."""

import pytest
from django.urls import reverse

from method.vocabulary import Side
from projects.listing import PROJECTS_PER_PAGE
from questionnaires.models import AnswerKind
from tests.factories import make_project, make_user, seat
from tests.test_query_counts import count_queries


@pytest.fixture
def many(municipality, committee, lead):
    """Projects the member's committee does not handle, more than a page."""
    from organisations.models import Committee

    other = Committee.objects.create(municipality=municipality, name="Andet", level="lokalt")
    return [
        make_project(municipality, lead, [other], title=f"A-projekt {n:02d}")
        for n in range(PROJECTS_PER_PAGE + 5)
    ]


def answer_all_required(project, user, side):
    from assessments.services import Submission, save_answer

    assessment = project.assessment
    for question in assessment.required_questions(project.phase):
        choices = question.value_choices()
        value = str(choices[0][0]) if question.kind != AnswerKind.TEXT and choices else None
        save_answer(assessment, question, user, Submission(value=value, text="svar"), side=side)


def titles(response):
    return [p.title for p in response.context["projects"]]


def test_waiting_then_mine_then_the_rest_by_title(
    login, municipality, committee, lead, member, project, many
):
    done = make_project(municipality, lead, [committee], title="B-projekt besvaret")
    answer_all_required(done, member, Side.EMPLOYEES)
    response = login(member).get("/")
    # The member's committee's unanswered project first (though "S…" sorts
    # after "A…"), then the answered own project, then the others.
    assert titles(response)[:3] == [project.title, done.title, "A-projekt 00"]
    assert [p.needs_me for p in response.context["projects"][:2]] == [True, False]
    assert response.context["listing"].waiting == 1
    assert "venter på dig" in response.content.decode()


def test_pages_of_projects_and_bad_page_numbers(login, member, project, many):
    client = login(member)
    first = client.get("/")
    assert len(titles(first)) == PROJECTS_PER_PAGE
    assert "Side 1 af 2 (31 projekter)" in first.content.decode()
    second = client.get("/?side=2")
    assert len(titles(second)) == 31 - PROJECTS_PER_PAGE
    assert not set(titles(first)) & set(titles(second))
    # Nonsense shows the first page; past the end, the last.
    assert titles(client.get("/?side=abc")) == titles(first)
    assert titles(client.get("/?side=99")) == titles(second)


def test_dashboard_queries_do_not_grow_with_projects_and_pages(
    login, municipality, committee, lead, member, project
):
    client = login(member)
    before = count_queries(client, reverse("dashboard"))
    extra = make_user("tr2", municipality)
    seat(extra, committee, Side.EMPLOYEES)
    for n in range(PROJECTS_PER_PAGE + 3):
        make_project(municipality, lead, [committee], title=f"Projekt {n:02d}")
    answer_all_required(project, member, Side.EMPLOYEES)
    assert count_queries(client, reverse("dashboard")) == before
    assert count_queries(client, reverse("dashboard") + "?side=2") == before


def test_progress_counts_joint_answers_to_required_questions_in_each_projects_phase(
    municipality, committee, lead, member
):
    from assessments.progress import phase_progress_for_projects
    from assessments.services import Submission, save_answer
    from method.vocabulary import Phase
    from tests.factories import move_to_phase

    def answer(project, question, joint=True):
        save_answer(
            project.assessment,
            question,
            lead if joint else member,
            Submission(text="svar", value=None if question.kind == AnswerKind.TEXT else "ja"),
            joint=joint,
            side="" if joint else Side.EMPLOYEES,
        )

    idea = make_project(municipality, lead, [committee], title="I idéudviklingen")
    moved = make_project(municipality, lead, [committee], title="I konsekvensvurderingen")
    asked_in_impact = set(moved.assessment.required_questions(Phase.IMPACT))
    in_both = [
        q
        for q in idea.assessment.required_questions(Phase.IDEA)
        if q.kind == AnswerKind.TEXT and q in asked_in_impact
    ]
    answer(idea, in_both[0])
    answer(idea, in_both[1])
    answer(idea, in_both[2], joint=False)  # a member's own answer is not the committee's
    optional = idea.assessment.questions().filter(required=False, kind=AnswerKind.TEXT).first()
    answer(idea, optional)  # not one of the required questions counted
    answer(moved, in_both[0])  # given in idéudviklingen: not this phase's answer
    move_to_phase(moved, lead, Phase.IMPACT)
    answer(moved, in_both[1])

    progress = phase_progress_for_projects([idea, moved])

    assert progress[idea.pk].answered == 2
    assert progress[idea.pk].required == len(idea.assessment.required_questions(Phase.IDEA))
    assert progress[moved.pk].answered == 1
    assert progress[moved.pk].required == len(moved.assessment.required_questions(Phase.IMPACT))
