"""No user ever sees another municipality's data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.services import Submission, add_comment, save_answer
from meetings.models import Action, Meeting
from organisations.models import Committee
from packs.services import request_pack
from projects.models import Project
from questionnaires.editing import derive_template
from tests.factories import attach, make_project, make_user
from tests.urlmap import product_urls


def object_url_names():
    """Every URL of the product's apps that names an object."""
    return [(app, name, params) for app, name, params in product_urls() if params]


def test_the_list_of_object_urls_is_complete():
    # If this fails, a new URL exists: the isolation test below now covers it.
    assert len(object_url_names()) >= 33


@pytest.fixture
def first_municipality_objects(
    committed, assessment, project, committee, member, lead, municipality
):
    question = assessment.questions().first()
    save_answer(assessment, question, member, Submission(text="Fortroligt svar"))
    comment = add_comment(assessment, question, member, "Fortrolig kommentar")
    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.now(), place="Fortroligt sted", created_by=lead
    )
    item = meeting.add_item(title="Fortroligt punkt", kind="beslutning", project=project)
    action = Action.objects.create(item=item, what="Fortrolig opfølgning", owner=lead)
    with committed():
        pack = request_pack(meeting, None, lead)
    attachment = attach(item, lead)
    hr = make_user("hr", municipality, is_template_admin=True)
    draft = derive_template(assessment.template_version, municipality, hr, "Fortrolig skabelon")
    own_question = draft.questions().first()
    return {
        "question_id": question.pk,
        "comment_id": comment.pk,
        "item_id": item.pk,
        "action_id": action.pk,
        "meeting_id": meeting.pk,
        "project_id": project.pk,
        "pk": {
            "attachments": attachment.pk,
            "projects": project.pk,
            "assessments": assessment.pk,
            "meetings": meeting.pk,
            "packs": pack.pk,
        },
        # The municipality's own template: its draft, a section and a question of it.
        "questionnaires": {
            "pk": draft.pk,
            "section_id": own_question.section_id,
            "question_id": own_question.pk,
        },
    }


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_on_every_object_url(
    client, outsider, project, first_municipality_objects, method
):
    client.force_login(outsider)
    seen = 0
    for app, name, params in object_url_names():
        ids = {**first_municipality_objects, "pk": first_municipality_objects["pk"].get(app)}
        ids.update(first_municipality_objects.get(app, {}))
        url = reverse(name, kwargs={key: ids[key] for key in params})
        response = getattr(client, method)(
            url, {"text": "indbrud", "body": "indbrud", "decision": "indbrud", "status": "udfoert"}
        )
        assert response.status_code in (404, 405), (name, response.status_code)
        if response.status_code == 404:
            seen += 1
            assert "Fortroligt" not in response.content.decode()
    assert seen >= 15


def test_outsider_sees_none_of_the_first_municipality_on_the_dashboard(
    client, outsider, project, other_municipality
):
    nabo_lead = make_user("nabo-leder", other_municipality, is_project_lead=True)
    make_project(other_municipality, nabo_lead, [], title="Nabokøbings egen app")
    client.force_login(outsider)
    body = client.get("/").content.decode()
    assert "Nabokøbings egen app" in body
    assert project.title not in body


def test_querysets_are_scoped_to_the_users_municipality(outsider, member, project):
    assert list(Project.objects.for_user(outsider)) == []
    assert list(Assessment.objects.for_user(outsider)) == []
    assert list(Project.objects.for_user(member)) == [project]


def test_project_form_offers_only_own_municipality_committees_and_leads(
    client, lead, other_municipality, committee
):
    Committee.objects.create(municipality=other_municipality, name="Fremmed udvalg", level="lokalt")
    make_user("fremmed-leder", other_municipality, is_project_lead=True)
    client.force_login(lead)
    body = client.get(reverse("project_create")).content.decode()
    assert committee.name in body
    assert "Fremmed udvalg" not in body and "Fremmed-Leder" not in body
