"""Municipality isolation, in one place.

Every tenant model's queryset derives from `MunicipalityQuerySet` and names
the path from the model to its municipality; `for_user(user)` then keeps the
user's own municipality only. Views never query a tenant model without it
(each app's `access.py` starts from `for_user`).
"""

from django.db import models

# The actions every app's access function (`get_<thing>_for_user(user, pk,
# *, action=...)`) understands; an app may add its own (e.g. "answer").
VIEW = "view"
CHANGE = "change"


def municipality_id_of(user) -> int | None:
    """The municipality whose data the user may see; None for anonymous users
    and for users without one (they can only use Django admin)."""
    if not user.is_authenticated:
        return None
    return user.municipality_id


class MunicipalityQuerySet(models.QuerySet):
    # The lookup from the model to its municipality, e.g. "project__municipality".
    municipality_path = "municipality"

    def for_user(self, user):
        municipality_id = municipality_id_of(user)
        if municipality_id is None:
            return self.none()
        return self.filter(**{f"{self.municipality_path}_id": municipality_id})

    def for_municipality(self, municipality_id: int):
        return self.filter(**{f"{self.municipality_path}_id": municipality_id})


def check_action(action: str, allowed: tuple[str, ...]) -> None:
    """A typo in an action name is a programming error, never a silent 'view'."""
    if action not in allowed:
        raise ValueError(f"Unknown action {action!r}; expected one of {allowed}")
