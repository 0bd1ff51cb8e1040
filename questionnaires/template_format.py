"""The template exchange format ("med-workbench-template/1"): the standard
template ships in it (`standard/sammen-om-ny-teknologi.json`), and
municipalities will share their own templates in it.

`build_version` turns a parsed document into a new template version. It takes
the model classes as arguments so a data migration can pass its historical
models and the app can pass the real ones: one builder for both.
"""

import json
from pathlib import Path
from types import SimpleNamespace

FORMAT = "med-workbench-template/1"
STANDARD_TEMPLATE_PATH = Path(__file__).parent / "standard" / "sammen-om-ny-teknologi.json"


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
