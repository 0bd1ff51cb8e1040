"""Answers per phase: an answer belongs to the phase it was given in. A
question asked again starts empty, with the earlier answer beside it and
"Samme som før"; earlier phases stay as they were, read-only; only the
current phase is answered; every reader of answers reads one phase."""

import pytest
from django.urls import reverse

from assessments.access import ANSWER, WRITE_JOINT, standing_of
from assessments.changes import answer_changes
from assessments.comparison import compare_sides
from assessments.models import Answer, AnswerRevision
from assessments.parts import comparison_url
from assessments.progress import phase_progress_for_projects
from assessments.services import (
    StaleAnswer,
    Submission,
    repeat_previous_answer,
    save_answer,
)
from method.vocabulary import Phase, Side
from tests.factories import move_to_phase

# Asked in idéudvikling and again in konsekvensvurdering, required in both.
VALUE = "kerneopgave.vaerdi"
# An effect-scale question of konsekvensvurdering, udvikling and drift.
SCALE = "opgaveloesning.det-gode-arbejde.realistisk"


def question(assessment, key):
    return assessment.questions().get(key=key)


def page(client, assessment, phase=None, part="kerneopgave"):
    """The tab of `phase` (default: the project's), showing `part` (VALUE's)."""
    url = reverse("assessment", args=[assessment.pk]) + f"?del={part}"
    response = client.get(url + (f"&fase={phase}" if phase else ""))
    assert response.status_code == 200
    return response.content.decode()


def repeat_url(assessment, q, joint=False):
    name = "joint_answer_repeat" if joint else "answer_repeat"
    return reverse(name, args=[assessment.pk, q.pk])


@pytest.fixture
def answered_in_idea(assessment, member, lead):
    """The member's and the committee's idéudvikling answers to VALUE, and
    the project moved on to konsekvensvurdering."""
    q = question(assessment, VALUE)
    save_answer(
        assessment, q, member, Submission(text="Borgerne sover bedre."), side=Side.EMPLOYEES
    )
    save_answer(assessment, q, lead, Submission(text="Tryg nattesøvn.", status="enige"), joint=True)
    move_to_phase(assessment.project, lead, Phase.IMPACT)
    return q


# -- the model and the service ----------------------------------------------------


def test_an_answer_is_saved_in_the_projects_phase_and_later_phases_start_empty(
    assessment, member, answered_in_idea
):
    q = answered_in_idea
    again = save_answer(
        assessment, q, member, Submission(text="Og personalet får ro."), side=Side.EMPLOYEES
    )
    idea = Answer.objects.get(question=q, respondent=member, phase=Phase.IDEA)
    assert again.phase == Phase.IMPACT and again.pk != idea.pk and again.version == 1
    assert idea.text == "Borgerne sover bedre." and idea.version == 1  # untouched
    assert list(again.revisions.values_list("phase", flat=True)) == [Phase.IMPACT]


def test_a_form_from_an_earlier_phase_cannot_save_into_the_current_one(
    login, assessment, member, answered_in_idea
):
    q = answered_in_idea
    url = reverse("answer_save", args=[assessment.pk, q.pk])
    for headers in ({"HX-Request": "true"}, {}):
        response = login(member).post(
            url,
            {"text": "Skrevet før faseskiftet", "version": 1, "phase": Phase.IDEA},
            headers=headers,
        )
        assert response.status_code == 400
        assert "Projektet er gået videre til konsekvensvurdering" in response.content.decode()
    # Without JavaScript the page comes back with the text (with htmx it
    # stays in the field): nothing typed is lost.
    assert "Skrevet før faseskiftet</textarea>" in response.content.decode()
    assert not Answer.objects.filter(question=q, phase=Phase.IMPACT).exists()
    assert Answer.objects.get(question=q, respondent=member).text == "Borgerne sover bedre."


def test_only_the_current_phase_is_answered(assessment, member, lead, answered_in_idea):
    standing = standing_of(member, assessment)
    assert standing.may(ANSWER) and standing.may(ANSWER, phase=Phase.IMPACT)
    assert not standing.may(ANSWER, phase=Phase.IDEA)
    assert not standing.may(ANSWER, phase=Phase.OPERATION)
    lead_standing = standing_of(lead, assessment)
    assert lead_standing.may(WRITE_JOINT, phase=Phase.IMPACT)
    assert not lead_standing.may(WRITE_JOINT, phase=Phase.IDEA)


