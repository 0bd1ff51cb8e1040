from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from meetings.access import get_meeting_for_user, hidden_items
from organisations.tenancy import CHANGE

from .access import get_pack_for_user, readable_packs
from .docx import DOCX
from .forms import requested_scope
from .models import Part
from .pipeline import make_pack
from .services import request_meeting_packs, request_pack, retry_pack


@login_required
@require_POST
def pack_request(request, meeting_id):
    meeting = get_meeting_for_user(request.user, meeting_id, action=CHANGE)
    scope = requested_scope(request.POST, meeting, request.user)
    kind = {"appendix": scope.appendix, "attachments": scope.attachments}
    if scope.item is None:
        packs = request_meeting_packs(meeting, request.user, **kind)
    else:
        packs = [request_pack(meeting, scope.item, request.user, **kind)]
    if request.htmx:
        return render(request, "packs/_pack_states.html", {"packs": packs})
    failed = [pack for pack in packs if pack.status == pack.Status.FAILED]
    for pack in failed:
        messages.error(request, pack.error)
    if not failed:
        messages.success(request, _("Mødematerialet er sat i kø."))
    return redirect("meeting_detail", pk=meeting.pk)


@login_required
def pack_state(request, pk):
    """Polled by htmx while the pack is being made; stops when it is done."""
    pack = get_pack_for_user(request.user, pk)
    response_class = HttpResponse if pack.is_in_progress else HttpResponseStopPolling
    html = render(request, "packs/_pack_state.html", {"pack": pack}).content
    return response_class(html)


@login_required
@require_POST
def pack_retry(request, pk):
    pack = retry_pack(get_pack_for_user(request.user, pk))
    if request.htmx:
        return render(request, "packs/_pack_state.html", {"pack": pack})
    return redirect("meeting_detail", pk=pack.meeting_id)


@login_required
def pack_download(request, pk):
    pack = get_pack_for_user(request.user, pk)
    if pack.status != pack.Status.READY:
        raise Http404
    return FileResponse(
        pack.file.open("rb"),
        as_attachment=True,
        filename=pack.filename,
        content_type="application/pdf",
    )


@login_required
def pack_download_docx(request, pk):
    pack = get_pack_for_user(request.user, pk)
    if pack.status != pack.Status.READY or not pack.docx:
        raise Http404
    return FileResponse(
        pack.docx.open("rb"), as_attachment=True, filename=pack.docx_filename, content_type=DOCX
    )


@login_required
def pack_list(request, meeting_id):
    """Every kept pack of the meeting the user may read, newest first."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    packs = (
        readable_packs(request.user, meeting=meeting)
        .for_listing()
        .select_related("item", "requested_by")
    )
    return render(request, "packs/pack_list.html", {"meeting": meeting, "packs": packs})


@login_required
def pack_preview(request, meeting_id):
    """The same content as the PDF, in the browser."""
    meeting = get_meeting_for_user(request.user, meeting_id)
    scope = requested_scope(request.GET, meeting, request.user)
    closed_for_all = scope.item is None and scope.part == Part.CLOSED
    if closed_for_all and hidden_items(request.user).filter(meeting=meeting).exists():
        raise Http404  # the meeting's closed items: one of them this user may not see
    output = make_pack(
        meeting, scope.item, part=scope.part, appendix=scope.appendix, screen_for=request
    )
    return HttpResponse(output.html)
