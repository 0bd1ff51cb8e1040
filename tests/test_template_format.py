"""The template exchange format: validation with Danish messages, upload
parsing, export, import as a new draft, and the JSON Schema the app ships
and validates against."""

import copy
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from method.vocabulary import CoreQuestion, Phase
from questionnaires.models import AnswerKind, Question, QuestionTemplate, Section, TemplateVersion
from questionnaires.template_format import (
    FORMAT,
    SCHEMA,
    SCHEMA_PATH,
    InvalidTemplate,
    TemplateFormatError,
    export_version,
    import_document,
    parse_upload,
    read_standard_template,
    read_upload,
    validate_document,
)
from questionnaires.template_format.messages import HANDLED_KEYWORDS, STRUCTURAL_KEYWORDS
from questionnaires.template_format.schema import schema_errors

DOCS = Path(__file__).resolve().parents[1] / "docs"

S1 = "afsnit 1 (“kerneopgave-formaal”)"
S1Q1 = S1 + ", spørgsmål 1 (“kerneopgave.formaal”)"
S1Q2 = S1 + ", spørgsmål 2 (“kerneopgave.niveau”)"
S2Q1 = "afsnit 2 (“opgaveloesning-hverdag”), spørgsmål 1 (“opgaveloesning.kompetence”)"
S3 = "afsnit 3 (“kerneopgave-dataetik”)"
S3Q1 = S3 + ", spørgsmål 1 (“kerneopgave.dataetik.samtykke”)"
S3Q2 = S3 + ", spørgsmål 2 (“kerneopgave.dataetik.privatliv”)"

KINDS = "text, scale, single_choice, multiple_choice, competence, yes_no, principle, group_effect"
PHASES = "ideudvikling, konsekvensvurdering, udvikling, drift"
CORE_QUESTIONS = "kerneopgave, opgaveloesning, kompetenceudvikling, inddragelse"
SLUG_RULE = (
    "må kun indeholde små bogstaver a–z, tal, bindestreg (-) og understregning (_) og skal "
    "begynde med et bogstav eller et tal (ikke punktum, mellemrum, store bogstaver eller æ, ø, å)."
)
DOTTED_RULE = (
    "må kun indeholde små bogstaver a–z, tal, punktum (.), bindestreg (-) og understregning (_) "
    "og skal begynde med et bogstav eller et tal (ikke mellemrum, store bogstaver eller æ, ø, å)."
)


def question(key, kind="text", **fields):
    return {
        "key": key,
        "text": f"Spørgsmål {key}?",
        "guidance": "",
        "kind": kind,
        "choices": [],
        "phases": ["ideudvikling"],
        "required": False,
        **fields,
    }


def section(key, core_question, questions, **fields):
    return {
        "key": key,
        "core_question": core_question,
        "title": f"Afsnit {key}",
        "intro": "",
        "source": "",
        "questions": questions,
        **fields,
    }


def valid_document():
    return {
        "format": FORMAT,
        "key": "fjordby",
        "name": "Fjordbys skabelon",
        "description": "Til vores MED-udvalg.",
        "source": "",
        "sections": [
            section(
                "kerneopgave-formaal",
                "kerneopgave",
                [
                    question("kerneopgave.formaal", required=True),
                    question(
                        "kerneopgave.niveau",
                        "single_choice",
                        choices=[{"key": "lav", "label": "Lav"}, {"key": "hoej", "label": "Høj"}],
                        phases=["ideudvikling", "drift"],
                    ),
                ],
            ),
            section(
                "opgaveloesning-hverdag",
                "opgaveloesning",
                [question("opgaveloesning.kompetence", "competence")],
            ),
            section(
                "kerneopgave-dataetik",
                "kerneopgave",
                [
                    question("kerneopgave.dataetik.samtykke", "yes_no"),
                    question("kerneopgave.dataetik.privatliv", "scale"),
                ],
            ),
        ],
    }


# Mutations of the valid document, by path (indices from 0).


def _parent(doc, path):
    for step in path[:-1]:
        doc = doc[step]
    return doc


def setting(*path_and_value):
    *path, value = path_and_value

    def mutate(doc):
        _parent(doc, path)[path[-1]] = value
        return doc

    return mutate


def deleting(*path):
    def mutate(doc):
        del _parent(doc, path)[path[-1]]
        return doc

    return mutate


def replacing(value):
    return lambda doc: value


def many_sections(doc):
    doc["sections"] = [section(f"afsnit-{i}", "inddragelse", []) for i in range(201)]
    return doc