def test_same_as_before_saves_the_earlier_answer_as_this_phases(
    assessment, member, lead, answered_in_idea
):
    q = answered_in_idea
    own = repeat_previous_answer(assessment, q, member, side=Side.EMPLOYEES, base_version=0)
    joint = repeat_previous_answer(assessment, q, lead, joint=True, base_version=0)
    assert (own.phase, own.text, own.side) == (Phase.IMPACT, "Borgerne sover bedre.", "medarbejder")
    assert (joint.phase, joint.text, joint.status) == (Phase.IMPACT, "Tryg nattesøvn.", "enige")
    # A real save, with its own revision; the earlier phase's is untouched.
    revision = AnswerRevision.objects.get(answer=own)
    assert (revision.phase, revision.author, revision.text) == (
        Phase.IMPACT,
        member,
        "Borgerne sover bedre.",
    )
    assert AnswerRevision.objects.filter(answer__question=q).count() == 4


def test_same_as_before_carries_a_value_over(assessment, member, lead):
    q = question(assessment, SCALE)
    move_to_phase(assessment.project, lead, Phase.IMPACT)
    save_answer(assessment, q, member, Submission(value="-1", text="Hårdt"), side=Side.EMPLOYEES)
    move_to_phase(assessment.project, lead, Phase.DEVELOPMENT)
    repeated = repeat_previous_answer(assessment, q, member, side=Side.EMPLOYEES, base_version=0)
    assert (repeated.phase, repeated.value, repeated.text) == (Phase.DEVELOPMENT, -1, "Hårdt")


def test_same_as_before_is_refused_without_an_earlier_answer_or_after_a_newer_save(
    assessment, member, chair, answered_in_idea
):
    from django.core.exceptions import ValidationError

    q = answered_in_idea
    with pytest.raises(ValidationError, match="ikke et svar fra en tidligere fase"):
        repeat_previous_answer(assessment, q, chair, side=Side.MANAGEMENT, base_version=0)
    save_answer(assessment, q, member, Submission(text="Nyt svar"), side=Side.EMPLOYEES)
    with pytest.raises(StaleAnswer):
        repeat_previous_answer(assessment, q, member, side=Side.EMPLOYEES, base_version=0)
    assert Answer.objects.get(question=q, respondent=member, phase=Phase.IMPACT).text == "Nyt svar"


# -- the page ---------------------------------------------------------------


def test_the_current_phase_starts_empty_with_the_earlier_answer_beside_it(
    login, assessment, member, answered_in_idea
):
    q = answered_in_idea
    body = page(login(member), assessment)
    article = body[body.index(f'id="q-{q.pk}"') :]
    article = article[: article.index("</article>")]
    assert f'id="text-o{q.pk}" name="text" rows="4" maxlength="20000"></textarea>' in article
    assert "I idéudviklingen svarede du:" in article and "Borgerne sover bedre." in article
    assert "Samme som før" in article and repeat_url(assessment, q) in article
    # The committee's idéudvikling answer, for a member who does not write it.
    assert "I idéudviklingen svarede udvalget:" in article and "Tryg nattesøvn." in article
    assert "ikke skrevet et fælles svar i denne fase" in article


def test_the_lead_sees_the_committees_earlier_answer_beside_the_joint_form(
    login, assessment, lead, answered_in_idea
):
    q = answered_in_idea
    body = page(login(lead), assessment)
    assert "I idéudviklingen svarede I:" in body
    assert repeat_url(assessment, q, joint=True) in body


def test_an_earlier_phase_shows_its_answers_read_only(
    login, assessment, member, lead, answered_in_idea
):
    q = answered_in_idea
    for user in (member, lead):
        body = page(login(user), assessment, Phase.IDEA)
        assert "kan ikke ændres" in body
        assert "Borgerne sover bedre." in body or user == lead
        assert "Tryg nattesøvn." in body
        assert reverse("answer_save", args=[assessment.pk, q.pk]) not in body
        assert reverse("joint_answer_save", args=[assessment.pk, q.pk]) not in body
        assert "Samme som før" not in body
    assert "ikke nået til implementering og drift endnu" in page(
        login(member), assessment, Phase.OPERATION
    )


def test_same_as_before_without_javascript(login, assessment, member, answered_in_idea):
    q = answered_in_idea
    client = login(member)
    response = client.post(repeat_url(assessment, q), {"version": 0, "phase": Phase.IMPACT})
    assert response.status_code == 302 and response["Location"].endswith(f"#q-{q.pk}")
    body = client.get(response["Location"]).content.decode()
    assert "Det tidligere svar er gemt som svar i denne fase." in body
    filled = f'id="text-o{q.pk}" name="text" rows="4" maxlength="20000">Borgerne sover bedre.<'
    assert filled in body
    assert Answer.objects.get(question=q, respondent=member, phase=Phase.IMPACT).version == 1


