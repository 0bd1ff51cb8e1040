"""Predicted vs experienced: per side, what it answered in
konsekvensvurdering beside what it answers in drift to the follow-up
questions, the largest shift first; and the other readers of answers
that follow the phases (a move to a new template version, the pack)."""

import copy

import pytest
from django.urls import reverse

from assessments.followup import predicted_and_experienced
from assessments.models import Answer
from assessments.services import Submission, save_answer
from assessments.versioning import move_assessment
from method.vocabulary import Phase, Side
from packs.content.meeting import build_pack_content
from questionnaires.template_format import build_version, read_standard_template
from tests.factories import make_meeting, make_user, move_to_phase, seat

DRIFTSSIKKERHED = "opgaveloesning.forhold.driftssikkerhed"
SUNDT = "opgaveloesning.det-gode-arbejde.sundt-og-sikkert"
TRANSPARENS = "opgaveloesning.forhold.transparens"
FAGLIGHED = "opgaveloesning.faglighed"  # free text


@pytest.fixture
def colleague(municipality, committee):
    user = make_user("amr", municipality)
    seat(user, committee, Side.EMPLOYEES)
    return user


def answer_in(assessment, lead, phase, answers):
    """Move the project to `phase` and save (user, side, key, value, text)."""
    move_to_phase(assessment.project, lead, phase)
    questions = {q.key: q for q in assessment.questions()}
    for user, side, key, value, text in answers:
        save_answer(assessment, questions[key], user, Submission(value=value, text=text), side=side)


@pytest.fixture
def predicted_then_experienced(assessment, lead, chair, member, colleague):
    emp, mgmt = Side.EMPLOYEES, Side.MANAGEMENT
    answer_in(
        assessment,
        lead,
        Phase.IMPACT,
        [
            (chair, mgmt, DRIFTSSIKKERHED, "2", ""),
            (member, emp, DRIFTSSIKKERHED, "1", ""),
            (colleague, emp, DRIFTSSIKKERHED, "2", ""),
            (chair, mgmt, SUNDT, "1", ""),
            (member, emp, SUNDT, "1", ""),
            (colleague, emp, SUNDT, "1", ""),
            (member, emp, TRANSPARENS, "0", ""),  # never answered again
            (member, emp, FAGLIGHED, None, "Teknologien støtter fagligheden."),
        ],
    )
    answer_in(
        assessment,
        lead,
        Phase.OPERATION,
        [
            (chair, mgmt, DRIFTSSIKKERHED, "1", "Oppetiden er fin."),
            (member, emp, DRIFTSSIKKERHED, "-2", "Falske alarmer hver nat."),
            (colleague, emp, DRIFTSSIKKERHED, "-1", ""),
            (chair, mgmt, SUNDT, "2", ""),
            (member, emp, SUNDT, "0", ""),
            (colleague, emp, SUNDT, "1", ""),
            (member, emp, FAGLIGHED, None, "Vi bruger mere tid på telefonen."),
        ],
    )


def keys(shifts):
    return [s.question.key for s in shifts]


def test_each_side_largest_shift_first(assessment, predicted_then_experienced):
    management, employees = predicted_and_experienced(assessment)
    assert (management.side, employees.side) == (Side.MANAGEMENT, Side.EMPLOYEES)

    # Employees: driftssikkerhed 1,5 → −1,5 (−3), sundt 1 → ½ (−½); then the
    # unmeasured: free text, and transparens answered in one phase only.
    assert keys(employees.answered) == [DRIFTSSIKKERHED, SUNDT, FAGLIGHED, TRANSPARENS]
    drift, sundt, text, once = employees.answered
    assert (drift.predicted.average, drift.experienced.average, drift.shift) == (1.5, -1.5, -3.0)
    assert drift.direction == "worse" and drift.is_notable
    assert sundt.shift == pytest.approx(-0.5) and not sundt.is_notable
    assert text.shift is None and [a.text for a in text.experienced.answers] == [
        "Vi bruger mere tid på telefonen."
    ]
    assert once.shift is None and once.experienced.answers == []

    # Management: sundt +1 (more positive), driftssikkerhed −1; same size,
    # template order breaks the tie.
    assert keys(management.answered) == [SUNDT, DRIFTSSIKKERHED]
    assert [s.shift for s in management.answered] == [1.0, -1.0]
    assert management.answered[0].direction == "better"
    # Every follow-up question is there; the unanswered ones come last.
    assert len(management.shifts) == assessment.questions().exclude(followup_text="").count()