def many_questions(doc):
    doc["sections"][1]["questions"] = [question(f"q.{i}") for i in range(1_997)]
    return doc


def case(id, mutate, location, message, *, schema=True):
    """`schema`: whether the JSON Schema can tell too (uniqueness across the
    document, totals and NUL characters are beyond it)."""
    return pytest.param(mutate, location, message, schema, id=id)


ERROR_CASES = [
    case(
        "not-an-object",
        replacing([]),
        "dokumentet",
        "Dokumentet skal være et JSON-objekt ({ … }), ikke en liste.",
    ),
    case(
        "format-missing",
        deleting("format"),
        "felt “format”",
        "Feltet mangler. Forventet “med-workbench-template/1”.",
    ),
    case(
        "format-wrong",
        setting("format", "med-workbench-template/2"),
        "felt “format”",
        "Ukendt format “med-workbench-template/2”. Forventet “med-workbench-template/1”.",
    ),
    case("template-key-missing", deleting("key"), "felt “key”", "Feltet mangler."),
    case("template-name-missing", deleting("name"), "felt “name”", "Feltet mangler."),
    case("template-name-blank", setting("name", "  "), "felt “name”", "Feltet må ikke være tomt."),
    case(
        "section-key-missing",
        deleting("sections", 0, "key"),
        "afsnit 1, felt “key”",
        "Feltet mangler.",
    ),
    case(
        "section-key-empty",
        setting("sections", 0, "key", ""),
        "afsnit 1, felt “key”",
        "Feltet må ikke være tomt.",
    ),
    case(
        "section-title-empty",
        setting("sections", 0, "title", ""),
        S1 + ", felt “title”",
        "Feltet må ikke være tomt.",
    ),
    case(
        "section-core-question-missing",
        deleting("sections", 0, "core_question"),
        S1 + ", felt “core_question”",
        "Feltet mangler.",
    ),
    case(
        "section-questions-missing",
        deleting("sections", 0, "questions"),
        S1 + ", felt “questions”",
        "Feltet mangler.",
    ),
    case(
        "question-key-missing",
        deleting("sections", 0, "questions", 0, "key"),
        S1 + ", spørgsmål 1, felt “key”",
        "Feltet mangler.",
    ),
    case(
        "question-text-empty",
        setting("sections", 0, "questions", 0, "text", ""),
        S1Q1 + ", felt “text”",
        "Feltet må ikke være tomt.",
    ),
    case(
        "question-kind-missing",
        deleting("sections", 0, "questions", 0, "kind"),
        S1Q1 + ", felt “kind”",
        "Feltet mangler.",
    ),
    case(
        "question-phases-missing",
        deleting("sections", 0, "questions", 0, "phases"),
        S1Q1 + ", felt “phases”",
        "Feltet mangler.",
    ),
    case(
        "unknown-core-question",
        setting("sections", 0, "core_question", "kerneopgaven"),
        S1 + ", felt “core_question”",
        f"Ukendt grundspørgsmål “kerneopgaven”. Gyldige: {CORE_QUESTIONS}.",
    ),
    case(
        "unknown-kind",
        setting("sections", 2, "questions", 1, "kind", "tekst"),
        "afsnit 3 (“kerneopgave-dataetik”), spørgsmål 2 (“kerneopgave.dataetik.privatliv”), "
        "felt “kind”",
        f"Ukendt svartype “tekst”. Gyldige: {KINDS}.",
    ),
    case(
        "unknown-phase",
        setting("sections", 0, "questions", 0, "phases", ["ideudvikling", "implementering"]),
        S1Q1 + ", felt “phases”",
        f"Ukendt fase “implementering”. Gyldige: {PHASES}.",
    ),
    case(
        "phases-empty",
        setting("sections", 0, "questions", 0, "phases", []),
        S1Q1 + ", felt “phases”",
        f"Angiv mindst én fase, spørgsmålet hører til. Gyldige: {PHASES}.",
    ),
    case(
        "phase-twice",
        setting("sections", 0, "questions", 0, "phases", ["drift", "drift"]),
        S1Q1 + ", felt “phases”",
        "Fasen “drift” står flere gange.",
    ),
    case(
        "phase-not-text",
        setting("sections", 0, "questions", 0, "phases", ["drift", 2]),
        S1Q1 + ", felt “phases”",
        "Fase nr. 2 skal være tekst, ikke et tal.",
    ),
    case(
        "phases-not-a-list",
        setting("sections", 0, "questions", 0, "phases", "drift"),
        S1Q1 + ", felt “phases”",
        "Skal være en liste ([ … ]), ikke tekst.",
    ),
    case(
        "duplicate-section-key",
        setting("sections", 2, "key", "kerneopgave-formaal"),
        "afsnit 3 (“kerneopgave-formaal”), felt “key”",
        "Afsnitsnøglen “kerneopgave-formaal” er allerede brugt i afsnit 1 (“kerneopgave-formaal”). "
        "Nøgler skal være unikke.",
        schema=False,
    ),
    case(
        "duplicate-question-key-across-sections",
        setting("sections", 2, "questions", 1, "key", "kerneopgave.formaal"),
        S3 + ", spørgsmål 2 (“kerneopgave.formaal”), felt “key”",
        f"Spørgsmålsnøglen “kerneopgave.formaal” er allerede brugt i {S1Q1}. Nøgler skal være "
        "unikke i hele skabelonen, fordi svar følger spørgsmålet via nøglen.",
        schema=False,
    ),
    case(
        "single-choice-without-choices",
        deleting("sections", 0, "questions", 1, "choices"),
        S1Q2 + ", felt “choices”",
        "Svartypen “single_choice” kræver mindst én valgmulighed i “choices”.",
    ),
    case(
        "multiple-choice-with-empty-choices",
        setting("sections", 2, "questions", 0, "kind", "multiple_choice"),
        S3Q1 + ", felt “choices”",
        "Svartypen “multiple_choice” kræver mindst én valgmulighed i “choices”.",
    ),
    case(
        "choices-on-a-scale-question",
        setting("sections", 2, "questions", 1, "choices", [{"key": "a", "label": "A"}]),
        S3Q2 + ", felt “choices”",
        "Kun svartyperne “single_choice” og “multiple_choice” har egne valgmuligheder. "
        "For svartypen “scale” skal “choices” være tom ([]) eller udeladt.",
    ),
    case(
        "choice-without-key",
        setting("sections", 0, "questions", 1, "choices", 0, {"label": "Lav"}),
        S1Q2 + ", felt “choices”, valgmulighed 1, felt “key”",
        "Feltet mangler.",
    ),
    case(
        "choice-without-label",
        deleting("sections", 0, "questions", 1, "choices", 1, "label"),
        S1Q2 + ", felt “choices”, valgmulighed 2 (“hoej”), felt “label”",
        "Feltet mangler.",
    ),
    case(
        "choice-not-an-object",
        setting("sections", 0, "questions", 1, "choices", 1, "Høj"),
        S1Q2 + ", felt “choices”, valgmulighed 2",
        "Skal være et objekt ({ … }), ikke tekst.",
    ),
    case(
        "duplicate-choice-key",
        setting("sections", 0, "questions", 1, "choices", 1, "key", "lav"),
        S1Q2 + ", felt “choices”, valgmulighed 2 (“lav”), felt “key”",
        "Valgmuligheden “lav” står flere gange i samme spørgsmål.",
        schema=False,
    ),
    case(
        "too-many-choices",
        setting(
            "sections",
            0,
            "questions",
            1,
            "choices",
            [{"key": f"v{i}", "label": f"V{i}"} for i in range(51)],
        ),
        S1Q2 + ", felt “choices”",
        "For mange valgmuligheder: 51 (højst 50).",
    ),
    case(
        "required-not-a-boolean",
        setting("sections", 0, "questions", 0, "required", "ja"),
        S1Q1 + ", felt “required”",
        "Skal være true eller false, ikke tekst.",
    ),
    case(
        "text-not-a-string",
        setting("sections", 0, "questions", 0, "text", 42),
        S1Q1 + ", felt “text”",
        "Skal være tekst (i anførselstegn), ikke et tal.",
    ),
    case(
        "guidance-null",
        setting("sections", 0, "questions", 0, "guidance", None),
        S1Q1 + ", felt “guidance”",
        "Skal være tekst (i anførselstegn), ikke null.",
    ),
    case(
        "sections-not-a-list",
        setting("sections", {"key": "x"}),
        "felt “sections”",
        "Skal være en liste ([ … ]), ikke et objekt.",
    ),
    case(
        "section-not-an-object",
        setting("sections", 1, "afsnit"),
        "afsnit 2",
        "Skal være et objekt ({ … }), ikke tekst.",
    ),
    case(
        "unknown-field",
        setting("sections", 1, "questions", 0, "guidence", "Et tastefejl"),
        S2Q1 + ", felt “guidence”",
        "Ukendt felt. Tilladte felter: key, text, guidance, followup_text, kind, choices, "
        "phases, required.",
    ),
    case(
        "version-not-a-number",
        setting("version", "3"),
        "felt “version”",
        "Skal være et helt tal på 1 eller derover (eller udeladt).",
    ),
    case(
        "template-key-with-space",
        setting("key", "fjordby skabelon"),
        "felt “key”",
        f"Nøglen “fjordby skabelon” {SLUG_RULE}",
    ),
    case(
        "section-key-with-dot",
        setting("sections", 0, "key", "kerneopgave.formaal"),
        "afsnit 1 (“kerneopgave.formaal”), felt “key”",
        f"Nøglen “kerneopgave.formaal” {SLUG_RULE}",
    ),
    case(
        "question-key-with-capitals-and-danish-letters",
        setting("sections", 0, "questions", 0, "key", "Kerneopgave.formål"),
        S1 + ", spørgsmål 1 (“Kerneopgave.formål”), felt “key”",
        f"Nøglen “Kerneopgave.formål” {DOTTED_RULE}",
    ),
    case(
        "choice-key-with-space",
        setting("sections", 0, "questions", 1, "choices", 0, "key", "ret lav"),
        S1Q2 + ", felt “choices”, valgmulighed 1 (“ret lav”), felt “key”",
        f"Nøglen “ret lav” {DOTTED_RULE}",
    ),
    case(
        "template-key-too-long",
        setting("key", "k" * 101),
        "felt “key”",
        "Teksten er for lang: 101 tegn (højst 100).",
    ),
    case(
        "section-key-too-long",
        setting("sections", 0, "key", "a" * 101),
        "afsnit 1 (“" + "a" * 59 + "…”), felt “key”",
        "Teksten er for lang: 101 tegn (højst 100).",
    ),
    case(
        "question-key-too-long",
        setting("sections", 0, "questions", 0, "key", "q" * 151),
        S1 + ", spørgsmål 1 (“" + "q" * 59 + "…”), felt “key”",
        "Teksten er for lang: 151 tegn (højst 150).",
    ),
    case(
        "template-name-too-long",
        setting("name", "n" * 201),
        "felt “name”",
        "Teksten er for lang: 201 tegn (højst 200).",
    ),
    case(
        "section-title-too-long",
        setting("sections", 0, "title", "t" * 201),
        S1 + ", felt “title”",
        "Teksten er for lang: 201 tegn (højst 200).",
    ),
    case(
        "section-source-too-long",
        setting("sections", 0, "source", "s" * 301),
        S1 + ", felt “source”",
        "Teksten er for lang: 301 tegn (højst 300).",
    ),
    case(
        "question-text-too-long",
        setting("sections", 0, "questions", 0, "text", "x" * 20_001),
        S1Q1 + ", felt “text”",
        "Teksten er for lang: 20.001 tegn (højst 20.000).",
    ),
    case(
        "section-intro-too-long",
        setting("sections", 0, "intro", "x" * 20_001),
        S1 + ", felt “intro”",
        "Teksten er for lang: 20.001 tegn (højst 20.000).",
    ),
    case(
        "nul-character",
        setting("sections", 0, "questions", 0, "guidance", "før\x00efter"),
        S1Q1 + ", felt “guidance”",
        "Teksten indeholder et tegn, der ikke kan gemmes (et NUL-tegn eller et halvt tegnpar).",
        schema=False,
    ),
    case(
        "kind-not-text",
        setting("sections", 0, "questions", 0, "kind", 5),
        S1Q1 + ", felt “kind”",
        "Skal være tekst (i anførselstegn), ikke et tal.",
    ),
    case(
        "format-not-text",
        setting("format", 1),
        "felt “format”",
        "Ukendt format “et tal”. Forventet “med-workbench-template/1”.",
    ),
    case(
        "version-zero",
        setting("version", 0),
        "felt “version”",
        "Skal være et helt tal på 1 eller derover (eller udeladt).",
    ),
    case(
        "sections-missing",
        deleting("sections"),
        "felt “sections”",
        "Feltet mangler.",
    ),
    case(
        "too-many-sections",
        many_sections,
        "felt “sections”",
        "For mange afsnit: 201 (højst 200).",
    ),
    case(
        "too-many-questions",
        many_questions,
        "dokumentet",
        "For mange spørgsmål: 2.001 i alt (højst 2.000).",
        schema=False,
    ),
]


