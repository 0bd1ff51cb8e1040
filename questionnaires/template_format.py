"""The template exchange format ("med-workbench-template/1"): the standard
template ships in it (`standard/sammen-om-ny-teknologi.json`), and
municipalities share their own templates in it. docs/template-format.md
describes the format; docs/template-format.schema.json is its JSON Schema.

`build_version` turns a parsed document into a new template version. It takes
the model classes as arguments so a data migration can pass its historical
models and the app can pass the real ones: one builder for both.

For the app (views, admin):

- `export_version(version)` – a version as a document (a dict, ready for
  `json.dumps`).
- `parse_upload(raw_bytes)` – an uploaded file's bytes to `(document, errors)`.
- `validate_document(data)` – every problem in a parsed document, as
  `TemplateFormatError(location, message)` with Danish texts.
- `import_document(data, municipality_id=…)` – a valid document as a new
  draft version; raises `InvalidTemplate` (a ValueError) with the errors.
"""

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FORMAT = "med-workbench-template/1"
STANDARD_TEMPLATE_PATH = Path(__file__).parent / "standard" / "sammen-om-ny-teknologi.json"

# Limits. The lengths match the model fields; the counts keep an upload small
# enough to check and import in one request.
MAX_UPLOAD_BYTES = 1_000_000
MAX_SECTIONS = 200
MAX_QUESTIONS = 2_000
MAX_CHOICES = 50
MAX_TEXT_LENGTH = 20_000  # free texts: description, intro, text, guidance, change_note
MAX_TEMPLATE_KEY_LENGTH = 100  # QuestionTemplate.key (SlugField)
MAX_SECTION_KEY_LENGTH = 100  # Section.key (SlugField)
MAX_QUESTION_KEY_LENGTH = 150  # Question.key
MAX_CHOICE_KEY_LENGTH = 100
MAX_NAME_LENGTH = 200  # QuestionTemplate.name
MAX_TITLE_LENGTH = 200  # Section.title
MAX_SOURCE_LENGTH = 300  # QuestionTemplate.source, Section.source
MAX_LABEL_LENGTH = 200

# Template and section keys are slugs (no dots); question and choice keys may
# also use dots ("kerneopgave.dataetik.privatliv").
SLUG_KEY_RE = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
QUESTION_KEY_RE = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")

TEMPLATE_FIELDS = (
    "format",
    "key",
    "name",
    "description",
    "source",
    "version",
    "change_note",
    "sections",
)
SECTION_FIELDS = ("key", "core_question", "title", "intro", "source", "questions")
QUESTION_FIELDS = ("key", "text", "guidance", "kind", "choices", "phases", "required")
CHOICE_FIELDS = ("key", "label")
CHOICE_KINDS = ("single_choice", "multiple_choice")


def read_standard_template() -> dict:
    return json.loads(STANDARD_TEMPLATE_PATH.read_text(encoding="utf-8"))


def app_models() -> SimpleNamespace:
    from . import models

    return SimpleNamespace(
        QuestionTemplate=models.QuestionTemplate,
        TemplateVersion=models.TemplateVersion,
        Section=models.Section,
        Question=models.Question,
    )


def build_version(document: dict, *, models=None, municipality_id=None, number=None):
    """Create (or reuse) the template named by `document["key"]` and add a
    draft version holding its sections and questions. Returns the version.
    `models` defaults to the app's models; a migration passes its own."""
    models = models or app_models()
    template, _created = models.QuestionTemplate.objects.get_or_create(
        municipality_id=municipality_id,
        key=document["key"],
        defaults={
            "name": document["name"],
            "description": document.get("description", ""),
            "source": document.get("source", ""),
        },
    )
    if number is None:
        latest = template.versions.order_by("-number").first()
        number = (latest.number + 1) if latest else 1
    version = models.TemplateVersion.objects.create(template=template, number=number)
    for section_order, section_data in enumerate(document["sections"], start=1):
        section = models.Section.objects.create(
            version=version,
            key=section_data["key"],
            core_question=section_data["core_question"],
            title=section_data["title"],
            intro=section_data.get("intro", ""),
            source=section_data.get("source", ""),
            order=section_order,
        )
        models.Question.objects.bulk_create(
            models.Question(
                section=section,
                key=q["key"],
                text=q["text"],
                guidance=q.get("guidance", ""),
                kind=q["kind"],
                choices=q.get("choices", []),
                phases=q["phases"],
                required=q.get("required", False),
                order=order,
            )
            for order, q in enumerate(section_data["questions"], start=1)
        )
    return version


