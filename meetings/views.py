from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations.tenancy import CHANGE
from packs.access import readable_packs
from workbench.reauth import password_confirmation_required

from .access import (
    can_manage_meeting,
    get_action_for_user,
    get_item_for_user,
    get_meeting_for_user,
    managed_committees,
    visible_items,
)
from .forms import ActionForm, ActionStatusForm, AgendaItemForm, MeetingForm, OutcomeForm
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


def _meeting_context(request, meeting, problem="", **forms):
    items = list(
        visible_items(request.user)
        .filter(meeting=meeting)
        .select_related("project", "carried_from__meeting")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("owner")))
    )
    manage = can_manage_meeting(request.user, meeting)
    if manage and not meeting.minutes_frozen:
        _attach_item_forms(meeting, items)
    return {
        "meeting": meeting,
        "problem": problem,
        "items": items,
        "hidden_closed": meeting.items.count() - len(items),
        "can_manage": manage,
        "item_form": forms.get("item_form") or AgendaItemForm(meeting=meeting),
        "action_statuses": Action.Status.choices,
        "packs": readable_packs(request.user)
        .filter(meeting=meeting)
        .select_related("item", "requested_by"),
        "open_actions": Action.objects.open()
        .filter(
            item__meeting__committee=meeting.committee,
            item__meeting__starts_at__lt=meeting.starts_at,
        )
        .filter(item__in=visible_items(request.user))
        .select_related("owner", "item__meeting"),
    }


def _attach_item_forms(meeting, items) -> None:
    """Each item's minutes and follow-up forms, with ids unique per item. The
    people who can own a follow-up are read once for all the items."""
    owners = ActionForm(meeting=meeting).fields["owner"]
    owner_choices = [("", _("– vælg –")), *((user.pk, str(user)) for user in owners.queryset)]
    for item in items:
        item.outcome_form = OutcomeForm(
            initial={
                "decision": item.decision,
                "dissent": item.dissent,
                "dissent_side": item.dissent_side,
            },
            auto_id=f"%s-{item.pk}",
        )
        item.action_form = ActionForm(meeting=meeting, auto_id=f"%s-{item.pk}")
        item.action_form.fields["owner"].choices = owner_choices


def _agenda_response(request, meeting, status=200, problem="", **forms):
    template = "meetings/meeting_detail.html"
    if request.htmx:
        template += "#agenda"
    context = _meeting_context(request, meeting, problem, **forms)
    return render(request, template, context, status=status)


def _done(request, meeting, message):
    if request.htmx:
        return _agenda_response(request, meeting)
    messages.success(request, message)
    return redirect("meeting_detail", pk=meeting.pk)


def _refused(request, meeting, exc):
    if request.htmx:
        return _agenda_response(request, meeting, status=400, problem=" ".join(exc.messages))
    messages.error(request, " ".join(exc.messages))
    return redirect("meeting_detail", pk=meeting.pk)


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
        return _refused(request, meeting, exc)
    return _done(request, meeting, _("Punktet er tilføjet."))


@login_required
@require_POST
def item_move(request, pk, item_id):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    item = get_item_for_user(request.user, meeting, item_id)
    try:
        meeting.move_item(item, -1 if request.POST.get("direction") == "up" else 1)
    except ValidationError as exc:
        return _refused(request, meeting, exc)
    return _done(request, meeting, _("Rækkefølgen er ændret."))


@login_required
@require_POST
def item_outcome(request, pk, item_id):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    item = get_item_for_user(request.user, meeting, item_id)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            meeting,
            ValidationError(
                _("Referatet er ikke gemt: %(errors)s")
                % {"errors": " ".join(e for errors in form.errors.values() for e in errors)}
            ),
        )
    try:
        item.record_outcome(**form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, meeting, exc)
    return _done(request, meeting, _("Referatet for punktet er gemt."))


@login_required
@require_POST
def action_add(request, pk, item_id):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    item = get_item_for_user(request.user, meeting, item_id)
    form = ActionForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _refused(
            request,
            meeting,
            ValidationError(_("Opfølgningen er ikke gemt: udfyld hvad og ansvarlig.")),
        )
    try:
        item.add_action(**form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, meeting, exc)
    return _done(request, meeting, _("Opfølgningen er tilføjet."))


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
    return redirect("meeting_detail", pk=action.item.meeting_id)


@login_required
@require_POST
def meeting_held(request, pk):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    try:
        meeting.mark_held()
    except ValidationError as exc:
        return _refused(request, meeting, exc)
    return _done(request, meeting, _("Mødet er markeret som afholdt."))


@login_required
@require_POST
@password_confirmation_required
def meeting_approve(request, pk):
    meeting = get_meeting_for_user(request.user, pk, action=CHANGE)
    try:
        meeting.approve_minutes(request.user)
    except ValidationError as exc:
        return _refused(request, meeting, exc)
    return _done(request, meeting, _("Referatet er godkendt og låst."))