def test_the_valid_document_is_valid():
    assert validate_document(valid_document()) == []


def test_the_standard_template_validates_without_errors():
    assert validate_document(read_standard_template()) == []


@pytest.mark.parametrize(("mutate", "location", "message", "schema"), ERROR_CASES)
def test_each_error_is_reported_in_danish_with_its_location(mutate, location, message, schema):
    errors = validate_document(mutate(valid_document()))
    assert errors == [TemplateFormatError(location, message)]
    assert str(errors[0]) == f"{location}: {message}"


def test_all_errors_are_reported_not_just_the_first():
    doc = valid_document()
    doc["name"] = ""
    doc["sections"][0]["questions"][0]["kind"] = "tekst"
    doc["sections"][1]["core_question"] = "ukendt"
    doc["sections"][2]["questions"][1]["phases"] = []
    errors = validate_document(doc)
    assert [e.location for e in errors] == [
        "felt “name”",
        S1Q1 + ", felt “kind”",
        "afsnit 2 (“opgaveloesning-hverdag”), felt “core_question”",
        S3Q2 + ", felt “phases”",
    ]


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        "tekst",
        42,
        {},
        {"sections": [None, 1, "x", [], {"questions": [None, {"choices": "x"}, {"phases": {}}]}]},
        {"sections": [{"key": ["a"], "questions": [{"key": {"a": 1}, "choices": [None, []]}]}]},
    ],
)
def test_validation_never_crashes_on_garbage(garbage):
    errors = validate_document(garbage)
    assert errors
    assert all(isinstance(e, TemplateFormatError) and e.message for e in errors)


