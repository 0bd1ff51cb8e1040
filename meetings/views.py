from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.tenancy import CHANGE
from packs.access import listed_packs
from packs.docx import DOCX
from workbench.ordering import MoveForm
from workbench.reauth import password_confirmation_required

from .access import (
    SIGN,
    action_rights,
    controls_for,
    get_action_for_user,
    get_item_for_user,
    get_meeting_for_user,
    managed_committees,
    signing_seat,
    visible_items,
)
from .forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    MeetingForm,
    OutcomeForm,
    SignMinutesForm,
)
from .minutes import minutes_docx, minutes_filename, minutes_pdf
from .models import Action, Meeting


@login_required
def meeting_list(request):
    meetings = Meeting.objects.for_user(request.user).select_related("committee")
    return render(
        request,
        "meetings/meeting_list.html",
        {"meetings": meetings, "can_create": managed_committees(request.user).exists()},
    )


@login_required
def meeting_create(request):
    committees = managed_committees(request.user)
    if not committees.exists():
        raise PermissionDenied
    form = MeetingForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.created_by = request.user
        meeting.save()
        if form.cleaned_data["carry_over"]:
            carried = meeting.carry_over_undecided()
            if carried:
                messages.info(
                    request,
                    _("%(count)s uafklarede punkter er overført fra tidligere møder.")
                    % {"count": len(carried)},
                )
        messages.success(request, _("Mødet er oprettet."))
        return redirect("meeting_detail", pk=meeting.pk)
    return render(
        request, "meetings/meeting_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    return render(request, "meetings/meeting_detail.html", _meeting_context(request, meeting))


def _meeting_context(request, meeting, problem="", open_item=None, **forms):
    """The meeting page. The new item's form and each item's edit and
    minutes forms come when the organiser opens them (`item_add_form`,
    `item_forms`): they list every project and person of the municipality,
    hundreds of options each. Only `open_item` (the one just refused, or
    opened without JavaScript) has them on the page, and the new item's
    form when `forms` has it, bound to what was sent."""
    items = list(
        visible_items(request.user)
        .filter(meeting=meeting)
        .select_related("project", "carried_from__meeting")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("owner")), "attachments"
        )
    )
    controls = controls_for(request.user, meeting)
    for item in items:
        if item.pk == open_item:
            _attach_item_forms(meeting, item, controls, **forms)
    open_actions = list(
        Action.objects.open()
        .filter(
            item__meeting__committee=meeting.committee,
            item__meeting__starts_at__lt=meeting.starts_at,
        )
        # An index lookup per action, not every visible item of the municipality.
        .filter(Exists(visible_items(request.user).filter(pk=OuterRef("item_id"))))
        .select_related("owner", "item__meeting")
    )
    rights = action_rights(request.user)
    for action in open_actions:
        action.can_change = rights.may_change(action)
    hidden_closed = meeting.items.count() - len(items)
    return {
        "meeting": meeting,
        "problem": problem,
        "items": items,
        "hidden_closed": hidden_closed,
        # The closed items' material (a pack apart) for those who see them all.
        "closed_material": not hidden_closed and any(item.is_closed for item in items),
        "attendance_form": AttendanceForm(
            initial={"attendees": list(meeting.attendees.values_list("pk", flat=True))},
            meeting=meeting,
        )
        if controls.write_minutes
        else None,
        "attended": meeting.attendance()[0] if meeting.was_held else [],
        "controls": controls,
        **_signatures(meeting),
        "item_form": forms.get("item_form"),
        "action_statuses": Action.Status.choices,
        **listed_packs(request.user, meeting),
        "open_actions": open_actions,
    }


def _attach_item_forms(
    meeting, item, controls, edit_form=None, outcome_form=None, action_form=None, **_
) -> None:
    """The item's forms the user may use (edit; minutes and follow-up), with
    ids unique per item; a form given (bound to a refused post) is kept."""
    if controls.edit_agenda:
        item.edit_form = edit_form or _edit_form(meeting, item)
    if controls.write_minutes:
        item.outcome_form = outcome_form or _outcome_form(item)
        item.action_form = action_form or _action_form(meeting, item)


def _edit_form(meeting, item, data=None):
    # A posted form gets no instance: validating it would write the new
    # values into the item before `item.change` compares old and new.
    instance = item if data is None else None
    return AgendaItemForm(data, instance=instance, meeting=meeting, auto_id=f"%s-e{item.pk}")