# Export ---------------------------------------------------------------------


def export_version(version) -> dict:
    """The version as a document in the exchange format, sections and
    questions in order, with its number and change note as information.
    Three queries at most, however large the template."""
    from .models import Question, Section

    template = version.template
    sections = list(Section.objects.filter(version=version).order_by("order", "id"))
    questions_by_section = {section.pk: [] for section in sections}
    for question in Question.objects.filter(section__version=version).order_by("order", "id"):
        questions_by_section[question.section_id].append(question)
    return {
        "format": FORMAT,
        "key": template.key,
        "name": template.name,
        "description": template.description,
        "source": template.source,
        "version": version.number,
        "change_note": version.change_note,
        "sections": [
            {
                "key": section.key,
                "core_question": section.core_question,
                "title": section.title,
                "intro": section.intro,
                "source": section.source,
                "questions": [
                    {
                        "key": q.key,
                        "text": q.text,
                        "guidance": q.guidance,
                        "kind": q.kind,
                        "choices": [
                            {"key": choice["key"], "label": choice["label"]}
                            for choice in (q.choices or [])
                        ],
                        "phases": list(q.phases or []),
                        "required": bool(q.required),
                    }
                    for q in questions_by_section[section.pk]
                ],
            }
            for section in sections
        ],
    }


# Validation -----------------------------------------------------------------