def test_optional_fields_may_be_left_out():
    doc = valid_document()
    for field in ("description", "source"):
        del doc[field]
    for s in doc["sections"]:
        for field in ("intro", "source"):
            del s[field]
        for q in s["questions"]:
            for field in ("guidance", "required"):
                del q[field]
            if not q["choices"]:
                del q["choices"]
    assert validate_document(doc) == []


# Upload


def test_upload_of_the_standard_template():
    raw = json.dumps(read_standard_template(), ensure_ascii=False, indent=2).encode()
    data, errors = parse_upload(raw)
    assert errors == []
    assert data == read_standard_template()


def test_oversized_upload_is_refused_before_parsing():
    data, errors = parse_upload(b" " * 1_200_000)
    assert data is None
    assert errors == [TemplateFormatError("filen", "Filen er for stor: 1,2 MB (højst 1 MB).")]


def test_upload_of_exactly_the_limit_is_read():
    raw = json.dumps(valid_document()).encode()
    assert parse_upload(raw, max_bytes=len(raw)) == (valid_document(), [])
    assert parse_upload(raw, max_bytes=len(raw) - 1)[0] is None


def test_upload_that_is_not_utf8():
    raw = json.dumps(valid_document(), ensure_ascii=False).encode("latin-1")
    data, errors = parse_upload(raw)
    assert data is None
    assert len(errors) == 1
    assert errors[0].location == "filen"
    assert errors[0].message.startswith("Filen er ikke UTF-8-tekst")