def _outcome_form(item, data=None):
    initial = {
        "decision": item.decision,
        "dissent": item.dissent,
        "dissent_side": item.dissent_side,
    }
    return OutcomeForm(data, initial=initial, auto_id=f"%s-{item.pk}")


def _action_form(meeting, item, data=None):
    return ActionForm(data, meeting=meeting, auto_id=f"%s-{item.pk}")


@login_required
def item_forms(request, pk, item_id, part):
    """One item's edit or minutes forms, when the organiser opens them: the
    fragment for htmx, else the meeting page with the item's forms open."""
    meeting = get_meeting_for_user(request.user, pk)
    item = get_item_for_user(request.user, meeting, item_id)
    controls = controls_for(request.user, meeting)
    if not (controls.edit_agenda if part == "edit" else controls.write_minutes):
        raise PermissionDenied
    if not request.htmx:
        context = _meeting_context(request, meeting, open_item=item.pk)
        return render(request, "meetings/meeting_detail.html", context)
    _attach_item_forms(meeting, item, controls)
    context = {"meeting": meeting, "item": item, **_signatures(meeting)}
    return render(request, f"meetings/meeting_detail.html#item-{part}", context)


@login_required
def item_add_form(request, pk):
    """The new item's form, when the organiser opens it: the fragment for
    htmx, else the meeting page with the form open."""
    meeting = get_meeting_for_user(request.user, pk)
    if not controls_for(request.user, meeting).edit_agenda:
        raise PermissionDenied
    form = AgendaItemForm(meeting=meeting)
    if not request.htmx:
        context = _meeting_context(request, meeting, item_form=form)
        return render(request, "meetings/meeting_detail.html", context)
    context = {"meeting": meeting, "item_form": form}
    return render(request, "meetings/meeting_detail.html#item-add", context)


def _signatures(meeting) -> dict:
    """The minutes' signature lines once the meeting is held, and whether
    anyone has signed (a change to the minutes then asks both again)."""
    signatures = meeting.signature_sheet() if meeting.was_held else []
    return {
        "signatures": signatures,
        "minutes_signed": any(line.signature for line in signatures),
    }


def _agenda_response(request, meeting, status=200, problem="", **forms):
    template = "meetings/meeting_detail.html"
    if request.htmx:
        template += "#agenda"
    context = _meeting_context(request, meeting, problem, **forms)
    return render(request, template, context, status=status)


def _done(request, meeting, message, **forms):
    if request.htmx:
        return _agenda_response(request, meeting, **forms)
    messages.success(request, message)
    return redirect("meeting_detail", pk=meeting.pk)


def _refused(request, meeting, exc, **forms):
    if request.htmx:
        problem = " ".join(exc.messages)
        return _agenda_response(request, meeting, status=400, problem=problem, **forms)
    messages.error(request, " ".join(exc.messages))
    return redirect("meeting_detail", pk=meeting.pk)


def _apply(request, meeting, change, message):
    """Run one model action on the meeting; what the model refuses is shown
    in Danish, on the agenda."""
    try:
        change()
    except ValidationError as exc:
        return _refused(request, meeting, exc)
    return _done(request, meeting, message)


def _form_refused(request, meeting, item, message, **forms):
    """A refused item form: the agenda again, with the item's forms open and
    what was typed kept, and the reasons above it."""
    errors = " ".join(e for form in forms.values() for es in form.errors.values() for e in es)
    problem = f"{message} {errors}".strip()
    return _agenda_response(request, meeting, 400, problem, open_item=item.pk, **forms)


@login_required
@require_POST
def item_add(request, pk):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    form = AgendaItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _agenda_response(request, meeting, status=400, item_form=form)
    try:
        meeting.add_item(**form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, meeting, exc, item_form=form)
    # On the agenda, the form stays open, empty, for the next item.
    added = _("Punktet er tilføjet.")
    return _done(request, meeting, added, item_form=AgendaItemForm(meeting=meeting))


@login_required
@require_POST
def item_edit(request, pk, item_id):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    item = get_item_for_user(request.user, meeting, item_id)
    form = _edit_form(meeting, item, request.POST)
    if not form.is_valid():
        return _form_refused(request, meeting, item, _("Punktet er ikke gemt:"), edit_form=form)
    return _apply(request, meeting, lambda: item.change(**form.cleaned_data), _("Punktet er gemt."))