def test_single_choice_is_measured_by_how_the_spread_changed(assessment, lead, chair, member):
    from questionnaires.models import Question

    question = assessment.questions().get(key="inddragelse.niveau")
    # A municipality could give any question a follow-up; here the
    # standard's single-choice question, for the test.
    Question.objects.filter(pk=question.pk).update(followup_text="Hvilket niveau blev det?")
    answer_in(
        assessment,
        lead,
        Phase.IMPACT,
        [(member, Side.EMPLOYEES, question.key, "medbestemmelse", "")],
    )
    answer_in(
        assessment,
        lead,
        Phase.OPERATION,
        [(member, Side.EMPLOYEES, question.key, "information", "")],
    )
    _management, employees = predicted_and_experienced(assessment)
    (shift,) = [s for s in employees.answered if s.question.key == question.key]
    assert shift.shift == 2.0 and not shift.is_signed and shift.direction == ""


def test_the_page_shows_both_sides_and_names_only_to_the_room(
    login, assessment, member, municipality, predicted_then_experienced
):
    url = reverse("predicted_vs_experienced", args=[assessment.pk])
    body = login(member).get(url).content.decode()
    employees = body[body.index('id="side-medarbejder"') :]
    assert "Forskydning</strong>: -3,0 (mere negativt end forventet)" in employees
    assert "Opfølgning i drift:" in employees and "Falske alarmer hver nat." in employees
    assert "Forventet i konsekvensvurderingen" in employees and "Oplevet i drift" in employees

    outsider_in_the_municipality = make_user("borger", municipality)
    body = login(outsider_in_the_municipality).get(url).content.decode()
    assert "Falske alarmer hver nat." not in body and "Medlem" not in body
    assert "gennemsnit -1,5" in body  # each side's summary, without names


def test_a_move_to_a_new_template_version_keeps_each_answers_phase(
    assessment, lead, member, predicted_then_experienced
):
    document = copy.deepcopy(read_standard_template())
    newer = build_version(document)
    newer.publish(lead)
    before = sorted(assessment.answers.values_list("pk", "phase"))
    move_assessment(assessment, newer, lead)
    assert sorted(Answer.objects.filter(assessment=assessment).values_list("pk", "phase")) == before
    moved = Answer.objects.filter(assessment=assessment, question__section__version=newer)
    assert moved.count() == len(before)
    drift = moved.get(respondent=member, question__key=DRIFTSSIKKERHED, phase=Phase.OPERATION)
    assert drift.value == -2


def test_the_pack_holds_the_current_phases_answers(
    assessment, committee, chair, lead, member, predicted_then_experienced
):
    meeting, _items = make_meeting(committee, chair, assessment.project, lead, ["Drift"])
    project = build_pack_content(meeting)["items"][0]["project"]
    assert project["phase"] == Phase.OPERATION
    good_work = next(
        block
        for core in project["core_questions"]
        for block in core["blocks"]
        if block["type"] == "good_work"
    )
    sundt = next(row for row in good_work["rows"] if row["mark"] == "Sundt & sikkert")
    # Drift's answers only: the chair's 2 (not the average with the 1 of
    # konsekvensvurdering), the employees' 0 and 1.
    assert (sundt["management"]["count"], sundt["management"]["average"]) == (1, 2.0)
    assert (sundt["employees"]["count"], sundt["employees"]["average"]) == (2, 0.5)
    dialogue = {row["question"]["key"]: row for row in project["dialogue"]}
    texts = [a["text"] for a in dialogue[DRIFTSSIKKERHED]["employees"]["answers"]]
    assert "Falske alarmer hver nat." in texts