def test_upload_with_a_byte_order_mark_is_fine():
    raw = "\ufeff".encode() + json.dumps(valid_document()).encode()
    assert parse_upload(raw) == (valid_document(), [])


def test_upload_that_is_not_json_says_line_and_column():
    raw = b'{\n  "format": "med-workbench-template/1",\n  "key" "fjordby"\n}'
    data, errors = parse_upload(raw)
    assert data is None
    assert errors == [
        TemplateFormatError(
            "filen", "Filen er ikke gyldig JSON: linje 3, kolonne 9: forventede et kolon."
        )
    ]


def test_upload_with_a_trailing_comma():
    data, errors = parse_upload(b'{\n  "key": "a",\n}')
    assert errors[0].message.startswith("Filen er ikke gyldig JSON: linje 3, kolonne 1: ")


def test_upload_with_a_field_twice_is_refused():
    data, errors = parse_upload(b'{"key": "a", "key": "b"}')
    assert data is None
    assert errors == [
        TemplateFormatError(
            "filen", "Filen er ikke gyldig: feltet “key” står to gange i samme objekt."
        )
    ]


def test_upload_of_valid_json_with_format_errors_returns_the_document_and_the_errors():
    doc = valid_document()
    doc["sections"][0]["questions"][0]["kind"] = "tekst"
    data, errors = parse_upload(json.dumps(doc).encode())
    assert data == doc
    assert [e.location for e in errors] == [S1Q1 + ", felt “kind”"]


