"""What a municipal administrator does, each change recorded (`history`):
committees, seats, users and their roles. Views call these; the rules on
the objects themselves (a committee's place in the tree, a seat's dates)
are the models' `clean`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Committee, Membership, User

from .history import Action, Kind, Recorded, record, snapshot

COMMITTEE_FIELDS = ["name", "level", "parent", "material_days"]
SEAT_FIELDS = ["user", "committee", "side", "role", "valid_from", "valid_to"]
PROFILE_FIELDS = ["first_name", "last_name", "email"]
ROLE_FIELDS = ["is_municipal_admin", "is_project_lead", "is_template_admin"]
USER_FIELDS = ["username", *PROFILE_FIELDS, *ROLE_FIELDS, "is_active"]


@transaction.atomic
def save_committee(actor, committee: Committee) -> Committee:
    action = Action.CREATED if committee.pk is None else Action.CHANGED
    with Recorded(actor, Kind.COMMITTEE, committee, COMMITTEE_FIELDS, action):
        committee.full_clean()
        committee.save()
    return committee


@transaction.atomic
def add_seat(actor, seat: Membership) -> Membership:
    with Recorded(actor, Kind.SEAT, seat, SEAT_FIELDS, Action.CREATED):
        seat.full_clean()
        seat.save()
    return seat


@transaction.atomic
def end_seat(actor, seat: Membership, ends_on) -> Membership:
    """The seat stops on `ends_on` (kept as history from then on)."""
    seat.valid_to = ends_on
    with Recorded(actor, Kind.SEAT, seat, SEAT_FIELDS, Action.ENDED):
        seat.full_clean()
        seat.save(update_fields=["valid_to"])
    return seat


@transaction.atomic
def invite_user(actor, user: User) -> User:
    """A new user of the administrator's municipality, without a password
    until they accept the invitation (`invitations.send_invitation`)."""
    user.municipality = actor.municipality
    user.username = user.email.lower()
    user.set_unusable_password()
    user.full_clean()
    user.save()
    record(
        actor,
        user.municipality,
        Kind.USER,
        user,
        Action.INVITED,
        after=snapshot(user, USER_FIELDS),
    )
    return user


@transaction.atomic
def update_profile(actor, user: User) -> User:
    with Recorded(actor, Kind.USER, user, PROFILE_FIELDS, Action.CHANGED):
        user.full_clean()
        user.save(update_fields=PROFILE_FIELDS)
    return user


@transaction.atomic
def set_roles(actor, user: User) -> User:
    if user.pk == actor.pk and not user.is_municipal_admin:
        # Else a municipality could be left with nobody to run it.
        raise ValidationError(_("Du kan ikke fjerne din egen rolle som kommuneadministrator."))
    with Recorded(actor, Kind.USER, user, ROLE_FIELDS, Action.ROLES):
        user.save(update_fields=ROLE_FIELDS)
    return user


@transaction.atomic
def set_active(actor, user: User, active: bool) -> User:
    if user.pk == actor.pk:
        raise ValidationError(_("Du kan ikke deaktivere dig selv."))
    user.is_active = active
    action = Action.REACTIVATED if active else Action.DEACTIVATED
    with Recorded(actor, Kind.USER, user, ["is_active"], action):
        user.save(update_fields=["is_active"])
    return user