@dataclass(frozen=True)
class TemplateFormatError:
    """One problem in a document: where (in words an HR admin can follow,
    e.g. `afsnit 3 (“kerneopgave-dataetik”), spørgsmål 2 (“…”), felt “kind”`)
    and what, in Danish."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class InvalidTemplate(ValueError):
    """Raised by `import_document` for a document with errors; `errors` holds
    them all."""

    def __init__(self, errors: list[TemplateFormatError]):
        self.errors = list(errors)
        summary = "; ".join(str(error) for error in self.errors[:3])
        more = len(self.errors) - 3
        if more > 0:
            summary += f" (+{more})"
        super().__init__(summary)


def _number(n: int) -> str:
    """20000 -> "20.000", the Danish way."""
    return f"{n:,}".replace(",", ".")


def _quote(value: str, limit: int = 60) -> str:
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return f"“{text}”"


def _type_name(value) -> str:
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("et tal")
    if isinstance(value, str):
        return _("tekst")
    if isinstance(value, list):
        return _("en liste")
    if isinstance(value, dict):
        return _("et objekt")
    return type(value).__name__


def _field(name: str) -> str:
    return _("felt %(name)s") % {"name": _quote(name)}


def _join(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _item(noun: str, index: int, key) -> str:
    """`afsnit 3 (“kerneopgave-dataetik”)`; without the key when it is unusable."""
    if isinstance(key, str) and key.strip():
        return f"{noun} {index} ({_quote(key)})"
    return f"{noun} {index}"


def _valid(values) -> str:
    return ", ".join(values)


class _Validator:
    def __init__(self):
        self.errors: list[TemplateFormatError] = []

    def error(self, location: str, message: str) -> None:
        self.errors.append(TemplateFormatError(location, message))

    # Building blocks

    def unknown_fields(self, obj: dict, allowed: tuple[str, ...], where: str) -> None:
        for name in obj:
            if name not in allowed:
                self.error(
                    _join(where, _field(str(name))),
                    _("Ukendt felt. Tilladte felter: %(valid)s.") % {"valid": _valid(allowed)},
                )

    def text(
        self, obj: dict, name: str, where: str, *, required: bool, max_length: int
    ) -> str | None:
        """The field's text if it is usable, else None (with the error noted).
        A required text must be present and not blank; an optional one may
        be left out or empty."""
        location = _join(where, _field(name))
        if name not in obj:
            if required:
                self.error(location, _("Feltet mangler."))
            return None
        value = obj[name]
        if not isinstance(value, str):
            self.error(
                location,
                _("Skal være tekst (i anførselstegn), ikke %(type)s.")
                % {"type": _type_name(value)},
            )
            return None
        if required and not value.strip():
            self.error(location, _("Feltet må ikke være tomt."))
            return None
        ok = True
        if len(value) > max_length:
            self.error(
                location,
                _("Teksten er for lang: %(length)s tegn (højst %(max)s).")
                % {"length": _number(len(value)), "max": _number(max_length)},
            )
            ok = False
        if not _storable(value):
            self.error(
                location,
                _(
                    "Teksten indeholder et tegn, der ikke kan gemmes (et NUL-tegn eller et halvt tegnpar)."
                ),
            )
            ok = False
        return value if ok else None

    def key(
        self, obj: dict, where: str, *, pattern: re.Pattern, max_length: int, slug: bool
    ) -> str | None:
        value = self.text(obj, "key", where, required=True, max_length=max_length)
        if value is None:
            return None
        if not pattern.match(value):
            if slug:
                message = _(
                    "Nøglen %(value)s må kun indeholde små bogstaver a–z, tal, bindestreg (-) "
                    "og understregning (_) og skal begynde med et bogstav eller et tal "
                    "(ikke punktum, mellemrum, store bogstaver eller æ, ø, å)."
                )
            else:
                message = _(
                    "Nøglen %(value)s må kun indeholde små bogstaver a–z, tal, punktum (.), "
                    "bindestreg (-) og understregning (_) og skal begynde med et bogstav eller "
                    "et tal (ikke mellemrum, store bogstaver eller æ, ø, å)."
                )
            self.error(_join(where, _field("key")), message % {"value": _quote(value)})
            return None
        return value

    def choice_of(
        self, obj: dict, name: str, where: str, valid: list[str], message: str
    ) -> str | None:
        value = self.text(obj, name, where, required=True, max_length=100)
        if value is None:
            return None
        if value not in valid:
            self.error(
                _join(where, _field(name)),
                message % {"value": _quote(value), "valid": _valid(valid)},
            )
            return None
        return value

    def list_field(self, obj: dict, name: str, where: str, *, required: bool) -> list | None:
        location = _join(where, _field(name))
        if name not in obj:
            if required:
                self.error(location, _("Feltet mangler."))
            return None
        value = obj[name]
        if not isinstance(value, list):
            self.error(
                location,
                _("Skal være en liste ([ … ]), ikke %(type)s.") % {"type": _type_name(value)},
            )
            return None
        return value

    def is_object(self, value, location: str) -> bool:
        if isinstance(value, dict):
            return True
        self.error(
            location,
            _("Skal være et objekt ({ … }), ikke %(type)s.") % {"type": _type_name(value)},
        )
        return False

    # The document

    def document(self, data) -> None:
        from method.vocabulary import CoreQuestion, Phase

        from .models import AnswerKind

        self.phases = list(Phase.values)
        self.kinds = list(AnswerKind.values)
        self.core_questions = list(CoreQuestion.values)

        if not isinstance(data, dict):
            self.error(
                _("dokumentet"),
                _("Dokumentet skal være et JSON-objekt ({ … }), ikke %(type)s.")
                % {"type": _type_name(data)},
            )
            return
        self.unknown_fields(data, TEMPLATE_FIELDS, "")

        if "format" not in data:
            self.error(
                _field("format"),
                _("Feltet mangler. Forventet %(format)s.") % {"format": _quote(FORMAT)},
            )
        elif data["format"] != FORMAT:
            shown = (
                data["format"] if isinstance(data["format"], str) else _type_name(data["format"])
            )
            self.error(
                _field("format"),
                _("Ukendt format %(value)s. Forventet %(format)s.")
                % {"value": _quote(str(shown)), "format": _quote(FORMAT)},
            )

        self.key(data, "", pattern=SLUG_KEY_RE, max_length=MAX_TEMPLATE_KEY_LENGTH, slug=True)
        self.text(data, "name", "", required=True, max_length=MAX_NAME_LENGTH)
        self.text(data, "description", "", required=False, max_length=MAX_TEXT_LENGTH)
        self.text(data, "source", "", required=False, max_length=MAX_SOURCE_LENGTH)
        self.text(data, "change_note", "", required=False, max_length=MAX_TEXT_LENGTH)
        if "version" in data:
            version = data["version"]
            if isinstance(version, bool) or not isinstance(version, int) or version < 1:
                self.error(
                    _field("version"),
                    _("Skal være et helt tal på 1 eller derover (eller udeladt)."),
                )

        sections = self.list_field(data, "sections", "", required=True)
        if sections is None:
            return
        if len(sections) > MAX_SECTIONS:
            self.error(
                _field("sections"),
                _("For mange afsnit: %(count)s (højst %(max)s).")
                % {"count": _number(len(sections)), "max": _number(MAX_SECTIONS)},
            )
        self.section_keys: dict[str, str] = {}
        self.question_keys: dict[str, str] = {}
        self.question_count = 0
        for index, section in enumerate(sections, start=1):
            self.section(index, section)
        if self.question_count > MAX_QUESTIONS:
            self.error(
                _("dokumentet"),
                _("For mange spørgsmål: %(count)s i alt (højst %(max)s).")
                % {"count": _number(self.question_count), "max": _number(MAX_QUESTIONS)},
            )

    def section(self, index: int, section) -> None:
        where = _item(_("afsnit"), index, section.get("key") if isinstance(section, dict) else None)
        if not self.is_object(section, where):
            return
        self.unknown_fields(section, SECTION_FIELDS, where)
        key = self.key(
            section, where, pattern=SLUG_KEY_RE, max_length=MAX_SECTION_KEY_LENGTH, slug=True
        )
        if key is not None:
            if key in self.section_keys:
                self.error(
                    _join(where, _field("key")),
                    _(
                        "Afsnitsnøglen %(value)s er allerede brugt i %(other)s. Nøgler skal være unikke."
                    )
                    % {"value": _quote(key), "other": self.section_keys[key]},
                )
            else:
                self.section_keys[key] = _item(_("afsnit"), index, key)
        self.choice_of(
            section,
            "core_question",
            where,
            self.core_questions,
            _("Ukendt grundspørgsmål %(value)s. Gyldige: %(valid)s."),
        )
        self.text(section, "title", where, required=True, max_length=MAX_TITLE_LENGTH)
        self.text(section, "intro", where, required=False, max_length=MAX_TEXT_LENGTH)
        self.text(section, "source", where, required=False, max_length=MAX_SOURCE_LENGTH)
        questions = self.list_field(section, "questions", where, required=True)
        if questions is None:
            return
        for q_index, question in enumerate(questions, start=1):
            self.question_count += 1
            self.question(where, q_index, question)

    def question(self, section_where: str, index: int, question) -> None:
        key_value = question.get("key") if isinstance(question, dict) else None
        where = _join(section_where, _item(_("spørgsmål"), index, key_value))
        if not self.is_object(question, where):
            return
        self.unknown_fields(question, QUESTION_FIELDS, where)
        key = self.key(
            question,
            where,
            pattern=QUESTION_KEY_RE,
            max_length=MAX_QUESTION_KEY_LENGTH,
            slug=False,
        )
        if key is not None:
            if key in self.question_keys:
                self.error(
                    _join(where, _field("key")),
                    _(
                        "Spørgsmålsnøglen %(value)s er allerede brugt i %(other)s. Nøgler skal "
                        "være unikke i hele skabelonen, fordi svar følger spørgsmålet via nøglen."
                    )
                    % {"value": _quote(key), "other": self.question_keys[key]},
                )
            else:
                self.question_keys[key] = where
        self.text(question, "text", where, required=True, max_length=MAX_TEXT_LENGTH)
        self.text(question, "guidance", where, required=False, max_length=MAX_TEXT_LENGTH)
        kind = self.choice_of(
            question,
            "kind",
            where,
            self.kinds,
            _("Ukendt svartype %(value)s. Gyldige: %(valid)s."),
        )
        self.choices(question, where, kind)
        self.phase_list(question, where)
        if "required" in question and not isinstance(question["required"], bool):
            self.error(
                _join(where, _field("required")),
                _("Skal være true eller false, ikke %(type)s.")
                % {"type": _type_name(question["required"])},
            )

    def choices(self, question: dict, where: str, kind: str | None) -> None:
        location = _join(where, _field("choices"))
        choices = self.list_field(question, "choices", where, required=False)
        if "choices" in question and choices is None:
            return  # wrong type, already reported
        choices = choices or []
        if kind in CHOICE_KINDS and not choices:
            self.error(
                location,
                _("Svartypen %(kind)s kræver mindst én valgmulighed i “choices”.")
                % {"kind": _quote(kind)},
            )
        elif kind is not None and kind not in CHOICE_KINDS and choices:
            self.error(
                location,
                _(
                    "Kun svartyperne “single_choice” og “multiple_choice” har egne "
                    "valgmuligheder. For svartypen %(kind)s skal “choices” være tom ([]) "
                    "eller udeladt."
                )
                % {"kind": _quote(kind)},
            )
        if len(choices) > MAX_CHOICES:
            self.error(
                location,
                _("For mange valgmuligheder: %(count)s (højst %(max)s).")
                % {"count": _number(len(choices)), "max": _number(MAX_CHOICES)},
            )
        seen: set[str] = set()
        for index, choice in enumerate(choices, start=1):
            key_value = choice.get("key") if isinstance(choice, dict) else None
            choice_where = _join(location, _item(_("valgmulighed"), index, key_value))
            if not self.is_object(choice, choice_where):
                continue
            self.unknown_fields(choice, CHOICE_FIELDS, choice_where)
            key = self.key(
                choice,
                choice_where,
                pattern=QUESTION_KEY_RE,
                max_length=MAX_CHOICE_KEY_LENGTH,
                slug=False,
            )
            if key is not None:
                if key in seen:
                    self.error(
                        _join(choice_where, _field("key")),
                        _("Valgmuligheden %(value)s står flere gange i samme spørgsmål.")
                        % {"value": _quote(key)},
                    )
                seen.add(key)
            self.text(choice, "label", choice_where, required=True, max_length=MAX_LABEL_LENGTH)

    def phase_list(self, question: dict, where: str) -> None:
        location = _join(where, _field("phases"))
        phases = self.list_field(question, "phases", where, required=True)
        if phases is None:
            return
        if not phases:
            self.error(
                location,
                _("Angiv mindst én fase, spørgsmålet hører til. Gyldige: %(valid)s.")
                % {"valid": _valid(self.phases)},
            )
            return
        seen: set[str] = set()
        for index, phase in enumerate(phases, start=1):
            if not isinstance(phase, str):
                self.error(
                    location,
                    _("Fase nr. %(index)s skal være tekst, ikke %(type)s.")
                    % {"index": index, "type": _type_name(phase)},
                )
            elif phase not in self.phases:
                self.error(
                    location,
                    _("Ukendt fase %(value)s. Gyldige: %(valid)s.")
                    % {"value": _quote(phase), "valid": _valid(self.phases)},
                )
            elif phase in seen:
                self.error(
                    location, _("Fasen %(value)s står flere gange.") % {"value": _quote(phase)}
                )
            else:
                seen.add(phase)


def _storable(value: str) -> bool:
    """PostgreSQL stores neither NUL characters nor lone surrogates."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def validate_document(data) -> list[TemplateFormatError]:
    """Every problem in a parsed document, in document order; empty when it
    can be imported."""
    validator = _Validator()
    validator.document(data)
    return validator.errors


