"""Moving one row of an ordered list (agenda items, template sections and
questions) up or down, and closing the gap a removed row leaves: one shared
rule for every `order` field."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class MoveForm(forms.Form):
    """The `direction` a move button posts."""

    direction = forms.ChoiceField(choices=[("up", _("Op")), ("down", _("Ned"))])

    def offset(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1


@transaction.atomic
def move_in_order(obj, siblings, offset: int) -> bool:
    """Swap `obj` with its neighbour among `siblings` (−1 up, +1 down) and
    renumber 1…n. Returns False when there is no neighbour that way."""
    items = list(siblings.order_by("order", "id"))
    index = items.index(obj)
    target = index + offset
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    _number(items)
    return True


@transaction.atomic
def renumber(siblings) -> None:
    """Number `siblings` 1…n in their present order (after one is removed)."""
    _number(list(siblings.order_by("order", "id")))


def _number(items) -> None:
    for number, each in enumerate(items, start=1):
        if each.order != number:
            each.order = number
            each.save(update_fields=["order"])
