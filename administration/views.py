"""The municipal administration: committees and their seats, users and
their roles, and the record of every change. Thin views: access check →
form → service → redirect; role and seat changes ask for the password again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from organisations import personal_data
from organisations.models import Membership, User
from workbench.reauth import password_confirmation_required

from . import services
from .access import (
    get_committee_for_admin,
    get_seat_for_admin,
    get_user_for_admin,
    municipal_admin_required,
)
from .forms import (
    AnonymiseForm,
    CommitteeForm,
    EndSeatForm,
    InviteForm,
    LogPageForm,
    ProfileForm,
    RolesForm,
    SeatForm,
)
from .invitations import send_invitation
from .models import ChangeRecord
from .tree import committee_tree

LOG_PAGE_SIZE = 50


@require_GET
@municipal_admin_required
def overview(request):
    municipality = request.user.municipality
    return render(
        request,
        "administration/overview.html",
        {
            "tree": committee_tree(municipality.pk),
            "users": User.objects.for_user(request.user).count(),
            "recent": ChangeRecord.objects.for_user(request.user).select_related("actor")[:5],
        },
    )


# -- committees and seats ---------------------------------------------------


@municipal_admin_required
def committee_create(request):
    municipality = request.user.municipality
    form = CommitteeForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        committee = services.save_committee(request.user, form.instance)
        messages.success(request, _("Udvalget %(name)s er oprettet.") % {"name": committee})
        return redirect("admin_committee", pk=committee.pk)
    status = 400 if form.errors else 200
    return render(request, "administration/committee_form.html", {"form": form}, status=status)


@require_GET
@municipal_admin_required
def committee_detail(request, pk):
    committee = get_committee_for_admin(request.user, pk)
    return _committee_page(request, committee)


def _committee_page(request, committee, status=200, **forms):
    seats = committee.memberships.select_related("user").order_by("-valid_from", "id")
    current = set(committee.memberships.current().values_list("pk", flat=True))
    context = {
        "committee": committee,
        "current_seats": [seat for seat in seats if seat.pk in current],
        "past_seats": [seat for seat in seats if seat.pk not in current],
        "committee_form": forms.get("committee_form")
        or CommitteeForm(instance=committee, municipality=committee.municipality),
        "seat_form": forms.get("seat_form") or SeatForm(committee=committee),
        "end_form": EndSeatForm(),
    }
    return render(request, "administration/committee_detail.html", context, status=status)


@require_POST
@municipal_admin_required
def committee_edit(request, pk):
    committee = get_committee_for_admin(request.user, pk)
    form = CommitteeForm(request.POST, instance=committee, municipality=committee.municipality)
    if not form.is_valid():
        committee.refresh_from_db()
        return _committee_page(request, committee, status=400, committee_form=form)
    services.save_committee(request.user, form.instance)
    messages.success(request, _("Udvalget er gemt."))
    return redirect("admin_committee", pk=committee.pk)


@require_POST
@municipal_admin_required
@password_confirmation_required
def seat_add(request, pk):
    committee = get_committee_for_admin(request.user, pk)
    form = SeatForm(request.POST, committee=committee)
    if not form.is_valid():
        return _committee_page(request, committee, status=400, seat_form=form)
    seat = services.add_seat(request.user, form.instance)
    messages.success(request, _("%(user)s har fået en plads i udvalget.") % {"user": seat.user})
    return redirect("admin_committee", pk=committee.pk)


@require_POST
@municipal_admin_required
@password_confirmation_required
def seat_end(request, seat_id):
    seat = get_seat_for_admin(request.user, seat_id)
    form = EndSeatForm(request.POST)
    if form.is_valid():
        try:
            services.end_seat(request.user, seat, form.cleaned_data["ends_on"])
        except ValidationError as error:
            form.add_error("ends_on", error.messages)
    if form.errors:
        messages.error(request, " ".join(form.errors.get("ends_on", [])))
        seat.refresh_from_db()
        return _committee_page(request, seat.committee, status=400)
    messages.success(request, _("Pladsen er afsluttet. Den står stadig i udvalgets historik."))
    return redirect("admin_committee", pk=seat.committee_id)


# -- users ------------------------------------------------------------------


@require_GET
@municipal_admin_required
def user_list(request):
    return _user_list_page(request, InviteForm())


def _user_list_page(request, invite_form, status=200):
    users = (
        User.objects.for_user(request.user)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.current().select_related("committee"),
                to_attr="current_seats",
            )
        )
        .order_by("first_name", "last_name", "username")
    )
    context = {"users": users, "invite_form": invite_form}
    return render(request, "administration/user_list.html", context, status=status)


@require_POST
@municipal_admin_required
@password_confirmation_required
def user_invite(request):
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _user_list_page(request, form, status=400)
    user = services.invite_user(request.user, form.instance)
    _report_invitation(request, user, _("Invitationen er sendt til %(email)s."))
    return redirect("admin_user", user_id=user.pk)


def _report_invitation(request, user, sent):
    if send_invitation(request, user, request.user):
        messages.success(request, sent % {"email": user.email})
    else:
        messages.error(
            request,
            _("Invitationen kunne ikke sendes (e-mailserveren svarer ikke). Prøv igen om lidt."),
        )


@require_GET
@municipal_admin_required
def user_detail(request, user_id):
    return _user_page(request, get_user_for_admin(request.user, user_id))


def _user_page(request, person, status=200, **forms):
    seats = person.memberships.select_related("committee").order_by("-valid_from")
    history = ChangeRecord.objects.for_user(request.user).filter(
        kind=ChangeRecord.Kind.USER, object_id=person.pk
    )
    context = {
        "person": person,
        "seats": seats,
        "history": history.select_related("actor")[:20],
        "profile_form": forms.get("profile_form") or ProfileForm(instance=person),
        "roles_form": forms.get("roles_form") or RolesForm(instance=person),
        "anonymise_form": forms.get("anonymise_form") or AnonymiseForm(),
        "invitation_pending": not person.has_usable_password() and person.is_active,
    }
    return render(request, "administration/user_detail.html", context, status=status)


@require_POST
@municipal_admin_required
def user_profile(request, user_id):
    person = get_user_for_admin(request.user, user_id)
    form = ProfileForm(request.POST, instance=person)
    if not form.is_valid():
        person.refresh_from_db()
        return _user_page(request, person, status=400, profile_form=form)
    services.update_profile(request.user, form.instance)
    messages.success(request, _("Oplysningerne er gemt."))
    return redirect("admin_user", user_id=person.pk)


@require_POST
@municipal_admin_required
@password_confirmation_required
def user_roles(request, user_id):
    person = get_user_for_admin(request.user, user_id)
    form = RolesForm(request.POST, instance=person)
    if form.is_valid():
        try:
            services.set_roles(request.user, form.instance)
        except ValidationError as error:
            form.add_error(None, error.messages)
    if form.errors:
        person.refresh_from_db()
        return _user_page(request, person, status=400, roles_form=form)
    messages.success(request, _("Rollerne er gemt."))
    return redirect("admin_user", user_id=person.pk)


@require_POST
@municipal_admin_required
@password_confirmation_required
def user_deactivate(request, user_id):
    return _set_active(request, user_id, False, _("%(user)s kan ikke længere logge ind."))


@require_POST
@municipal_admin_required
@password_confirmation_required
def user_reactivate(request, user_id):
    return _set_active(request, user_id, True, _("%(user)s kan logge ind igen."))


def _set_active(request, user_id, active, done):
    person = get_user_for_admin(request.user, user_id)
    try:
        services.set_active(request.user, person, active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _user_page(request, person, status=400)
    messages.success(request, done % {"user": person})
    return redirect("admin_user", user_id=person.pk)


@require_POST
@municipal_admin_required
def user_reinvite(request, user_id):
    person = get_user_for_admin(request.user, user_id)
    if person.has_usable_password() or not person.is_active:
        messages.error(
            request, _("%(user)s har allerede taget imod invitationen.") % {"user": person}
        )
        return _user_page(request, person, status=400)
    send_invitation(request, person, request.user)
    messages.success(
        request, _("En ny invitation er sendt til %(email)s.") % {"email": person.email}
    )
    return redirect("admin_user", user_id=person.pk)


@require_POST
@municipal_admin_required
@password_confirmation_required
def user_anonymise(request, user_id):
    person = get_user_for_admin(request.user, user_id)
    form = AnonymiseForm(request.POST)
    if person.pk == request.user.pk:
        form.add_error(None, _("Du kan ikke anonymisere dig selv."))
    if not form.is_valid() or person.anonymised_at:
        return _user_page(request, person, status=400, anonymise_form=form)
    personal_data.anonymise(person, request.user)
    messages.success(request, _("Personen er anonymiseret."))
    return redirect("admin_user", user_id=person.pk)


# -- the record -------------------------------------------------------------


@require_GET
@municipal_admin_required
def change_log(request):
    form = LogPageForm(request.GET)
    number = (form.is_valid() and form.cleaned_data["side"]) or 1
    records = ChangeRecord.objects.for_user(request.user).select_related("actor")
    page = Paginator(records, LOG_PAGE_SIZE).get_page(number)
    return render(
        request,
        "administration/change_log.html",
        {"page": page, "log_url": reverse("admin_change_log")},
    )
