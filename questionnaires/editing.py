"""Changing templates: drafts, their sections and questions, publishing and
retiring. Every change is recorded in the version's audit trail."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from workbench.ordering import move_in_order

from . import template_format
from .models import Question, QuestionTemplate, Section, TemplateChange, TemplateVersion


def record(version: TemplateVersion, user, summary: str) -> TemplateChange:
    return TemplateChange.objects.create(version=version, changed_by=user, summary=summary[:500])


@transaction.atomic
def derive_template(source: TemplateVersion, municipality, user, name: str) -> TemplateVersion:
    """A municipality's own template, starting as a draft copy of `source`."""
    document = template_format.export_version(source)
    key = _unique_key(municipality, document["key"])
    document.update(key=key, name=name, description=document.get("description", ""))
    draft = template_format.build_version(document, municipality_id=municipality.pk, number=1)
    record(
        draft,
        user,
        _("Oprettet som kopi af %(template)s version %(number)s")
        % {"template": source.template.name, "number": source.number},
    )
    return draft


def _unique_key(municipality, key: str) -> str:
    candidate, n = key, 1
    while QuestionTemplate.objects.filter(municipality=municipality, key=candidate).exists():
        n += 1
        candidate = f"{key}-{n}"
    return candidate


@transaction.atomic
def new_draft(version: TemplateVersion, user) -> TemplateVersion:
    """The next version of the same template, as a draft copy of `version`.
    Only one draft per template at a time: an existing one is returned."""
    existing = version.template.versions.filter(status=TemplateVersion.Status.DRAFT).first()
    if existing:
        return existing
    document = template_format.export_version(version)
    draft = template_format.build_version(
        document, municipality_id=version.template.municipality_id
    )
    record(draft, user, _("Ny kladde ud fra version %(number)s") % {"number": version.number})
    return draft


def publish(version: TemplateVersion, user, change_note: str) -> None:
    version.publish(user, change_note)
    record(version, user, _("Udgivet: %(note)s") % {"note": change_note})


def retire(version: TemplateVersion, user) -> None:
    version.retire(user)
    record(version, user, _("Udgået"))


def save_section(form, version: TemplateVersion, user) -> Section:
    section = form.save(commit=False)
    created = section.pk is None
    section.version = version
    if created:
        section.order = (version.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section.save()
    record(
        version,
        user,
        (_("Afsnit tilføjet: %(title)s") if created else _("Afsnit ændret: %(title)s"))
        % {"title": section.title},
    )
    return section


def save_question(form, section: Section, user) -> Question:
    question = form.save(commit=False)
    created = question.pk is None
    if created:
        question.section = section
        question.order = (section.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    question.save()
    changed = ", ".join(form.changed_data)
    record(
        section.version,
        user,
        _("Spørgsmål tilføjet: %(key)s") % {"key": question.key}
        if created
        else _("Spørgsmål ændret: %(key)s (%(fields)s)") % {"key": question.key, "fields": changed},
    )
    return question


def delete_question(question: Question, user) -> None:
    version = question.section.version
    key = question.key
    question.delete()
    record(version, user, _("Spørgsmål fjernet: %(key)s") % {"key": key})


def delete_section(section: Section, user) -> None:
    version = section.version
    title = section.title
    for question in section.questions.all():
        question.delete()
    section.delete()
    record(version, user, _("Afsnit fjernet: %(title)s") % {"title": title})


def move(obj, siblings, offset: int, user, label: str) -> None:
    """Move a section or question one place up (−1) or down (+1)."""
    if move_in_order(obj, siblings, offset):
        version = obj.version if isinstance(obj, Section) else obj.section.version
        summary = _("Flyttet op: %(what)s") if offset < 0 else _("Flyttet ned: %(what)s")
        record(version, user, summary % {"what": label})
