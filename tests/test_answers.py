"""Answering: each member for themselves, the committee jointly, with full
history, stale saves refused, and bad input answered in Danish."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, AnswerRevision
from assessments.services import StaleAnswer, Submission, save_answer
from method.vocabulary import Phase, Side
from questionnaires.models import AnswerKind
from tests.factories import end_editing_run, part_url

IDEA = Phase.IDEA  # a new project's phase: the one its forms answer


def first_question(assessment, kind=AnswerKind.TEXT, required=None):
    questions = assessment.questions().filter(kind=kind)
    if required is not None:
        questions = questions.filter(required=required)
    return questions.first()


def answer_url(assessment, question, joint=False):
    name = "joint_answer_save" if joint else "answer_save"
    return reverse(name, args=[assessment.pk, question.pk])


GROUP_SELECT = re.compile(
    r'<label class="group-effect" for="([^"]+)">([^<]+)</label>\s*'
    r'<select name="value" id="([^"]+)">(.*?)</select>',
    re.S,
)


def test_a_group_effect_form_shows_each_groups_direction_and_posts_it_back(
    login, assessment, member
):
    q = first_question(assessment, AnswerKind.GROUP_EFFECT)
    saved = save_answer(
        assessment,
        q,
        member,
        Submission(value=["borgere:2", "medarbejdere:-1"]),
        side=Side.EMPLOYEES,
    )
    client = login(member)
    html = client.get(part_url(assessment, q)).content.decode()
    form = html[html.index(f'id="answer-o{q.pk}"') :]
    form = form[: form.index("</form>")]
    selects = GROUP_SELECT.findall(form)
    # Each group's label names its own select, in the groups' order.
    assert [(label_for, label) for label_for, label, _id, _body in selects] == [
        (f"value-o{q.pk}-borgere", "Borgere"),
        (f"value-o{q.pk}-medarbejdere", "Medarbejdere"),
        (f"value-o{q.pk}-paaroerende", "Pårørende"),
        (f"value-o{q.pk}-andre", "Andre"),
    ]
    assert all(label_for == select_id for label_for, _label, select_id, _body in selects)
    chosen = [re.findall(r'<option value="([^"]*)" selected>', body) for *_, body in selects]
    assert chosen == [["borgere:2"], ["medarbejdere:-1"], [], []]
    first = selects[0][3]
    assert '<option value="">Berøres ikke / ved ikke</option>' in first
    assert '<option value="borgere:-2">Klart negativ (-2)</option>' in first
    assert '<option value="borgere:2" selected>Klart positiv (+2)</option>' in first

    # What the form holds, sent back as it is, is the answer already saved.
    values = ["borgere:2", "medarbejdere:-1", "", ""]
    client.post(
        answer_url(assessment, q),
        {"value": values, "text": "", "version": saved.version, "phase": IDEA},
    )
    assert Answer.objects.get(pk=saved.pk).version == saved.version


# --- the service ----------------------------------------------------------


def test_every_editing_run_is_kept_in_history(assessment, member):
    # Saves minutes apart; saves within one run: tests/test_revision_runs.py.
    q = first_question(assessment)
    first = save_answer(
        assessment, q, member, Submission(text="Første udkast"), side=Side.EMPLOYEES
    )
    end_editing_run(first)
    save_answer(
        assessment,
        q,
        member,
        Submission(text="Andet udkast", base_version=first.version),
        side="medarbejder",
    )
    revisions = list(AnswerRevision.objects.filter(answer__question=q).order_by("version"))
    assert [r.text for r in revisions] == ["Første udkast", "Andet udkast"]
    assert {r.author for r in revisions} == {member}
    assert Answer.objects.get(question=q).side == Side.EMPLOYEES


def test_stale_save_is_refused_and_both_texts_kept(assessment, member, lead):
    q = first_question(assessment)
    save_answer(assessment, q, lead, Submission(text="Lederens formulering"), joint=True)
    with pytest.raises(StaleAnswer) as refused:
        save_answer(
            assessment, q, member, Submission(text="Min formulering", base_version=0), joint=True
        )
    assert refused.value.current.text == "Lederens formulering"
    assert refused.value.submitted_text == "Min formulering"
    assert Answer.objects.joint().get(question=q).text == "Lederens formulering"


def test_identical_double_submit_changes_nothing(assessment, member):
    q = first_question(assessment)
    once = save_answer(assessment, q, member, Submission(text="Samme", base_version=0))
    twice = save_answer(assessment, q, member, Submission(text="Samme", base_version=0))
    assert once.pk == twice.pk and twice.version == 1
    assert AnswerRevision.objects.filter(answer=once).count() == 1


def test_members_answers_are_their_own(assessment, member, chair):
    q = first_question(assessment)
    save_answer(assessment, q, member, Submission(text="Medarbejdernes syn"), side=Side.EMPLOYEES)
    save_answer(assessment, q, chair, Submission(text="Ledelsens syn"), side=Side.MANAGEMENT)
    sides = dict(Answer.objects.individual().values_list("respondent__username", "side"))
    assert sides == {"medlem": Side.EMPLOYEES, "formand": Side.MANAGEMENT}


# --- the endpoint, through htmx and as a plain form post -----------------


def test_autosave_through_htmx_returns_the_saved_state(login, member, assessment):
    q = first_question(assessment)
    response = login(member).post(
        answer_url(assessment, q),
        {"text": "Vi skal kende behovet først.", "version": 0, "phase": IDEA},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Gemt kl." in body
    assert f'id="version-o{q.pk}" value="1" hx-swap-oob="true"' in body
    assert "<html" not in body  # only the fragment
    assert Answer.objects.get(question=q, respondent=member).text == "Vi skal kende behovet først."


def test_plain_post_saves_and_redirects_back_to_the_question(login, member, assessment):
    q = first_question(assessment, kind=AnswerKind.SCALE)
    response = login(member).post(
        answer_url(assessment, q),
        {"value": "-2", "text": "Mere stress", "version": 0, "phase": IDEA},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#q-{q.pk}")
    answer = Answer.objects.get(question=q, respondent=member)
    assert (answer.value, answer.text, answer.side) == (-2, "Mere stress", Side.EMPLOYEES)
    page = login(member).get(part_url(assessment, q))
    assert "Mere stress" in page.content.decode()


def test_stale_save_through_the_endpoint_shows_both_texts(login, member, lead, assessment):
    q = first_question(assessment)
    save_answer(assessment, q, lead, Submission(text="Projektlederens tekst"), joint=True)
    client = login(lead)
    response = client.post(
        answer_url(assessment, q, joint=True),
        {"text": "En anden tekst", "version": 0, "phase": IDEA},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Projektlederens tekst" in body and "En anden tekst" in body
    assert "ændret af en anden" in body
    plain = client.post(
        answer_url(assessment, q, joint=True),
        {"text": "En anden tekst", "version": 0, "phase": IDEA},
    )
    assert plain.status_code == 409
    assert "En anden tekst</textarea>" in plain.content.decode()  # nothing typed is lost
    assert Answer.objects.joint().get(question=q).text == "Projektlederens tekst"


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (AnswerKind.TEXT, {"text": "x" * 20_001}, "Teksten er for lang"),
        (AnswerKind.SCALE, {"value": "7"}, "skalaen fra −2 til +2"),
        (AnswerKind.SCALE, {"value": "meget"}, "skalaen fra −2 til +2"),
        (AnswerKind.PRINCIPLE, {"value": "måske"}, "findes ikke"),
        (AnswerKind.PRINCIPLE, {"value": "slet_ikke"}, "hvorfor projektet slet ikke"),
        (AnswerKind.GROUP_EFFECT, {"value": "naboer:1"}, "for hver gruppe"),
        (AnswerKind.GROUP_EFFECT, {"value": "borgere:9"}, "for hver gruppe"),
        (AnswerKind.TEXT, {"text": "ok", "version": "abc"}, "Formularen er ugyldig"),
    ],
)
def test_bad_input_gets_a_danish_4xx_and_keeps_the_stored_answer(
    login, member, assessment, kind, data, message
):
    q = first_question(assessment, kind=kind)
    stored = save_answer(
        assessment,
        q,
        member,
        Submission(value="1" if kind == AnswerKind.SCALE else None, text="Gemt tidligere"),
        side=Side.EMPLOYEES,
    )
    for headers in ({"HX-Request": "true"}, {}):
        response = login(member).post(
            answer_url(assessment, q),
            {"version": stored.version, "phase": IDEA, **data},
            headers=headers,
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    stored.refresh_from_db()
    assert stored.text == "Gemt tidligere" and stored.version == 1


def test_unknown_question_or_assessment_is_404(login, member, assessment):
    q = first_question(assessment)
    client = login(member)
    assert (
        client.post(
            reverse("answer_save", args=[assessment.pk, 999_999]), {"text": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("answer_save", args=[999_999, q.pk]), {"text": "x"}).status_code == 404
    )


def test_missing_csrf_token_is_refused_in_danish(member, assessment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    q = first_question(assessment)
    response = client.post(answer_url(assessment, q), {"text": "uden token"})
    assert response.status_code == 403
    assert "Formularen er udløbet" in response.content.decode()
    assert not Answer.objects.exists()


def test_get_on_a_save_url_is_405(login, member, assessment):
    assert login(member).get(answer_url(assessment, first_question(assessment))).status_code == 405


def test_only_the_project_lead_or_secretary_writes_joint_answers(login, member, lead, assessment):
    q = first_question(assessment)
    assert (
        login(member)
        .post(answer_url(assessment, q, joint=True), {"text": "x", "version": 0})
        .status_code
        == 403
    )
    response = login(lead).post(
        answer_url(assessment, q, joint=True),
        {"text": "Fælles", "status": "delvist_enige", "version": 0, "phase": IDEA},
    )
    assert response.status_code == 302
    joint = Answer.objects.joint().get(question=q)
    assert (joint.text, joint.status) == ("Fælles", "delvist_enige")


def test_a_save_without_the_version_it_was_based_on_is_refused(login, member, lead, assessment):
    q = first_question(assessment)
    save_answer(assessment, q, lead, Submission(text="Lederens tekst"), joint=True)
    response = login(lead).post(
        answer_url(assessment, q, joint=True),
        {"text": "Overskriver blindt", "phase": IDEA},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "Formularen er ugyldig" in response.content.decode()
    assert Answer.objects.joint().get(question=q).text == "Lederens tekst"


def test_joint_status_is_only_for_joint_answers(login, member, assessment):
    q = first_question(assessment)
    response = login(member).post(answer_url(assessment, q), {"text": "x", "status": "enige"})
    assert response.status_code == 400


def test_people_without_a_seat_cannot_answer_for_themselves(login, lead, assessment):
    q = first_question(assessment)
    assert login(lead).post(answer_url(assessment, q), {"text": "x"}).status_code == 403


def test_history_page_lists_every_editing_run(login, member, chair, assessment):
    q = first_question(assessment)
    a = save_answer(assessment, q, member, Submission(text="Version et"), side=Side.EMPLOYEES)
    end_editing_run(a)
    save_answer(
        assessment,
        q,
        member,
        Submission(text="Version to", base_version=a.version),
        side=Side.EMPLOYEES,
    )
    body = (
        login(chair).get(reverse("question_history", args=[assessment.pk, q.pk])).content.decode()
    )
    assert "Version et" in body and "Version to" in body


def test_an_autosave_reads_the_assessment_once_locked_and_keeps_its_queries_as_edits_pile_up(
    login, member, assessment
):
    """The permission check's read is the save's lock (no second read of
    the assessment), and the tenth save costs what the second did."""
    q = first_question(assessment)
    client = login(member)

    def autosave(number: int, version: int):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                answer_url(assessment, q),
                {"text": f"Udkast {number}: æøå", "version": version, "phase": IDEA},
                headers={"HX-Request": "true"},
            )
        assert response.status_code == 200
        return [query["sql"] for query in queries]

    autosave(1, 0)
    second = autosave(2, 1)
    for number in range(3, 10):
        autosave(number, number - 1)
    tenth = autosave(10, 9)
    assert len(tenth) == len(second)
    reads = [sql for sql in tenth if 'FROM "assessments_assessment"' in sql]
    assert len(reads) == 1
    assert "FOR UPDATE" in reads[0]
    assert Answer.objects.get(question=q, respondent=member).text == "Udkast 10: æøå"


def test_a_published_versions_questions_are_read_once_a_drafts_every_time(assessment):
    """The assessment pages take a published version's questions from
    memory (it no longer changes); a draft's are read each time."""
    version = assessment.template_version
    assert not version.is_editable
    assessment.question_list()
    with CaptureQueriesContext(connection) as queries:
        again = assessment.question_list()
    assert len(queries) == 0
    assert [q.pk for q in again] == list(assessment.questions().values_list("pk", flat=True))
    draft = version.template.versions.create(number=version.number + 1)
    draft.sections.create(key="a", title="Afsnit", core_question="kerneopgave", order=1)
    assessment.template_version = draft
    assessment.question_list()
    with CaptureQueriesContext(connection) as queries:
        assert assessment.question_list() == []
    assert len(queries) == 1
