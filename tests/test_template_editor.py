"""The template area: HR derives, edits, previews, publishes; project leads
move running assessments; every role sees only what it may. Bad input gets a
Danish 4xx, never a 500; and a key format is one rule, the model field's,
that the editor, the import and Django admin apply with the same message."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from assessments.models import Answer
from assessments.services import Submission, save_answer
from method.vocabulary import Side
from questionnaires import editing
from questionnaires.models import (
    Question,
    QuestionTemplate,
    Section,
    TemplateChange,
    TemplateVersion,
)
from questionnaires.template_format import export_version
from tests.factories import make_user
from tests.test_template_format import DOTTED_RULE, SLUG_RULE


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
    url = reverse("assessment", args=[assessment.pk]) + "?fase=alle&del=kerneopgave"
    page = login(chair).get(url).content.decode()
    assert "Mere tid til borgerne" in page
    assert "Arkiverede svar" in page and "Færre hænder" in page
    assert "Hvordan påvirker teknologien nattevagten?" in page


def test_members_cannot_move_assessments(login, member, assessment):
    assert login(member).get(reverse("assessment_move", args=[assessment.pk])).status_code == 403


ROLES = ["member", "lead", "hr", "other_hr", "staff", "superuser"]


@pytest.fixture
def people(member, lead, hr, other_hr, municipality):
    staff = make_user("stab", municipality, is_staff=True)
    operator = make_user("drift", municipality, is_staff=True, is_superuser=True)
    return {
        "member": member,
        "lead": lead,
        "hr": hr,
        "other_hr": other_hr,
        "staff": staff,
        "superuser": operator,
    }


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, people, role, standard, hr):
    """Each role × own/other municipality × each template action."""
    client.force_login(hr)
    own_draft = derive(client, standard)
    section = own_draft.sections.first()
    client.force_login(people[role])
    same_municipality = role != "other_hr"
    may_edit_own = role in ("hr", "staff", "superuser")
    may_create = role in ("hr", "other_hr", "staff", "superuser")

    def status(method, name, *args, data=None):
        return getattr(client, method)(reverse(name, args=args), data or {}).status_code

    # reading: the standard for everyone; the municipality's own only within it
    assert status("get", "template_version", standard.pk) == 200
    assert status("get", "template_version", own_draft.pk) == (200 if same_municipality else 404)
    assert status("get", "template_export", own_draft.pk) == (200 if same_municipality else 404)
    # editing the municipality's draft
    add = status("post", "question_add", own_draft.pk, section.pk, data=question_data())
    assert add == (302 if may_edit_own else 403 if same_municipality else 404)
    # the national standard is changed only by a superuser, never by staff
    assert status("post", "template_new_draft", standard.pk) == (
        302 if role == "superuser" else 403
    )
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


# Bad input and the shared key rules


@pytest.fixture
def draft(standard, municipality, hr):
    return editing.derive_template(standard, municipality, hr, "Fjordbys skabelon")


def upload(client, content: bytes):
    file = SimpleUploadedFile("skabelon.json", content, content_type="application/json")
    return client.post(reverse("template_import"), {"file": file})


# The import


def test_an_oversized_upload_says_its_real_size_and_the_limit(login, hr):
    client = login(hr)
    assert "Højst 1 MB." in client.get(reverse("template_import")).content.decode()
    response = upload(client, b" " * 7_700_000)
    assert response.status_code == 400
    assert "Filen er for stor: 7,7 MB (højst 1 MB)." in response.content.decode()


def test_an_integer_of_4301_digits_gets_a_danish_400(login, hr, standard):
    document = json.dumps({**export_version(standard), "key": "stor"})
    raw = document[:-1].encode() + b', "version": ' + b"7" * 4_301 + b"}"
    response = upload(login(hr), raw)
    assert response.status_code == 400
    assert "Filen er ikke gyldig: et tal har 4.301 cifre (højst 100)." in response.content.decode()
    assert not QuestionTemplate.objects.filter(key="stor").exists()


def test_a_schema_violation_is_shown_in_danish_with_its_place(login, hr, standard):
    document = {**export_version(standard), "key": "delt"}
    document["sections"][1]["questions"][2]["kind"] = "fritekst"
    response = upload(login(hr), json.dumps(document).encode())
    assert response.status_code == 400
    page = response.content.decode()
    section, question = document["sections"][1], document["sections"][1]["questions"][2]
    assert (
        f"<strong>afsnit 2 (“{section['key']}”), spørgsmål 3 (“{question['key']}”), "
        "felt “kind”:</strong> Ukendt svartype “fritekst”. Gyldige: text, scale, "
        "single_choice, multiple_choice, competence, yes_no, principle, group_effect."
    ) in page


# Query parameters and posted directions


@pytest.mark.parametrize("med", ["abc", "", "1" * 4_301, "9" * 20, "-1", "1.5"])
def test_a_bad_med_on_the_comparison_gets_a_danish_400(login, hr, standard, med):
    response = login(hr).get(reverse("template_compare", args=[standard.pk]), {"med": med})
    assert response.status_code == 400
    assert "Vælg en version at sammenligne med" in response.content.decode()


def test_a_version_of_another_municipality_cannot_be_compared(
    login, hr, other_hr, standard, other_municipality
):
    theirs = editing.derive_template(standard, other_municipality, other_hr, "Nabos hemmelige")
    response = login(hr).get(reverse("template_compare", args=[standard.pk]), {"med": theirs.pk})
    assert response.status_code == 400
    assert "Nabos hemmelige" not in response.content.decode()


def test_comparison_with_a_readable_version_shows_the_diff(login, hr, standard, draft):
    client = login(hr)
    url = reverse("template_compare", args=[draft.pk])
    chooser = client.get(url)
    assert chooser.status_code == 200 and 'id="diff-heading"' not in chooser.content.decode()
    response = client.get(url, {"med": standard.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="diff-heading"' in page
    assert f'<option value="{standard.pk}" selected>' in page


def test_an_unknown_phase_on_the_preview_is_not_found(login, hr, draft):
    client = login(hr)
    url = reverse("template_preview", args=[draft.pk])
    assert client.get(url, {"fase": "drift"}).status_code == 200
    assert client.get(url, {"fase": "alle"}).status_code == 200
    missing = client.get(url, {"fase": "implementering"})
    assert missing.status_code == 404 and "Siden findes ikke" in missing.content.decode()


@pytest.mark.parametrize("data", [{}, {"direction": "sideways"}])
def test_a_move_without_a_known_direction_is_a_bad_request(login, hr, draft, data):
    sections = list(draft.sections.order_by("order").values_list("pk", flat=True))
    url = reverse("section_move", args=[draft.pk, sections[1]])
    response = login(hr).post(url, data)
    assert response.status_code == 400
    assert list(draft.sections.order_by("order").values_list("pk", flat=True)) == sections


# One key rule for the editor, the import and admin


@pytest.fixture
def admin_client_for(client, municipality):
    def _admin():
        client.force_login(make_user("admin", municipality, is_staff=True, is_superuser=True))
        return client

    return _admin


def admin_change(client, obj, **changes):
    data = {name: value for name, value in model_to_dict(obj).items() if value is not None}
    for name in ("choices", "phases"):
        if name in data:
            data[name] = json.dumps(data[name])
    data.update(changes)
    url = reverse(f"admin:questionnaires_{obj._meta.model_name}_change", args=[obj.pk])
    return client.post(url, data)


def import_page_with(client, draft, change):
    document = export_version(draft)
    change(document)
    return upload(client, json.dumps({**document, "key": "importeret"}).encode())


def test_a_section_key_is_one_rule_for_editor_import_and_admin(login, hr, draft, admin_client_for):
    section = draft.sections.order_by("order").first()
    bad = "afsnit.med.punktum"
    message = f"Nøglen “{bad}” {SLUG_RULE}"
    editor = login(hr).post(
        reverse("section_edit", args=[draft.pk, section.pk]),
        {"key": bad, "core_question": section.core_question, "title": section.title},
    )
    assert editor.status_code == 400 and message in editor.content.decode()

    imported = import_page_with(login(hr), draft, lambda d: d["sections"][0].update(key=bad))
    assert imported.status_code == 400
    assert f"afsnit 1 (“{bad}”), felt “key”:</strong> {message}" in imported.content.decode()

    admin = admin_change(admin_client_for(), section, key=bad)
    assert admin.status_code == 200 and message in admin.content.decode()
    assert Section.objects.get(pk=section.pk).key == section.key


def test_a_question_key_is_one_rule_for_editor_import_and_admin(login, hr, draft, admin_client_for):
    section = draft.sections.order_by("order").first()
    question = section.questions.order_by("order").first()
    bad = "Lokal nattevagt"
    message = f"Nøglen “{bad}” {DOTTED_RULE}"
    editor = login(hr).post(
        reverse("question_add", args=[draft.pk, section.pk]),
        {"key": bad, "text": "Hvad med natten?", "kind": "text", "phases": ["drift"]},
    )
    assert editor.status_code == 400 and message in editor.content.decode()

    def rename(document):
        document["sections"][0]["questions"][0]["key"] = bad

    imported = import_page_with(login(hr), draft, rename)
    assert imported.status_code == 400 and message in imported.content.decode()

    admin = admin_change(admin_client_for(), question, key=bad)
    assert admin.status_code == 200 and message in admin.content.decode()
    assert not draft.questions().filter(key=bad).exists()


def test_a_template_key_is_one_rule_for_import_and_admin(login, hr, draft, admin_client_for):
    bad = "Fjordby_Skabelon"
    message = f"Nøglen “{bad}” {SLUG_RULE}"
    imported = upload(login(hr), json.dumps({**export_version(draft), "key": bad}).encode())
    assert imported.status_code == 400
    assert f"felt “key”:</strong> {message}" in imported.content.decode()

    admin = admin_change(admin_client_for(), draft.template, key=bad)
    assert admin.status_code == 200 and message in admin.content.decode()
    assert not QuestionTemplate.objects.filter(key=bad).exists()
