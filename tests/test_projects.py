"""Project leads create and edit projects in the product."""

from django.urls import reverse

from projects.models import Project
from questionnaires.models import TemplateVersion
from questionnaires.template_format import build_version, read_standard_template


def project_data(committee, lead, **overrides):
    data = {
        "title": "Faldsensorer i plejeboliger",
        "need": "Fald om natten opdages for sent.",
        "description": "Sensorer i gulvet melder fald til nattevagten.",
        "field_of_work": "social_sundhed",
        "technology_kind": "sensorer",
        "lead": lead.pk,
        "committees": [committee.pk],
        "complexity_maturity": "middel",
        "complexity_scale": "hoej",
        "complexity_cross_boundary": "lav",
        "complexity_involvement": "middel",
        "complexity_duration": "hoej",
        "organisational_context": "Vant til velfærdsteknologi; ny vagtplan på vej.",
        "local_influence": "spillerum",
    }
    return {**data, **overrides}


def test_project_lead_creates_a_project_with_its_assessment(login, lead, committee, municipality):
    response = login(lead).post(reverse("project_create"), project_data(committee, lead))
    assert response.status_code == 302
    project = Project.objects.get(title="Faldsensorer i plejeboliger")
    assert project.municipality == municipality
    assert project.step == "behov"
    assert project.complexity_scale == "hoej"
    standard = TemplateVersion.objects.current_for(municipality)
    assert project.assessment.template_version == standard
    page = login(lead).get(response["Location"]).content.decode()
    assert "Fald om natten opdages for sent." in page
    assert "Projekt med spillerum" in page


def test_new_project_starts_on_the_municipalitys_own_published_template(
    login, lead, committee, municipality
):

    document = {**read_standard_template(), "key": "fjordby", "name": "Fjordbys skabelon"}
    own = build_version(document, municipality_id=municipality.pk)
    own.publish(lead)
    login(lead).post(reverse("project_create"), project_data(committee, lead))
    assert Project.objects.get().assessment.template_version == own


def test_invalid_project_is_not_saved_and_says_why_in_danish(login, lead, committee):
    data = project_data(committee, lead, title="", technology_kind="andet")
    response = login(lead).post(reverse("project_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Formularen er ikke gemt" in body
    assert "Skriv hvilken teknologi" in body
    assert "Fald om natten opdages for sent." in body  # what was typed is kept
    assert not Project.objects.exists()


def test_members_cannot_create_projects(login, member):
    assert login(member).get(reverse("project_create")).status_code == 403


def test_lead_edits_the_profile(login, lead, project, committee):
    data = project_data(committee, lead, title="Skærmbesøg 2.0", local_influence="standardsystem")
    response = login(lead).post(reverse("project_edit", args=[project.pk]), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.local_influence) == ("Skærmbesøg 2.0", "standardsystem")


def test_other_users_cannot_edit(login, member, project):
    assert login(member).get(reverse("project_edit", args=[project.pk])).status_code == 403


def test_project_page_shows_timeline_and_committee(login, member, project):
    body = login(member).get(reverse("project_detail", args=[project.pk])).content.decode()
    assert 'aria-current="step"' in body and "Behov/problem" in body
    assert "Lokal-MED Hjemmeplejen" in body and "Medarbejdersiden".lower() in body.lower()


def test_dashboard_lists_my_committees_and_projects_with_phase(login, member, project):
    body = login(member).get("/").content.decode()
    assert "Lokal-MED Hjemmeplejen" in body
    assert project.title in body and "Idéudvikling" in body
    assert "0 af" in body  # progress of required joint answers


def test_anonymous_users_are_sent_to_login(client, project):
    response = client.get(reverse("project_detail", args=[project.pk]))
    assert response.status_code == 302 and "/log-ind/" in response["Location"]


def test_double_submitted_project_form_creates_one_project(login, lead, committee):
    client = login(lead)
    first = client.post(reverse("project_create"), project_data(committee, lead))
    second = client.post(reverse("project_create"), project_data(committee, lead))
    assert first.status_code == 302
    assert second.status_code == 400
    assert "Der findes allerede et projekt med denne titel" in second.content.decode()
    assert Project.objects.count() == 1
