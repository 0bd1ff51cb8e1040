"""Templates in and out of the database: the shipped standard template,
`build_version` (a document as a new draft version), `export_version` and
`import_document` (a checked document as a new draft of a municipality's
template).

The models are imported inside the functions: the models import this package
for their key validators, and a data migration passes its own historical
models to `build_version`."""

import json
import logging
from pathlib import Path
from types import SimpleNamespace

from django.db import transaction
from django.utils.translation import gettext as _

from .schema import FORMAT
from .validation import InvalidTemplate, TemplateFormatError, validate_document

logger = logging.getLogger(__name__)

STANDARD_TEMPLATE_PATH = Path(__file__).parents[1] / "standard" / "sammen-om-ny-teknologi.json"
# Version 1 as it was published, kept word for word: the migrations that
# shipped it (and gave it its follow-up texts) read it, so a fresh install
# publishes the same version 1 before version 2.
STANDARD_TEMPLATE_V1_PATH = STANDARD_TEMPLATE_PATH.with_name("sammen-om-ny-teknologi-v1.json")


def read_standard_template(number: int | None = None) -> dict:
    """The shipped standard template: the current one (version 2), or with
    `number=1` version 1 as published."""
    path = STANDARD_TEMPLATE_V1_PATH if number == 1 else STANDARD_TEMPLATE_PATH
    return json.loads(path.read_text(encoding="utf-8"))


def app_models() -> SimpleNamespace:
    from .. import models

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
    optional_texts = _optional_question_texts(models.Question)
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
                **{name: q.get(name, "") for name in optional_texts},
                kind=q["kind"],
                choices=q.get("choices", []),
                phases=q["phases"],
                required=q.get("required", False),
                order=order,
            )
            for order, q in enumerate(section_data["questions"], start=1)
        )
    return version


def _optional_question_texts(question_model) -> list[str]:
    """The question's optional texts the given model has: an early data
    migration's historical model (the one that ships the standard template)
    predates the follow-up text, which a later migration fills in."""
    names = {field.name for field in question_model._meta.get_fields()}
    return [name for name in ("guidance", "followup_text") if name in names]


def export_version(version) -> dict:
    """The version as a document in the exchange format, sections and
    questions in order, with its number and change note as information.
    Three queries at most, however large the template."""
    from ..models import Question, Section

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
                        "followup_text": q.followup_text,
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


def import_document(data, *, municipality_id, user=None):
    """A valid document as a new draft version: of the municipality's template
    with the document's key if it has one, else of a new template (then named
    from the document). `municipality_id=None` means the national standard;
    the caller checks that `user` may do this. A published version is never
    changed, and an existing template's name, description and source are kept.
    The document's `version` is ignored (the draft gets the next number); its
    `change_note` becomes the draft's change note. Raises `InvalidTemplate`
    with all errors when the document is invalid."""
    from ..models import QuestionTemplate

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
                            _("dokumentet"),
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
