"""The template area: HR derives, edits, previews, publishes; project leads
move running assessments; every role sees only what it may."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer
from assessments.services import Submission, save_answer
from method.vocabulary import Side
from questionnaires.models import Question, QuestionTemplate, TemplateChange, TemplateVersion
from tests.factories import make_user


@pytest.fixture
def standard(db):
    return TemplateVersion.objects.get(template__municipality__isnull=True, number=1)


@pytest.fixture
def hr(municipality):
    return make_user("hr", municipality, is_template_admin=True)


@pytest.fixture
def other_hr(other_municipality):
    return make_user("nabo-hr", other_municipality, is_template_admin=True)


def derive(client, standard, name="Fjordbys skabelon"):
    response = client.post(reverse("template_derive", args=[standard.pk]), {"name": name})
    assert response.status_code == 302, response.content
    return TemplateVersion.objects.get(template__name=name)


def question_data(**overrides):
    data = {
        "key": "lokal.nattevagt",
        "text": "Hvordan påvirker teknologien nattevagten?",
        "guidance": "Tal med nattevagterne.",
        "kind": "text",
        "phases": ["ideudvikling", "drift"],
        "required": "on",
        "choices_text": "",
    }
    return {**data, **overrides}


def test_hr_derives_edits_previews_and_publishes(login, hr, standard, municipality):
    client = login(hr)
    draft = derive(client, standard)
    assert draft.status == TemplateVersion.Status.DRAFT
    assert draft.template.municipality == municipality
    assert draft.questions().count() == standard.questions().count()
    section = draft.sections.get(key="kerneopgave-fem-spoergsmaal")
    # add a local question (htmx), reword a guidance text, remove a question
    response = client.post(
        reverse("question_add", args=[draft.pk, section.pk]),
        question_data(),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "lokal.nattevagt" in response.content.decode()
    reworded = draft.questions().get(key="kerneopgave.vaerdi")
    edit = {
        "key": reworded.key,
        "text": reworded.text,
        "guidance": "Fjordbys egen vejledning.",
        "kind": reworded.kind,
        "phases": reworded.phases,
        "required": "on",
        "choices_text": "",
    }
    assert (
        client.post(reverse("question_edit", args=[draft.pk, reworded.pk]), edit).status_code == 302
    )
    removed = draft.questions().get(key="kerneopgave.ressourcer")
    client.post(reverse("question_delete", args=[draft.pk, removed.pk]))
    preview = client.get(
        reverse("template_preview", args=[draft.pk]) + "?fase=ideudvikling"
    ).content.decode()
    assert (
        "Hvordan påvirker teknologien nattevagten?" in preview
        and "Fjordbys egen vejledning." in preview
    )
    assert "disabled" in preview
    client.post(
        reverse("template_publish", args=[draft.pk]),
        {"change_note": "Lokalt spørgsmål om nattevagt"},
    )
    draft.refresh_from_db()
    assert (
        draft.status == TemplateVersion.Status.PUBLISHED
        and draft.change_note == "Lokalt spørgsmål om nattevagt"
    )
    assert TemplateVersion.objects.current_for(municipality) == draft
    summaries = list(TemplateChange.objects.filter(version=draft).values_list("summary", flat=True))
    assert any("lokal.nattevagt" in s for s in summaries) and any("Udgivet" in s for s in summaries)
    assert all(c.changed_by == hr for c in TemplateChange.objects.filter(version=draft))


def test_published_version_is_read_only_in_the_editor(login, hr, standard):
    client = login(hr)
    draft = derive(client, standard)
    client.post(reverse("template_publish", args=[draft.pk]), {"change_note": "Første"})
    section = draft.sections.first()
    response = client.post(reverse("question_add", args=[draft.pk, section.pk]), question_data())
    assert response.status_code == 403
    assert not Question.objects.filter(key="lokal.nattevagt").exists()


def test_question_validation_in_danish(login, hr, standard):
    client = login(hr)
    draft = derive(client, standard)
    section = draft.sections.first()
    url = reverse("question_add", args=[draft.pk, section.pk])
    duplicate = client.post(url, question_data(key="kerneopgave.vaerdi"))
    assert duplicate.status_code == 400 and "har allerede nøglen" in duplicate.content.decode()
    no_choices = client.post(url, question_data(kind="single_choice"))
    assert "Skriv mindst én valgmulighed" in no_choices.content.decode()
    bad_key = client.post(url, question_data(key="Store Bogstaver"))
    assert "små bogstaver" in bad_key.content.decode()
    choices = client.post(url, question_data(kind="single_choice", choices_text="ja: Ja\nnej: Nej"))
    assert choices.status_code == 302
    assert Question.objects.get(section__version=draft, key="lokal.nattevagt").choices == [
        {"key": "ja", "label": "Ja"},
        {"key": "nej", "label": "Nej"},
    ]


def test_reordering_questions(login, hr, standard):
    client = login(hr)
    draft = derive(client, standard)
    section = draft.sections.get(key="kerneopgave-fem-spoergsmaal")
    first, second = list(section.questions.order_by("order"))[:2]
    client.post(
        reverse("question_move", args=[draft.pk, second.pk]),
        {"direction": "up"},
        headers={"HX-Request": "true"},
    )
    assert list(section.questions.order_by("order"))[:2] == [second, first]


def test_export_import_round_trip_and_import_errors(login, hr, standard):
    client = login(hr)
    exported = client.get(reverse("template_export", args=[standard.pk]))
    document = json.loads(exported.content)
    document.update(key="delt-skabelon", name="Delt skabelon")
    upload = SimpleUploadedFile(
        "s.json", json.dumps(document).encode(), content_type="application/json"
    )
    assert client.post(reverse("template_import"), {"file": upload}).status_code == 302
    imported = TemplateVersion.objects.get(template__key="delt-skabelon")
    assert imported.status == TemplateVersion.Status.DRAFT
    assert imported.questions().count() == standard.questions().count()
    document["sections"][0]["questions"][0]["kind"] = "tekst"
    document["key"] = "anden"
    bad = SimpleUploadedFile("b.json", json.dumps(document).encode())
    response = client.post(reverse("template_import"), {"file": bad})
    assert response.status_code == 400
    assert (
        "Ukendt svartype" in response.content.decode()
        and "spørgsmål 1" in response.content.decode()
    )
    not_json = client.post(
        reverse("template_import"), {"file": SimpleUploadedFile("x.json", b"{oops")}
    )
    assert not_json.status_code == 400 and "ikke gyldig JSON" in not_json.content.decode()


def test_lead_moves_an_assessment_and_nothing_is_lost(
    login, hr, lead, member, chair, standard, assessment
):
    value_question = assessment.questions().get(key="kerneopgave.ressourcer")
    kept_question = assessment.questions().get(key="kerneopgave.vaerdi")
    save_answer(
        assessment, value_question, member, Submission(text="Færre hænder"), side=Side.EMPLOYEES
    )
    save_answer(
        assessment,
        kept_question,
        chair,
        Submission(text="Mere tid til borgerne"),
        side=Side.MANAGEMENT,
    )
    client = login(hr)
    draft = derive(client, standard)
    section = draft.sections.get(key="kerneopgave-fem-spoergsmaal")
    client.post(reverse("question_add", args=[draft.pk, section.pk]), question_data())
    client.post(
        reverse(
            "question_delete",
            args=[draft.pk, draft.questions().get(key="kerneopgave.ressourcer").pk],
        )
    )
    client.post(reverse("template_publish", args=[draft.pk]), {"change_note": "Lokal"})
    lead_client = login(lead)
    url = reverse("assessment_move", args=[assessment.pk])
    preview = lead_client.get(url).content.decode()
    assert "1 svar bevares som arkiverede" in preview and "lokal.nattevagt" in preview
    assert lead_client.post(url, {"version": draft.pk}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.template_version == draft
    assert Answer.objects.filter(assessment=assessment).count() == 2
    page = (
        login(chair)
        .get(reverse("assessment", args=[assessment.pk]) + "?fase=alle")
        .content.decode()
    )
    assert "Mere tid til borgerne" in page
    assert "Arkiverede svar" in page and "Færre hænder" in page
    assert "Hvordan påvirker teknologien nattevagten?" in page


def test_members_cannot_move_assessments(login, member, assessment):
    assert login(member).get(reverse("assessment_move", args=[assessment.pk])).status_code == 403


ROLES = ["member", "lead", "hr", "other_hr", "staff"]


@pytest.fixture
def people(member, lead, hr, other_hr, municipality):
    staff = make_user("stab", municipality, is_staff=True)
    return {"member": member, "lead": lead, "hr": hr, "other_hr": other_hr, "staff": staff}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, people, role, standard, hr):
    """Each role × own/other municipality × each template action."""
    client.force_login(hr)
    own_draft = derive(client, standard)
    section = own_draft.sections.first()
    client.force_login(people[role])
    same_municipality = role != "other_hr"
    may_edit_own = role in ("hr", "staff")
    may_create = role in ("hr", "other_hr", "staff")

    def status(method, name, *args, data=None):
        return getattr(client, method)(reverse(name, args=args), data or {}).status_code

    # reading: the standard for everyone; the municipality's own only within it
    assert status("get", "template_version", standard.pk) == 200
    assert status("get", "template_version", own_draft.pk) == (200 if same_municipality else 404)
    assert status("get", "template_export", own_draft.pk) == (200 if same_municipality else 404)
    # editing the municipality's draft
    add = status("post", "question_add", own_draft.pk, section.pk, data=question_data())
    assert add == (302 if may_edit_own else 403 if same_municipality else 404)
    # the national standard is edited only by staff
    assert status("post", "template_new_draft", standard.pk) == (302 if role == "staff" else 403)
    # deriving and importing: template admins (and staff) of any municipality
    assert status("get", "template_import") == (200 if may_create else 403)
    derive_status = status(
        "post", "template_derive", standard.pk, data={"name": f"Afledt af {role}"}
    )
    assert derive_status == (302 if may_create else 403)
    if may_create:
        derived = QuestionTemplate.objects.get(name=f"Afledt af {role}")
        assert derived.municipality == people[role].municipality
    publish = status("post", "template_publish", own_draft.pk, data={"change_note": "x"})
    assert publish == (302 if may_edit_own else 403 if same_municipality else 404)


def test_an_empty_draft_cannot_be_published(login, hr, municipality):
    template = QuestionTemplate.objects.create(municipality=municipality, key="tom", name="Tom")
    draft = TemplateVersion.objects.create(template=template, number=1)
    response = login(hr).post(
        reverse("template_publish", args=[draft.pk]), {"change_note": "x"}, follow=True
    )
    assert "En tom version kan ikke udgives" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == TemplateVersion.Status.DRAFT
