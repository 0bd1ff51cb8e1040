"""Moving a project through the phases, with the history the committee keeps."""

import pytest
from django.urls import reverse

from assessments.services import Submission, save_answer
from method.vocabulary import Phase, StepKey
from projects.models import MissingAnswersNeedReason, PhaseTransition


def to_last_idea_step(project, lead):
    for _ in range(3):  # behov → idé → udforskning → prototype: no phase change
        project.move_to_next_step(lead, note="Videre")
    assert project.step == StepKey.PROTOTYPE


def test_moving_within_a_phase_needs_no_reason(project, lead):
    transition = project.move_to_next_step(lead, note="Behovet er beskrevet")
    assert (transition.from_step, transition.to_step) == (StepKey.NEED, StepKey.IDEA)
    assert transition.note == "Behovet er beskrevet" and transition.moved_by == lead
    assert project.phase == Phase.IDEA


def test_leaving_a_phase_with_unanswered_required_questions_needs_a_reason(project, lead):
    to_last_idea_step(project, lead)
    missing = len(project.unanswered_required_questions())
    assert missing > 0
    with pytest.raises(MissingAnswersNeedReason):
        project.move_to_next_step(lead, note="Videre")
    project.refresh_from_db()
    assert project.step == StepKey.PROTOTYPE
    transition = project.move_to_next_step(
        lead, reason="Udvalget vender tilbage i næste møde", override="Udvalget holder ikke møde"
    )
    assert project.phase == Phase.IMPACT
    assert transition.reason == "Udvalget vender tilbage i næste møde"
    assert transition.unanswered_count == missing


def test_leaving_a_phase_with_all_required_answered_needs_no_reason(project, lead, assessment):
    to_last_idea_step(project, lead)
    for question in assessment.required_questions(Phase.IDEA):
        save_answer(assessment, question, lead, Submission(text="Drøftet"), joint=True)
    transition = project.move_to_next_step(lead, override="Udvalget holder ikke møde")
    assert transition.reason == "" and transition.unanswered_count == 0


def test_move_on_page_prompts_for_the_reason_and_records_it(login, project, lead):
    to_last_idea_step(project, lead)
    client = login(lead)
    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "påkrævede spørgsmål i fasen har ikke et fælles svar" in page
    url = reverse("project_move_on", args=[project.pk])
    refused = client.post(
        url, {"from_step": StepKey.PROTOTYPE, "note": "Godt arbejde", "involvement": "information"}
    )
    assert refused.status_code == 400
    assert "Skriv en begrundelse" in refused.content.decode()
    accepted = client.post(
        url,
        {
            "from_step": StepKey.PROTOTYPE,
            "reason": "Tidspres fra KOMBIT",
            "override": "Udvalget mødes først om to måneder",
            "involvement": "medindflydelse",
        },
    )
    assert accepted.status_code == 302
    history = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "Tidspres fra KOMBIT" in history


def test_double_click_moves_the_project_once(login, project, lead):
    client = login(lead)
    url = reverse("project_move_on", args=[project.pk])
    client.post(url, {"from_step": StepKey.NEED})
    client.post(url, {"from_step": StepKey.NEED})
    project.refresh_from_db()
    assert project.step == StepKey.IDEA
    assert PhaseTransition.objects.filter(project=project).count() == 1


def test_only_the_project_lead_moves_the_project(login, project, member):
    response = login(member).post(
        reverse("project_move_on", args=[project.pk]), {"from_step": StepKey.NEED}
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.step == StepKey.NEED


def test_last_step_cannot_move_on(project, lead):
    project.step = StepKey.OPERATION
    project.save()
    with pytest.raises(Exception, match="sidste trin"):
        project.move_to_next_step(lead)