def test_deeply_nested_upload_is_refused_not_crashed():
    data, errors = parse_upload(b"[" * 100_000)
    assert data is None
    assert errors[0].location == "filen"


# Export and import


@pytest.fixture
def standard(db):
    """The standard template's current version, the shipped JSON's."""
    return TemplateVersion.objects.get(template__municipality__isnull=True, number=2)


def without_version(document):
    return {k: v for k, v in document.items() if k != "version"}


def test_export_of_the_standard_is_the_shipped_document(standard, django_assert_num_queries):
    version = TemplateVersion.objects.get(pk=standard.pk)
    with django_assert_num_queries(3):
        exported = export_version(version)
    assert list(exported) == [
        "format",
        "key",
        "name",
        "description",
        "source",
        "version",
        "change_note",
        "sections",
    ]
    assert exported["version"] == 2
    assert exported["change_note"] == standard.change_note
    shipped = read_standard_template()
    assert {k: v for k, v in exported.items() if k not in ("version", "change_note")} == shipped
    assert json.dumps(exported["sections"]) == json.dumps(shipped["sections"])  # order too
    assert validate_document(exported) == []


def test_export_queries_do_not_grow_with_the_template(municipality, django_assert_num_queries):
    doc = valid_document()
    small = import_document(doc, municipality_id=municipality.pk)
    big_doc = copy.deepcopy(doc)
    big_doc["key"] = "stor"
    big_doc["sections"] = [
        section(f"afsnit-{i}", "inddragelse", [question(f"q.{i}.{j}") for j in range(5)])
        for i in range(20)
    ]
    big = import_document(big_doc, municipality_id=municipality.pk)
    for version in (small, big):
        fresh = TemplateVersion.objects.get(pk=version.pk)
        with django_assert_num_queries(3):
            export_version(fresh)


def test_round_trip_of_the_standard_template(standard):
    exported = export_version(standard)
    imported = import_document(copy.deepcopy(exported), municipality_id=None)
    assert imported.number == 3
    again = export_version(imported)
    assert again["version"] == 3
    assert without_version(again) == without_version(exported)


def test_import_creates_a_draft_and_leaves_the_published_version_alone(standard):
    before = export_version(standard)
    published_at = standard.published_at
    doc = read_standard_template()
    doc["sections"][0]["questions"][0]["text"] = "Et nyt spørgsmål?"
    doc["sections"].pop()

    draft = import_document(doc, municipality_id=None)

    assert draft.status == TemplateVersion.Status.DRAFT
    assert draft.template_id == standard.template_id
    assert draft.pk != standard.pk
    standard.refresh_from_db()
    assert standard.status == TemplateVersion.Status.PUBLISHED
    assert standard.published_at == published_at
    assert export_version(standard) == before
    assert export_version(draft)["sections"][0]["questions"][0]["text"] == "Et nyt spørgsmål?"


def test_import_as_a_new_municipal_template(municipality, standard):
    doc = {**read_standard_template(), "key": "fjordby", "name": "Fjordbys skabelon"}
    version = import_document(doc, municipality_id=municipality.pk)
    assert version.number == 1
    assert version.status == TemplateVersion.Status.DRAFT
    assert version.template.municipality == municipality
    assert version.template.name == "Fjordbys skabelon"
    assert version.questions().count() == standard.questions().count()


def test_import_with_the_standards_key_into_a_municipality_makes_its_own_template(
    municipality, standard
):
    version = import_document(read_standard_template(), municipality_id=municipality.pk)
    assert version.template != standard.template
    assert version.template.municipality == municipality
    assert version.number == 1
    assert standard.template.versions.count() == 2  # version 1 and 2, shipped


