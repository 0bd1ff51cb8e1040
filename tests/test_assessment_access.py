"""Who may do what in an assessment (`assessments.access`), as a matrix:
roles and sides, with and without a seat on the project's committees, in
the project's municipality and outside it × comment, read the named
individual answers, resolve a comment. The rule, then the pages."""

import pytest
from django.urls import reverse

from assessments.access import COMMENT, READ_INDIVIDUAL, RESOLVE, may
from assessments.models import Comment
from assessments.services import Submission, add_comment, save_answer
from method.vocabulary import Side
from organisations.models import Committee, Membership
from questionnaires.models import AnswerKind
from tests.factories import make_user, seat

# role → (in the room: comments and reads named answers, may resolve the
# employee member's comment). The employee member wrote the comment.
MATRIX = {
    "project_lead": (True, True),
    "secretary": (True, True),
    "chair": (True, False),  # management side: never resolves the other side's point
    "management_member": (True, False),
    "employee_member": (True, True),  # the comment's author
    "vice_chair": (True, False),  # same side, but not the author
    "seat_elsewhere": (False, False),  # a seat, but not on the project's committees
    "hr_without_seat": (False, False),
    "colleague_without_seat": (False, False),
}
ROLES = list(MATRIX)


@pytest.fixture
def people(municipality, committee, lead, chair, member, vice_chair, outsider):
    elsewhere = Committee.objects.create(
        municipality=municipality, name="Andet MED", level="lokalt"
    )
    secretary = make_user("sekretaer", municipality)
    seat(secretary, committee, Side.MANAGEMENT, Membership.Role.SECRETARY)
    management_member = make_user("leder", municipality)
    seat(management_member, committee, Side.MANAGEMENT)
    seat_elsewhere = make_user("andetsteds", municipality)
    seat(seat_elsewhere, elsewhere, Side.EMPLOYEES)
    return {
        "project_lead": lead,
        "secretary": secretary,
        "chair": chair,
        "management_member": management_member,
        "employee_member": member,
        "vice_chair": vice_chair,
        "seat_elsewhere": seat_elsewhere,
        "hr_without_seat": make_user("hr", municipality, is_template_admin=True),
        "colleague_without_seat": make_user("kollega", municipality),
        "outsider": outsider,
    }


@pytest.fixture
def discussed(assessment, people):
    """A scale question with both sides' named answers, a joint answer and
    the employee member's open comment."""
    question = assessment.questions().filter(kind=AnswerKind.SCALE).first()
    member, chair = people["employee_member"], people["chair"]
    named = [(member, "2", "Sofies begrundelse"), (chair, "-1", "Formandens begrundelse")]
    for author, value, text in named:
        side = Membership.objects.get(user=author, committee__projects=assessment.project).side
        save_answer(assessment, question, author, Submission(value=value, text=text), side=side)
    joint = Submission(value="1", text="Udvalgets fælles tekst", status="delvist_enige")
    save_answer(assessment, question, people["project_lead"], joint, joint=True)
    comment = add_comment(assessment, question, member, "Hvad med nattevagten?")
    return question, comment


# -- the rule -------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_rule(people, assessment, discussed, role):
    in_the_room, resolves = MATRIX[role]
    user, (_question, comment) = people[role], discussed
    assert may(user, assessment, COMMENT) is in_the_room
    assert may(user, assessment, READ_INDIVIDUAL) is in_the_room
    assert may(user, assessment, RESOLVE, comment) is resolves


# -- the pages -------------------------------------------------------------------


def get(client, name, *args, part=""):
    response = client.get(
        reverse(name, args=args), {"fase": "alle", **({"del": part} if part else {})}
    )
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_what_the_pages_show(login, people, assessment, discussed, role):
    in_the_room, resolves = MATRIX[role]
    question, comment = discussed
    client = login(people[role])

    status, page = get(client, "assessment", assessment.pk, part=question.section.core_question)
    assert status == 200
    assert "Udvalgets fælles tekst" in page
    assert (reverse("comments", args=[assessment.pk, question.pk]) in page) is in_the_room

    status, page = get(client, "comparison", assessment.pk)
    assert status == 200
    assert "Udvalgets fælles tekst" in page
    for named in ('<p class="who">Medlem</p>', "Sofies begrundelse", "Formandens begrundelse"):
        assert (named in page) is in_the_room, named
    assert ("Ét svar fra siden." in page) is not in_the_room  # the summary instead
    assert ("Klart positiv: 1" in page) is not in_the_room

    status, page = get(client, "question_history", assessment.pk, question.pk)
    assert status == 200
    assert "Udvalgets fælles tekst" in page
    assert ("Sofies begrundelse" in page) is in_the_room

    status, page = get(client, "comments", assessment.pk, question.pk)
    assert status == (200 if in_the_room else 403)
    assert ("Hvad med nattevagten?" in page) is in_the_room
    assert ("Markér som løst" in page) is resolves


@pytest.mark.parametrize("role", ROLES)
def test_who_comments(login, people, assessment, discussed, role):
    in_the_room, _resolves = MATRIX[role]
    question, _comment = discussed
    url = reverse("comments", args=[assessment.pk, question.pk])
    response = login(people[role]).post(
        url, {"key": "6f1c2a6e-0000-4000-8000-000000000001", "body": "Mit indspark"}
    )
    assert response.status_code == (302 if in_the_room else 403)
    assert Comment.objects.filter(body="Mit indspark").exists() is in_the_room


@pytest.mark.parametrize("role", ROLES)
def test_who_resolves(login, people, assessment, discussed, role):
    _in_the_room, resolves = MATRIX[role]
    _question, comment = discussed
    url = reverse("comment_resolve", args=[assessment.pk, comment.pk])
    response = login(people[role]).post(url)
    assert response.status_code == (302 if resolves else 403)
    comment.refresh_from_db()
    assert comment.is_resolved is resolves
    if resolves:
        assert comment.resolved_by == people[role]


def test_an_outsider_gets_nothing(login, people, assessment, discussed):
    question, comment = discussed
    client = login(people["outsider"])
    for name, args in [
        ("assessment", [assessment.pk]),
        ("comparison", [assessment.pk]),
        ("question_history", [assessment.pk, question.pk]),
        ("comments", [assessment.pk, question.pk]),
    ]:
        status, page = get(client, name, *args)
        assert status == 404 and "Sofies begrundelse" not in page, name
    resolve = reverse("comment_resolve", args=[assessment.pk, comment.pk])
    assert client.post(resolve).status_code == 404
    assert not may(people["outsider"], assessment, COMMENT)
    comment.refresh_from_db()
    assert not comment.is_resolved


def test_archived_answers_keep_their_names_in_the_room_only(login, people, assessment, discussed):
    question, _comment = discussed
    assessment.answers.filter(question=question).update(
        archived_at="2026-11-01T10:00Z", archived_note="Spørgsmålet er fjernet."
    )
    _status, body = get(login(people["colleague_without_seat"]), "assessment", assessment.pk)
    assert "Udvalgets fælles tekst" in body and "Sofies begrundelse" not in body
    _status, body = get(login(people["chair"]), "assessment", assessment.pk)
    assert "Sofies begrundelse" in body
