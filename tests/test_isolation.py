"""No user ever sees another municipality's data."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.models import Assessment
from assessments.services import Submission, add_comment, save_answer
from businesscase.services import record_measurement
from competences.services import add_activity, create_plan
from meetings.models import Meeting
from organisations.models import Committee
from packs.services import request_pack
from projects.models import Project
from questionnaires.editing import derive_template
from tests.factories import attach, make_project, make_user
from tests.followup_factories import make_benefit
from tests.pulse_helpers import make_pulse, survey_url
from tests.urlmap import PUBLIC_URLS, product_urls


def object_url_names():
    """Every URL of the product's apps that names an object, except those
    reached by a link without an account (tested for what they show)."""
    return [
        (app, name, params)
        for app, name, params in product_urls()
        if params and name not in PUBLIC_URLS
    ]


def test_the_list_of_object_urls_is_complete():
    # If this fails, a new URL exists: the isolation test below now covers it.
    assert len(object_url_names()) >= 66


@pytest.fixture
def first_municipality_objects(
    committed, assessment, project, committee, member, lead, municipality, outsider
):
    # The outsider administers their own municipality: the administration's
    # pages answer them, but never with the first municipality's objects.
    outsider.is_municipal_admin = True
    outsider.save(update_fields=["is_municipal_admin"])
    question = assessment.questions().first()
    save_answer(assessment, question, member, Submission(text="Fortroligt svar"))
    comment = add_comment(assessment, question, member, "Fortrolig kommentar")
    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.now(), place="Fortroligt sted", created_by=lead
    )
    item = meeting.add_item(title="Fortroligt punkt", kind="beslutning", project=project)
    action = item.add_action("Fortrolig opfølgning", lead)
    with committed():
        pack = request_pack(meeting, None, lead)
    attachment = attach(item, lead)
    hr = make_user("hr", municipality, is_template_admin=True)
    draft = derive_template(assessment.template_version, municipality, hr, "Fortrolig skabelon")
    own_question = draft.questions().first()
    pulse = make_pulse(project, lead)
    benefit = make_benefit(project, lead, title="Fortrolig gevinst")
    record_measurement(benefit, lead, measured_on=timezone.localdate(), value=1)
    plan = create_plan(project, "Fortrolig gruppe")
    activity = add_activity(
        plan, what="Fortrolig aktivitet", form="kursus", timing="nu", hours=1, owner=lead
    )
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
            "pulse": pulse.pk,
            "businesscase": project.pk,
            "competences": project.pk,
            "actions": project.pk,
        },
        "pulse": {"project_id": project.pk},
        "committee_id": committee.pk,
        "benefit_id": benefit.pk,
        "plan_id": plan.pk,
        "activity_id": activity.pk,
        # The municipality's own template: its draft, a section and a question of it.
        "questionnaires": {
            "pk": draft.pk,
            "section_id": own_question.section_id,
            "question_id": own_question.pk,
        },
        "administration": {
            "pk": committee.pk,
            "seat_id": member.memberships.get().pk,
            "user_id": member.pk,
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
    assert seen >= 22


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


# -- the medarbejderpuls link: public by design, isolated from the app ----------


def test_the_public_link_shows_the_project_title_and_the_questions_only(
    outsider, project, lead, member, committee, municipality
):
    pulse = make_pulse(project, lead)
    hidden = [
        municipality.name,
        committee.name,
        project.need,
        *(user.get_full_name() for user in (lead, member, outsider)),
        "Log ud",
        "Overblik",
    ]
    for visitor in (None, outsider, member):
        browser = Client()
        if visitor:
            browser.force_login(visitor)
        response = browser.get(survey_url(pulse))
        page = response.content.decode()
        assert response.status_code == 200
        assert escape(project.title) in page
        assert all(escape(q.text) in page for q in pulse.questions.select_related("question"))
        assert not [text for text in hidden if text in page], visitor
        assert "no-store" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]
        assert "sessionid" not in response.cookies


def test_the_public_form_needs_no_session_and_still_checks_csrf(project, lead):
    pulse = make_pulse(project, lead)
    phone = Client(enforce_csrf_checks=True)
    page = phone.get(survey_url(pulse))
    assert "csrftoken" in page.cookies and "sessionid" not in page.cookies
    data = {"key": page.context["form"]["key"].value(), "q1": "1"}
    forged = Client(enforce_csrf_checks=True).post(survey_url(pulse), data)
    assert forged.status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    sent = phone.post(survey_url(pulse), {**data, "csrfmiddlewaretoken": token.group(1)})
    assert sent.status_code == 302 and "sessionid" not in sent.cookies
    pulse.refresh_from_db()
    assert pulse.response_count == 1


def test_a_guessed_link_finds_nothing_and_the_pulse_pages_need_a_login(project, lead):
    pulse = make_pulse(project, lead)
    browser = Client()
    guess = pulse.token[:-1] + ("A" if pulse.token[-1] != "A" else "B")
    assert browser.get(reverse("survey", args=[guess])).status_code == 404
    for name, args in (("pulse_detail", [pulse.pk]), ("pulse_list", [project.pk])):
        response = browser.get(reverse(name, args=args))
        assert response.status_code == 302 and "/log-ind/" in response["Location"]