def test_import_with_a_known_key_adds_the_next_version(municipality, lead):
    first = import_document(valid_document(), municipality_id=municipality.pk)
    first.publish(lead)
    second = import_document(valid_document(), municipality_id=municipality.pk, user=lead)
    second.publish(lead)

    doc = valid_document()
    doc["name"] = "Et andet navn"
    doc["version"] = 17  # information only
    doc["change_note"] = "Nyt spørgsmål om dataetik."
    doc["sections"][2]["questions"].append(question("kerneopgave.dataetik.ny", "yes_no"))
    third = import_document(doc, municipality_id=municipality.pk)

    assert QuestionTemplate.objects.filter(municipality=municipality).count() == 1
    assert [v.number for v in first.template.versions.order_by("number")] == [1, 2, 3]
    assert third.template_id == first.template_id
    assert third.status == TemplateVersion.Status.DRAFT
    assert third.change_note == "Nyt spørgsmål om dataetik."
    assert third.template.name == "Fjordbys skabelon"  # the template's name is kept
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == TemplateVersion.Status.PUBLISHED
    assert first.questions().count() == second.questions().count() == 5
    assert third.questions().count() == 6


def test_import_fills_left_out_optional_fields(municipality):
    doc = {
        "format": FORMAT,
        "key": "kort",
        "name": "Kort skabelon",
        "sections": [
            {
                "key": "a",
                "core_question": "inddragelse",
                "title": "A",
                "questions": [{"key": "a.1", "text": "Hvad?", "kind": "text", "phases": ["drift"]}],
            }
        ],
    }
    exported = export_version(import_document(doc, municipality_id=municipality.pk))
    assert exported["description"] == "" and exported["change_note"] == ""
    assert exported["sections"][0]["intro"] == ""
    assert exported["sections"][0]["questions"][0] == {
        "key": "a.1",
        "text": "Hvad?",
        "guidance": "",
        "followup_text": "",
        "kind": "text",
        "choices": [],
        "phases": ["drift"],
        "required": False,
    }


def test_invalid_import_raises_with_all_errors_and_saves_nothing(municipality):
    doc = valid_document()
    doc["sections"][0]["questions"][0]["kind"] = "tekst"
    doc["sections"][1]["key"] = "kerneopgave-formaal"
    count = TemplateVersion.objects.count()
    with pytest.raises(InvalidTemplate) as raised:
        import_document(doc, municipality_id=municipality.pk)
    assert isinstance(raised.value, ValueError)
    assert len(raised.value.errors) == 2
    assert "Ukendt svartype “tekst”" in str(raised.value)
    assert TemplateVersion.objects.count() == count
    assert not QuestionTemplate.objects.filter(key="fjordby").exists()


# The documentation and the JSON Schema


def test_the_schema_is_draft_2020_12_json():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format"]["const"] == FORMAT


def docs_example():
    text = (DOCS / "template-format.md").read_text(encoding="utf-8")
    block = re.search(r"## A minimal example\s+```json\n(.*?)```", text, re.S).group(1)
    return json.loads(block)


def test_the_example_in_the_docs_is_valid():
    assert validate_document(docs_example()) == []


