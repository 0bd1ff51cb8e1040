import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from method.vocabulary import Phase
from organisations.tenancy import CHANGE
from workbench.ordering import MoveForm
from workbench.reauth import password_confirmation_required

from . import editing, template_format
from .access import (
    can_create_templates,
    can_edit_template,
    get_version_for_user,
    readable_templates,
)
from .diff import compare_versions
from .forms import (
    CompareForm,
    DeriveForm,
    ImportForm,
    PhaseTabForm,
    PublishForm,
    QuestionForm,
    SectionForm,
)
from .grouping import group_by_core_question


@login_required
def template_list(request):
    templates = (
        readable_templates(request.user)
        .prefetch_related("versions")
        .order_by("municipality", "name")
    )
    return render(
        request,
        "questionnaires/template_list.html",
        {
            "templates": templates,
            "can_create": can_create_templates(request.user),
            "derive_form": DeriveForm(),
            "import_form": ImportForm(),
        },
    )


def _version_context(request, version, **forms):
    sections = list(version.sections.prefetch_related("questions"))
    editable = version.is_editable and can_edit_template(request.user, version.template)
    failed_form, failed_section = forms.get("question_form"), forms.get("form_section_id")
    for section in sections:
        # One add-question form per section, with ids of its own.
        section.question_form = (
            failed_form
            if section.pk == failed_section
            else QuestionForm(version=version, auto_id=f"s{section.pk}_%s")
        )
        section.edit_form = SectionForm(
            instance=section, version=version, auto_id=f"section{section.pk}_%s"
        )
    return {
        "version": version,
        "template": version.template,
        "sections": sections,
        "editable": editable,
        "can_edit": can_edit_template(request.user, version.template),
        "other_versions": version.template.versions.exclude(pk=version.pk),
        "changes": version.changes.select_related("changed_by")[:50],
        "section_form": forms.get("section_form") or SectionForm(version=version),
        "form_section_id": failed_section,
        "publish_form": forms.get("publish_form") or PublishForm(),
        "derive_form": DeriveForm(
            initial={"name": f"{request.user.municipality}: {version.template.name}"}
        ),
    }


@login_required
def version_detail(request, pk):
    version = get_version_for_user(request.user, pk)
    return render(request, "questionnaires/version_detail.html", _version_context(request, version))


def _editor_response(request, version, status=200, **forms):
    template = "questionnaires/version_detail.html"
    if request.htmx:
        template += "#editor"
    return render(request, template, _version_context(request, version, **forms), status=status)


def _draft_for_edit(request, pk):
    version = get_version_for_user(request.user, pk, action=CHANGE)
    if not version.is_editable:
        raise PermissionDenied
    return version


@login_required
@require_POST
def section_save(request, pk, section_id=None):
    version = _draft_for_edit(request, pk)
    section = get_object_or_404(version.sections, pk=section_id) if section_id else None
    form = SectionForm(request.POST, instance=section, version=version)
    if not form.is_valid():
        return _editor_response(request, version, status=400, section_form=form)
    editing.save_section(form, version, request.user)
    return _saved(request, version, _("Afsnittet er gemt."))


@login_required
@require_POST
def question_add(request, pk, section_id):
    version = _draft_for_edit(request, pk)
    section = get_object_or_404(version.sections, pk=section_id)
    form = QuestionForm(request.POST, version=version, auto_id=f"s{section.pk}_%s")
    if not form.is_valid():
        return _editor_response(
            request, version, status=400, question_form=form, form_section_id=section.pk
        )
    editing.save_question(form, section, request.user)
    return _saved(request, version, _("Spørgsmålet er tilføjet."))


