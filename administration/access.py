"""Who runs a municipality in the product: its kommuneadministratorer. They
see and change their own municipality's committees, seats and users only;
anything of another municipality is 404, like everywhere else."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from organisations.models import Committee, Membership, User
from organisations.tenancy import municipality_id_of


def is_municipal_admin(user) -> bool:
    return municipality_id_of(user) is not None and user.is_municipal_admin


def municipal_admin_required(view):
    """The view is for the municipality's administrators (else 403)."""

    @login_required
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not is_municipal_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def get_committee_for_admin(user, pk) -> Committee:
    return get_object_or_404(Committee.objects.for_user(user).select_related("parent"), pk=pk)


def get_seat_for_admin(user, pk) -> Membership:
    return get_object_or_404(
        Membership.objects.for_user(user).select_related("user", "committee"), pk=pk
    )


def get_user_for_admin(user, pk) -> User:
    return get_object_or_404(User.objects.for_user(user), pk=pk)