def test_same_as_before_through_htmx_returns_the_filled_in_block(
    login, assessment, member, answered_in_idea
):
    q = answered_in_idea
    response = login(member).post(
        repeat_url(assessment, q),
        {"version": 0, "phase": Phase.IMPACT},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith(f'<div class="answer-block" id="answer-o{q.pk}">')
    assert "<html" not in body
    assert 'role="status" tabindex="-1" autofocus' in body  # focus lands on the news
    assert ">Borgerne sover bedre.</textarea>" in body
    assert f'id="version-o{q.pk}" value="1"' in body
    assert "Samme som før" not in body  # answered now: nothing left to repeat


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"phase": Phase.IMPACT}, 400, "Formularen er ugyldig"),
        ({"version": "x", "phase": Phase.IMPACT}, 400, "Formularen er ugyldig"),
        ({"version": 0, "phase": "fase-x"}, 400, "Formularen er ugyldig"),
        ({"version": 0, "phase": Phase.IDEA}, 400, "Projektet er gået videre"),
        ({"version": 7, "phase": Phase.IMPACT}, 409, "ændret af en anden"),
    ],
)
def test_a_refused_same_as_before_says_why_in_danish(
    login, assessment, member, answered_in_idea, data, status, message
):
    q = answered_in_idea
    save_answer(assessment, q, member, Submission(text="Allerede svaret"), side=Side.EMPLOYEES)
    client = login(member)
    response = client.post(repeat_url(assessment, q), data, headers={"HX-Request": "true"})
    assert response.status_code == status and message in response.content.decode()
    plain = client.post(repeat_url(assessment, q), data, follow=True)
    assert message in plain.content.decode()
    assert Answer.objects.get(question=q, respondent=member, phase=Phase.IMPACT).text == (
        "Allerede svaret"
    )


def test_same_as_before_needs_a_seat_or_the_lead(
    login, assessment, outsider, lead, answered_in_idea
):
    q = answered_in_idea
    data = {"version": 0, "phase": Phase.IMPACT}
    assert login(lead).post(repeat_url(assessment, q), data).status_code == 403  # no seat
    assert login(outsider).post(repeat_url(assessment, q, joint=True), data).status_code == 404


# -- every reader reads one phase ------------------------------------------------


def test_required_answers_count_per_phase(assessment, lead, answered_in_idea):
    project = assessment.project
    q = answered_in_idea
    assert q in project.unanswered_required_questions()  # the idéudvikling answer is not this one
    save_answer(assessment, q, lead, Submission(text="Stadig tryg nattesøvn."), joint=True)
    assert q not in project.unanswered_required_questions()
    progress = phase_progress_for_projects([project])[project.id]
    assert progress.answered == 1


def test_comparison_and_changes_read_the_phase_asked_for(
    login, assessment, member, chair, answered_in_idea
):
    q = answered_in_idea
    save_answer(assessment, q, chair, Submission(text="Ledelsen i konsekvens"), side="ledelse")
    idea = {r.question.id: r for r in compare_sides(assessment, [q], Phase.IDEA)}[q.id]
    now = {r.question.id: r for r in compare_sides(assessment, [q])}[q.id]
    assert [a.text for a in idea.employees.answers] == ["Borgerne sover bedre."]
    assert idea.management.answers == [] and idea.joint.text == "Tryg nattesøvn."
    assert [a.text for a in now.management.answers] == ["Ledelsen i konsekvens"]
    assert now.employees.answers == [] and now.joint is None

    client = login(member)
    in_idea = client.get(comparison_url(assessment, q, Phase.IDEA)).content.decode()
    assert "Borgerne sover bedre." in in_idea
    current = client.get(comparison_url(assessment, q, assessment.project.phase)).content.decode()
    assert "Ledelsen i konsekvens" in current and "Borgerne sover bedre." not in current

    from datetime import timedelta

    from django.utils import timezone

    changes = answer_changes(assessment, [q], timezone.now() - timedelta(days=1), timezone.now())
    assert [n.sides for n in changes.newly_answered] == [(Side.MANAGEMENT,)]
    earlier = answer_changes(
        assessment, [q], timezone.now() - timedelta(days=1), timezone.now(), Phase.IDEA
    )
    assert [c.after.text for c in earlier.joint] == ["Tryg nattesøvn."]


def test_the_history_shows_every_phase(login, assessment, member, chair, answered_in_idea):
    q = answered_in_idea
    repeat_previous_answer(assessment, q, member, side=Side.EMPLOYEES, base_version=0)
    body = (
        login(chair).get(reverse("question_history", args=[assessment.pk, q.pk])).content.decode()
    )
    assert body.count("Borgerne sover bedre.") == 2
    assert "· Idéudvikling</h2>" in body and "· Konsekvensvurdering</h2>" in body
    # Per person, in the phases' order.
    assert body.index("· Idéudvikling</h2>") < body.index("· Konsekvensvurdering</h2>")