@login_required
@require_POST
def item_remove(request, pk, item_id):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    item = get_item_for_user(request.user, meeting, item_id)
    removed = _("Punktet er fjernet fra dagsordenen.")
    return _apply(request, meeting, lambda: meeting.remove_item(item), removed)


@login_required
@require_POST
def item_move(request, pk, item_id):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    item = get_item_for_user(request.user, meeting, item_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", status=400)
    moved = _("Rækkefølgen er ændret.")
    return _apply(request, meeting, lambda: meeting.move_item(item, form.offset()), moved)


@login_required
@require_POST
def item_outcome(request, pk, item_id):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    item = get_item_for_user(request.user, meeting, item_id)
    form = _outcome_form(item, request.POST)
    if not form.is_valid():
        return _form_refused(
            request, meeting, item, _("Referatet er ikke gemt:"), outcome_form=form
        )
    saved = _("Referatet for punktet er gemt.")
    return _apply(request, meeting, lambda: item.record_outcome(**form.cleaned_data), saved)


@login_required
@require_POST
def action_add(request, pk, item_id):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    item = get_item_for_user(request.user, meeting, item_id)
    form = _action_form(meeting, item, request.POST)
    if not form.is_valid():
        refused = _("Opfølgningen er ikke gemt: udfyld hvad og ansvarlig.")
        return _form_refused(request, meeting, item, refused, action_form=form)
    added = _("Opfølgningen er tilføjet.")
    return _apply(request, meeting, lambda: item.add_action(**form.cleaned_data), added)


@login_required
@require_POST
def action_status(request, action_id):
    action = get_action_for_user(request.user, action_id)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        action.set_status(form.cleaned_data["status"])
        messages.success(request, _("Status for opfølgningen er gemt."))
    else:
        messages.error(request, _("Ukendt status."))
    if action.item_id is not None:
        return redirect("meeting_detail", pk=action.item.meeting_id)
    return redirect(f"{reverse('action_list')}?projekt={action.project_id}")


@login_required
@require_POST
def material_sent(request, pk):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    sent = _("Materialet er markeret som sendt ud. Dagsordenen er låst.")
    return _apply(request, meeting, lambda: meeting.mark_material_sent(request.user), sent)


@login_required
@require_POST
def meeting_held(request, pk):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    return _apply(request, meeting, meeting.mark_held, _("Mødet er markeret som afholdt."))


@login_required
@password_confirmation_required
def meeting_approve(request, pk):
    """The chair or vice-chair reads what they sign (undecided items listed)
    and confirms; the minutes are approved when both have signed."""
    meeting = get_meeting_for_user(request.user, pk, action=SIGN)
    seat = signing_seat(request.user, meeting)
    form = SignMinutesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting.sign_minutes(seat)
        except ValidationError as exc:
            return _refused(request, meeting, exc)
        if meeting.minutes_frozen:
            messages.success(
                request, _("Referatet er underskrevet af begge og nu godkendt og låst.")
            )
        else:
            messages.success(request, _("Du har underskrevet referatet."))
        return redirect("meeting_detail", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "seat": seat,
        "signs_now": meeting.awaits_signature_from(seat.role),
        "form": form,
        "signatures": meeting.signature_sheet(),
        "undecided": visible_items(request.user).filter(meeting=meeting).undecided(),
    }
    return render(
        request, "meetings/meeting_approve.html", context, status=400 if form.errors else 200
    )


@login_required
def meeting_minutes_pdf(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    response = HttpResponse(minutes_pdf(meeting, request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{minutes_filename(meeting)}"'
    return response


@login_required
def meeting_minutes_docx(request, pk):
    """The same minutes as the PDF, as a Word file to paste from."""
    meeting = get_meeting_for_user(request.user, pk)
    response = HttpResponse(minutes_docx(meeting, request.user), content_type=DOCX)
    filename = minutes_filename(meeting).removesuffix(".pdf") + ".docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    if not controls_for(request.user, meeting).write_minutes:
        raise PermissionDenied
    form = AttendanceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["attendees"]))
        return redirect("meeting_detail", pk=meeting.pk)
    return _apply(
        request,
        meeting,
        lambda: meeting.record_attendance(form.cleaned_data["attendees"]),
        _("Fremmødet er gemt."),
    )
