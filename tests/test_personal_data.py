"""A person's rights over their data: they download everything about them
as JSON; an administrator anonymises them, after which no page, pack,
export or history row shows their name, username or e-mail, while their
answers and comments stay in the committee's record and every count is
unchanged. Old packs are deleted after PACK_RETENTION_DAYS."""

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from administration.models import ChangeRecord
from assessments.models import Answer, Comment
from assessments.services import add_comment
from businesscase.models import BusinessCaseRevision
from meetings.models import Meeting
from method.vocabulary import Side
from organisations.personal_data import ANONYMISED_NAME, RELATIONS
from packs.models import DialoguePack
from packs.services import request_pack
from tests.factories import PASSWORD, answer, end_editing_run, make_user, seat
from tests.followup_factories import benefit_data, make_benefit, save_case
from tests.test_packs import pdf_text


@pytest.fixture
def sofie(municipality, committee):
    person = make_user(
        "sofie.kragh",
        municipality,
        first_name="Sofie",
        last_name="Kragh-Unik",
        email="sofie.kragh@fjordby.example",
    )
    seat(person, committee, Side.EMPLOYEES)
    return person


@pytest.fixture
def kommuneadmin(municipality):
    return make_user("kommuneadmin", municipality, is_municipal_admin=True)


@pytest.fixture
def her_work(sofie, assessment, project, committee, lead, kommuneadmin):
    """Answers (twice saved), a comment, a follow-up action she owns, a
    login through the form, and a change the administrator made to her."""
    question = assessment.questions().filter(kind="text").first()
    end_editing_run(answer(assessment, question, sofie, "Mit første svar"))
    answer(assessment, question, sofie, "Mit andet svar")
    add_comment(assessment, question, sofie, "Min kommentar om nattevagten")
    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.now(), place="Rådhuset", created_by=lead
    )
    item = meeting.add_item(title="Skærmbesøg", kind="beslutning", project=project)
    item.add_action("Tjekke vagtplanen", sofie)
    # A benefit she owns, in two revisions of the business case (they keep
    # her name in their snapshot).
    benefit = make_benefit(project, lead, owner=sofie, title="Færre fald om natten")
    again = benefit_data(sofie, title="Færre fald om natten", id=benefit.pk)
    save_case(project, lead, [again], task="Natlige fald opdages for sent; nu målt.")
    Client().post(reverse("login"), {"username": "sofie.kragh", "password": PASSWORD})
    admin = Client()
    admin.force_login(kommuneadmin)
    admin.post(
        reverse("admin_user_profile", args=[sofie.pk]),
        {"first_name": "Sofie", "last_name": "Kragh-Unik", "email": "sofie.kragh@fjordby.example"},
    )
    admin.post(
        reverse("admin_user_profile", args=[sofie.pk]),
        {"first_name": "Sofie", "last_name": "Kragh-Unik", "email": "sofie@fjordby.example"},
    )
    return {
        "question": question,
        "meeting": meeting,
        "item": item,
        "admin": admin,
        "benefit": benefit,
    }


TRACES = ("Sofie", "Kragh-Unik", "sofie.kragh", "sofie@fjordby.example")


def test_every_relation_to_a_person_is_in_the_export():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    relations = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if (field.many_to_one or field.one_to_one)
        and field.related_model is user_model
        and field.concrete
    }
    # Django admin's own log is the operators' (superusers, outside any municipality).
    relations.discard("admin.LogEntry.user")
    assert relations == set(RELATIONS)