# Upload ---------------------------------------------------------------------

# The json module's messages, in Danish.
_JSON_MESSAGES = {
    "Expecting value": "forventede en værdi",
    "Expecting ',' delimiter": "forventede et komma",
    "Expecting ':' delimiter": "forventede et kolon",
    "Expecting property name enclosed in double quotes": (
        "forventede et feltnavn i dobbelte anførselstegn (eller et overflødigt komma)"
    ),
    "Unterminated string starting at": "teksten, der begynder her, slutter aldrig",
    "Invalid control character at": "tekster må ikke indeholde linjeskift eller tabulatorer",
    "Invalid \\escape": "ugyldig \\-sekvens i en tekst",
    "Extra data": "der står mere efter dokumentets afslutning",
}


class _DuplicateField(ValueError):
    def __init__(self, name: str):
        self.name = name


class _NonFiniteNumber(ValueError):
    pass


def _object_without_duplicates(pairs):
    result = {}
    for name, value in pairs:
        if name in result:
            raise _DuplicateField(name)
        result[name] = value
    return result


def _reject_constant(name):
    raise _NonFiniteNumber(name)


def _size(n: int) -> str:
    """Bytes in decimal units, Danish style: "1,2 MB", "800 kB"."""
    if n >= 1_000_000:
        text = f"{n / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")
        return f"{text} MB"
    if n >= 1_000:
        return f"{round(n / 1_000)} kB"
    return f"{n} byte"


