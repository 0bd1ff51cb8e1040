from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import get_attachment_for_user, item_to_attach_to, project_to_attach_to
from .forms import AttachmentForm
from .models import Attachment


@login_required
@require_POST
def attach_to_project(request, project_id):
    project = project_to_attach_to(request.user, project_id)
    _attach(request, project=project, municipality_id=project.municipality_id)
    return redirect("project_detail", pk=project.pk)


@login_required
@require_POST
def attach_to_item(request, item_id):
    item = item_to_attach_to(request.user, item_id)
    _attach(request, item=item, municipality_id=item.meeting.committee.municipality_id)
    return redirect("meeting_detail", pk=item.meeting_id)


def _attach(request, **where) -> None:
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return
    upload = form.cleaned_data["fil"]
    attachment = Attachment(
        name=form.safe_name,
        kind=form.kind,
        size=upload.size,
        pages=form.pages,
        uploaded_by=request.user,
        **where,
    )
    attachment.file.save(form.safe_name, upload, save=False)
    attachment.save()
    messages.success(request, _("%(name)s er vedhæftet.") % {"name": attachment.name})


@login_required
def download(request, pk):
    """Only through the access check, and always as a download: the
    browser never shows an uploaded file as a page of ours."""
    attachment = get_attachment_for_user(request.user, pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