def test_a_person_downloads_everything_about_them(client, sofie, her_work):
    client.force_login(sofie)
    response = client.get(reverse("personal_data_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["e-mail"] == "sofie@fjordby.example"
    assert [seat["udvalg"] for seat in data["pladser"]] == ["Lokal-MED Hjemmeplejen"]
    assert [answer["tekst"] for answer in data["svar"]] == ["Mit andet svar"]
    assert {rev["tekst"] for rev in data["svarhistorik"]} == {
        "Mit første svar",
        "Mit andet svar",
    }
    assert data["kommentarer"][0]["kommentar"] == "Min kommentar om nattevagten"
    assert data["opfølgninger"][0]["hvad"] == "Tjekke vagtplanen"
    assert data["log_ind"]["log_ind"][0]["ip"] == "127.0.0.1"
    assert {change["handling"] for change in data["ændringer_af_personen"]} == {"aendret"}


def test_only_one_self_is_exported(client, sofie, member, her_work):
    client.force_login(member)
    data = json.loads(client.get(reverse("personal_data_export")).content)
    assert data["person"]["brugernavn"] == "medlem"
    assert "Sofie" not in json.dumps(data, ensure_ascii=False)


def pages_that_could_show_her(assessment, her_work, sofie, committee, project):
    question = her_work["question"]
    return [
        reverse("dashboard"),
        reverse("project_detail", args=[project.pk]),
        reverse("assessment", args=[assessment.pk]),
        reverse("comparison", args=[assessment.pk]),
        reverse("question_history", args=[assessment.pk, question.pk]),
        reverse("comments", args=[assessment.pk, question.pk]),
        reverse("meeting_detail", args=[her_work["meeting"].pk]),
        reverse("business_case", args=[project.pk]),
        reverse("business_case_diff", args=[project.pk]),
        reverse("benefit_detail", args=[her_work["benefit"].pk]),
        reverse("admin_overview"),
        reverse("admin_users"),
        reverse("admin_user", args=[sofie.pk]),
        reverse("admin_committee", args=[committee.pk]),
        reverse("admin_change_log"),
    ]


def counts_per_side(assessment):
    return {side: Answer.objects.filter(assessment=assessment, side=side).count() for side in Side}


def test_after_anonymisation_nothing_shows_the_person(
    committed, sofie, her_work, assessment, committee, project, lead, kommuneadmin
):
    admin = her_work["admin"]
    with committed():
        earlier = request_pack(her_work["meeting"], None, lead)
    earlier.refresh_from_db()
    assert "Sofie" in pdf_text(earlier.read_file())  # she owns a follow-up in it
    counts = counts_per_side(assessment)
    comments = Comment.objects.filter(assessment=assessment).count()

    response = admin.post(reverse("admin_user_anonymise", args=[sofie.pk]), {"confirm": "on"})
    assert response.status_code == 302

    assert counts_per_side(assessment) == counts
    assert Comment.objects.filter(assessment=assessment).count() == comments
    lead.is_municipal_admin = True
    lead.save()
    reader = Client()
    reader.force_login(lead)  # the project's lead reads the named answers
    for url in pages_that_could_show_her(assessment, her_work, sofie, committee, project):
        page = reader.get(url).content.decode()
        assert not [trace for trace in TRACES if trace in page], url
    history = reader.get(reverse("question_history", args=[assessment.pk, her_work["question"].pk]))
    assert ANONYMISED_NAME in history.content.decode()
    with committed():
        later = request_pack(her_work["meeting"], her_work["item"], lead)
    later.refresh_from_db()
    text = pdf_text(later.read_file())
    assert ANONYMISED_NAME in " ".join(text.split())
    assert not [trace for trace in TRACES if trace in text]
    earlier.refresh_from_db()
    assert not [
        trace for trace in TRACES if trace in json.dumps(earlier.source, ensure_ascii=False)
    ]
    for export_of in (lead, kommuneadmin):
        reader.force_login(export_of)
        exported = reader.get(reverse("personal_data_export")).content.decode()
        assert not [trace for trace in TRACES if trace in exported]
    rows = json.dumps(
        list(ChangeRecord.objects.values("summary", "before", "after")), ensure_ascii=False
    )
    assert not [trace for trace in TRACES if trace in rows]
    # The business case's revisions keep each benefit's owner by name.
    snapshots = json.dumps(
        list(BusinessCaseRevision.objects.values_list("snapshot", flat=True)), ensure_ascii=False
    )
    assert "Færre fald om natten" in snapshots
    assert not [trace for trace in TRACES if trace in snapshots]
    assert not AccessLog.objects.filter(username__icontains="sofie").exists()
    assert not AccessAttempt.objects.filter(username__icontains="sofie").exists()
    sofie.refresh_from_db()
    assert not sofie.is_active and sofie.memberships.current().count() == 0
    assert (
        not Client()
        .post(reverse("login"), {"username": "sofie.kragh", "password": PASSWORD})
        .wsgi_request.user.is_authenticated
    )


def test_anonymising_needs_the_password_and_the_confirmation(client, sofie, kommuneadmin):
    client.force_login(kommuneadmin)
    url = reverse("admin_user_anonymise", args=[sofie.pk])
    assert client.post(url, {}).status_code == 400
    sofie.refresh_from_db()
    assert sofie.first_name == "Sofie"
    session = client.session
    session["security.password_confirmed_at"] -= settings.PASSWORD_CONFIRMATION_TIMEOUT + 1
    session.save()
    assert client.post(url, {"confirm": "on"})["Location"].startswith(reverse("password_confirm"))
    sofie.refresh_from_db()
    assert sofie.first_name == "Sofie"


def test_old_packs_are_deleted_after_the_retention(committed, settings, meeting_with_packs):
    fresh, old = meeting_with_packs
    settings.PACK_RETENTION_DAYS = 30
    call_command("delete_old_packs")
    assert list(DialoguePack.objects.all()) == [fresh]
    settings.PACK_RETENTION_DAYS = 0  # keep everything
    call_command("delete_old_packs")
    assert DialoguePack.objects.count() == 1


@pytest.fixture
def meeting_with_packs(committed, committee, lead, project):
    meeting = Meeting.objects.create(
        committee=committee, starts_at=timezone.now(), place="Rådhuset", created_by=lead
    )
    item = meeting.add_item(title="Punkt", kind="orientering", project=project)
    with committed():
        fresh = request_pack(meeting, None, lead)
        old = request_pack(meeting, item, lead)
    DialoguePack.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=31))
    return fresh, old