@login_required
def question_edit(request, pk, question_id):
    version = _draft_for_edit(request, pk)
    question = get_object_or_404(version.questions(), pk=question_id)
    form = QuestionForm(request.POST or None, instance=question, version=version)
    if request.method == "POST" and form.is_valid():
        editing.save_question(form, question.section, request.user)
        messages.success(request, _("Spørgsmålet er gemt."))
        return redirect(f"{version_url(version)}#q-{question.pk}")
    return render(
        request,
        "questionnaires/question_form.html",
        {"version": version, "question": question, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def question_delete(request, pk, question_id):
    version = _draft_for_edit(request, pk)
    editing.delete_question(get_object_or_404(version.questions(), pk=question_id), request.user)
    return _saved(request, version, _("Spørgsmålet er fjernet fra kladden."))


@login_required
@require_POST
def section_delete(request, pk, section_id):
    version = _draft_for_edit(request, pk)
    editing.delete_section(get_object_or_404(version.sections, pk=section_id), request.user)
    return _saved(request, version, _("Afsnittet er fjernet fra kladden."))


@login_required
@require_POST
def question_move(request, pk, question_id):
    version = _draft_for_edit(request, pk)
    question = get_object_or_404(version.questions(), pk=question_id)
    return _move(request, version, question, question.section.questions, question.key)


@login_required
@require_POST
def section_move(request, pk, section_id):
    version = _draft_for_edit(request, pk)
    section = get_object_or_404(version.sections, pk=section_id)
    return _move(request, version, section, version.sections, section.title)


def _move(request, version, obj, siblings, label):
    form = MoveForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", status=400)
    editing.move(obj, siblings, form.offset(), request.user, label)
    return _saved(request, version, _("Rækkefølgen er ændret."))


def _saved(request, version, message):
    if request.htmx:
        return _editor_response(request, version)
    messages.success(request, message)
    return redirect(version_url(version))


def version_url(version):
    return reverse("template_version", args=[version.pk])


@login_required
@require_POST
@password_confirmation_required
def version_publish(request, pk):
    version = _draft_for_edit(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _editor_response(request, version, status=400, publish_form=form)
    try:
        editing.publish(version, request.user, form.cleaned_data["change_note"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(version_url(version))
    messages.success(request, _("Version %(number)s er udgivet.") % {"number": version.number})
    return redirect(version_url(version))


@login_required
@require_POST
@password_confirmation_required
def version_retire(request, pk):
    version = get_version_for_user(request.user, pk, action=CHANGE)
    try:
        editing.retire(version, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Version %(number)s er udgået.") % {"number": version.number})
    return redirect(version_url(version))


@login_required
@require_POST
def version_new_draft(request, pk):
    version = get_version_for_user(request.user, pk, action=CHANGE)
    draft = editing.new_draft(version, request.user)
    messages.success(request, _("Kladde til version %(number)s.") % {"number": draft.number})
    return redirect(version_url(draft))


@login_required
@require_POST
def template_derive(request, pk):
    source = get_version_for_user(request.user, pk)
    if not can_create_templates(request.user):
        raise PermissionDenied
    form = DeriveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv et navn på kommunens skabelon."))
        return redirect("template_list")
    draft = editing.derive_template(
        source, request.user.municipality, request.user, form.cleaned_data["name"]
    )
    messages.success(request, _("Kommunens skabelon er oprettet som kladde."))
    return redirect(version_url(draft))


@login_required
def version_preview(request, pk):
    """The draft as a committee member will see it in the assessment."""
    version = get_version_for_user(request.user, pk)
    phase_form = PhaseTabForm(request.GET)
    if not phase_form.is_valid():
        raise Http404  # no such phase tab
    phase = phase_form.phase()
    questions = phase_form.questions_in(version.questions())
    return render(
        request,
        "questionnaires/version_preview.html",
        {
            "version": version,
            "phase": phase,
            "phases": Phase.choices,
            "core_questions": group_by_core_question(
                questions, lambda q: {"question": q, "followup": q.followup_in(phase)}
            ),
        },
    )


@login_required
def version_compare(request, pk):
    version = get_version_for_user(request.user, pk)
    form = CompareForm(
        request.GET if "med" in request.GET else None, version=version, user=request.user
    )
    diff = None
    if form.is_valid():
        other = form.cleaned_data["med"]
        old, new = sorted(
            [other, version], key=lambda v: (v.template_id != version.template_id, v.number)
        )
        diff = compare_versions(old, new)
    return render(
        request,
        "questionnaires/version_compare.html",
        {"version": version, "form": form, "diff": diff},
        status=400 if form.errors else 200,
    )


@login_required
def version_export(request, pk):
    version = get_version_for_user(request.user, pk)
    document = template_format.export_version(version)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"{version.template.key}-v{version.number}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@password_confirmation_required
def template_import(request):
    if not can_create_templates(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        document, errors = template_format.read_upload(form.cleaned_data["file"])
        if not errors:
            try:
                draft = template_format.import_document(
                    document, municipality_id=request.user.municipality_id, user=request.user
                )
            except template_format.InvalidTemplate as invalid:
                errors = invalid.errors
            else:
                editing.record(draft, request.user, _("Importeret fra fil"))
                messages.success(request, _("Skabelonen er importeret som kladde."))
                return redirect(version_url(draft))
    status = 400 if (errors or form.errors) else 200
    return render(
        request,
        "questionnaires/template_import.html",
        {"form": form, "errors": errors},
        status=status,
    )