def parse_upload(
    raw_bytes: bytes, max_bytes: int = MAX_UPLOAD_BYTES
) -> tuple[dict | None, list[TemplateFormatError]]:
    """An uploaded file's bytes as `(document, errors)`. The document is None
    when the file cannot be read as JSON; otherwise it is returned even with
    errors (so a page can show its name). Read at most `max_bytes + 1` bytes
    from the upload before calling, so an oversized file is refused without
    reading all of it."""
    where = _("filen")
    if len(raw_bytes) > max_bytes:
        return None, [
            TemplateFormatError(
                where,
                _("Filen er for stor: %(size)s (højst %(max)s).")
                % {"size": _size(len(raw_bytes)), "max": _size(max_bytes)},
            )
        ]
    try:
        text = raw_bytes.decode("utf-8-sig")  # a byte order mark (Windows) is fine
    except UnicodeDecodeError as exc:
        return None, [
            TemplateFormatError(
                where,
                _(
                    "Filen er ikke UTF-8-tekst (ugyldig byte ved position %(position)s). Gem den som UTF-8 og prøv igen."
                )
                % {"position": _number(exc.start + 1)},
            )
        ]
    try:
        data = json.loads(
            text,
            object_pairs_hook=_object_without_duplicates,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as exc:
        reason = _JSON_MESSAGES.get(exc.msg, exc.msg)
        return None, [
            TemplateFormatError(
                where,
                _("Filen er ikke gyldig JSON: linje %(line)s, kolonne %(column)s: %(reason)s.")
                % {"line": exc.lineno, "column": exc.colno, "reason": reason},
            )
        ]
    except _DuplicateField as exc:
        return None, [
            TemplateFormatError(
                where,
                _("Filen er ikke gyldig: feltet %(name)s står to gange i samme objekt.")
                % {"name": _quote(exc.name)},
            )
        ]
    except _NonFiniteNumber as exc:
        return None, [
            TemplateFormatError(
                where,
                _("Filen er ikke gyldig JSON: %(value)s er ikke et tal i JSON.")
                % {"value": str(exc)},
            )
        ]
    except RecursionError:
        return None, [
            TemplateFormatError(where, _("Filen er ikke gyldig JSON: den er for dybt indlejret."))
        ]
    return data, validate_document(data)


# Import ---------------------------------------------------------------------


def import_document(data, *, municipality_id, user=None):
    """A valid document as a new draft version: of the municipality's template
    with the document's key if it has one, else of a new template (then named
    from the document). `municipality_id=None` means the national standard;
    the caller checks that `user` may do this. A published version is never
    changed, and an existing template's name, description and source are kept.
    The document's `version` is ignored (the draft gets the next number); its
    `change_note` becomes the draft's change note. Raises `InvalidTemplate`
    with all errors when the document is invalid."""
    from django.db import transaction

    from .models import QuestionTemplate

    errors = validate_document(data)
    if errors:
        raise InvalidTemplate(errors)
    with transaction.atomic():
        # Lock the template so two imports do not pick the same number.
        template = (
            QuestionTemplate.objects.select_for_update()
            .filter(municipality_id=municipality_id, key=data["key"])
            .first()
        )
        number = None
        if template is not None:
            draft = template.versions.filter(status="kladde").first()
            if draft is not None:
                # One draft per template: the editor keeps it that way too.
                raise InvalidTemplate(
                    [
                        TemplateFormatError(
                            "dokumentet",
                            _(
                                "Skabelonen “%(name)s” har allerede en kladde (version %(number)s). "
                                "Udgiv den eller ret i den i stedet."
                            )
                            % {"name": template.name, "number": draft.number},
                        )
                    ]
                )
            latest = template.versions.order_by("-number").values_list("number", flat=True)
            number = (latest.first() or 0) + 1
        version = build_version(data, municipality_id=municipality_id, number=number)
        change_note = data.get("change_note", "")
        if change_note:
            version.change_note = change_note
            version.save(update_fields=["change_note"])
    logger.info(
        "Imported template %r as version %s (municipality %s) by %s",
        data["key"],
        version.number,
        municipality_id,
        getattr(user, "pk", None),
    )
    return version
