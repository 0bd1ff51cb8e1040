"""Who may get a pack: the own municipality's packs; a pack of a closed
item, or of a meeting's closed items, only for those who may see every
closed item in it (the rule is `meetings.access.hidden_items`). A pack of
a meeting's open items holds no closed item, and may be circulated."""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from meetings.access import hidden_items
from organisations.tenancy import VIEW, check_action

from .models import DialoguePack, Part


def readable_packs(user, packs=None):
    packs = DialoguePack.objects.all() if packs is None else packs
    hidden = hidden_items(user)
    return packs.for_user(user).exclude(
        Exists(hidden.filter(pk=OuterRef("item_id")))
        | (
            Q(item__isnull=True, part=Part.CLOSED)
            & Exists(hidden.filter(meeting_id=OuterRef("meeting_id")))
        )
    )


def get_pack_for_user(user, pk, *, action: str = VIEW) -> DialoguePack:
    check_action(action, (VIEW,))
    return get_object_or_404(
        readable_packs(user).select_related("meeting", "meeting__committee", "item"), pk=pk
    )