def jsonschema_validator():
    """The schema on its own, as any other tool reads it."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_standard_template_and_the_docs_example_match_the_schema():
    validator = jsonschema_validator()
    for document in (read_standard_template(), docs_example(), valid_document()):
        assert list(validator.iter_errors(document)) == []


def test_the_schema_refuses_what_the_validator_refuses():
    validator = jsonschema_validator()
    for param in ERROR_CASES:
        mutate, _location, _message, schema_can_tell = param.values
        if schema_can_tell:
            assert list(validator.iter_errors(mutate(valid_document()))), param.id


def test_the_rules_beyond_the_schema_are_the_ones_it_cannot_tell():
    validator = jsonschema_validator()
    for param in ERROR_CASES:
        mutate, _location, _message, schema_can_tell = param.values
        if not schema_can_tell:
            assert list(validator.iter_errors(mutate(valid_document()))) == [], param.id


def test_the_docs_point_to_the_schema_the_app_ships_and_keep_no_copy():
    text = (DOCS / "template-format.md").read_text(encoding="utf-8")
    assert "../questionnaires/template_format/template-format.schema.json" in text
    assert DOCS.parent / "questionnaires/template_format/template-format.schema.json" == SCHEMA_PATH
    assert not list(DOCS.glob("*.json"))


# Schema errors in Danish

ENGLISH = (
    "is not",
    "is a required property",
    "does not match",
    "Additional properties",
    "is too long",
    "is too short",
    "non-unique",
    "should",
    "was expected",
    "Failed validating",
)

BROKEN_DOCUMENTS = [param.values[0](valid_document()) for param in ERROR_CASES] + [
    {"sections": [None, 1, "x", [], {"questions": [None, {"choices": "x"}, {"phases": {}}]}]},
    {"sections": [{"key": ["a"], "questions": [{"key": {"a": 1}, "choices": [None, []]}]}]},
    {"format": None, "key": 1, "name": [], "version": -3, "sections": [{"x": 1}]},
]


@pytest.mark.parametrize("document", BROKEN_DOCUMENTS)
def test_no_jsonschema_text_ever_reaches_the_user(document):
    english = [error.message for error in schema_errors(document)]
    shown = [str(error) for error in validate_document(document)]
    assert shown
    for text in shown:
        assert not any(marker in text for marker in ENGLISH), text
        assert not any(message in text for message in english), text


def _keywords(schema: dict):
    for name, value in schema.items():
        yield name
        if name in ("properties", "$defs"):
            for subschema in value.values():
                yield from _keywords(subschema)
        elif isinstance(value, dict):
            yield from _keywords(value)


def test_every_keyword_the_schema_uses_has_a_danish_message():
    assert set(_keywords(SCHEMA)) - STRUCTURAL_KEYWORDS <= HANDLED_KEYWORDS


def test_a_key_may_not_end_in_a_line_break():
    """The schema's `$` ends the text (ECMA-262); Python's would let
    "fjordby\\n" through as a key."""
    doc = setting("key", "fjordby\n")(valid_document())
    assert validate_document(doc) == [
        TemplateFormatError("felt “key”", f"Nøglen “fjordby\n” {SLUG_RULE}")
    ]


def test_a_lone_surrogate_in_a_key_is_reported_in_a_message_that_can_be_sent():
    doc = setting("sections", 0, "key", "\ud800")(valid_document())
    errors = validate_document(doc)
    assert errors == [
        TemplateFormatError("afsnit 1 (“\\ud800”), felt “key”", f"Nøglen “\\ud800” {SLUG_RULE}")
    ]


def _max_length(spec: dict) -> int:
    if "maxLength" in spec:
        return spec["maxLength"]
    return SCHEMA["$defs"][spec["$ref"].removeprefix("#/$defs/")]["maxLength"]


def test_the_schema_and_the_models_agree_on_lengths_and_values(settings):
    document = SCHEMA["properties"]
    section = SCHEMA["$defs"]["section"]["properties"]
    question = SCHEMA["$defs"]["question"]["properties"]
    fields = [
        (document["key"], QuestionTemplate, "key"),
        (document["name"], QuestionTemplate, "name"),
        (document["source"], QuestionTemplate, "source"),
        (section["key"], Section, "key"),
        (section["title"], Section, "title"),
        (section["source"], Section, "source"),
        (question["key"], Question, "key"),
    ]
    for spec, model, name in fields:
        assert _max_length(spec) == model._meta.get_field(name).max_length, (model, name)
    free_texts = [
        document["description"],
        document["change_note"],
        section["intro"],
        question["text"],
        question["guidance"],
        question["followup_text"],
    ]
    assert {_max_length(spec) for spec in free_texts} == {settings.TEXT_MAX_LENGTH}
    assert SCHEMA["$defs"]["phase"]["enum"] == list(Phase.values)
    assert question["kind"]["enum"] == list(AnswerKind.values)
    assert section["core_question"]["enum"] == list(CoreQuestion.values)


# Numbers and sizes Python or the upload cannot take


def test_an_integer_too_long_for_python_is_refused_in_danish():
    raw = b'{"format": "med-workbench-template/1", "version": ' + b"1" * 4_301 + b"}"
    assert parse_upload(raw) == (
        None,
        [TemplateFormatError("filen", "Filen er ikke gyldig: et tal har 4.301 cifre (højst 100).")],
    )


def test_a_long_but_readable_integer_is_read():
    raw = json.dumps(valid_document())[:-1] + ', "version": ' + "9" * 100 + "}"
    data, errors = parse_upload(raw.encode())
    assert errors == []
    assert data["version"] == int("9" * 100)


def test_an_oversized_upload_is_refused_by_its_real_size_without_reading_it():
    upload = SimpleUploadedFile("stor.json", b" " * 7_700_000)
    assert read_upload(upload) == (
        None,
        [TemplateFormatError("filen", "Filen er for stor: 7,7 MB (højst 1 MB).")],
    )
    assert upload.tell() == 0


def test_every_json_syntax_error_is_described_in_danish():
    data, errors = parse_upload(b'{"key": "\\uZZZZ"}')
    assert errors == [
        TemplateFormatError(
            "filen",
            "Filen er ikke gyldig JSON: linje 1, kolonne 11: ugyldig \\u-sekvens i en tekst.",
        )
    ]
