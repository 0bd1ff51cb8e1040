"""Who may get a pack: the own municipality's packs; a pack of a closed
item, or of a meeting's closed items, only for those who may see every
closed item in it (the rule is `meetings.access.hidden_items`). A pack of
a meeting's open items holds no closed item, and may be circulated."""

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.shortcuts import get_object_or_404

from meetings.access import hidden_items
from meetings.models import AgendaItem
from organisations.tenancy import VIEW, check_action

from .models import DialoguePack, Part


def readable_packs(user, packs=None, *, meeting=None):
    """The packs `user` may read; with `meeting`, that meeting's only, the
    hidden items looked for among its items alone (an index lookup, where
    the whole municipality's agenda items would be read otherwise)."""
    packs = DialoguePack.objects.all() if packs is None else packs
    items = None
    if meeting is not None:
        packs = packs.filter(meeting=meeting)
        items = AgendaItem.objects.filter(meeting=meeting)
    hidden = hidden_items(user, items)
    return packs.for_user(user).exclude(
        Exists(hidden.filter(pk=OuterRef("item_id")))
        | (
            Q(item__isnull=True, part=Part.CLOSED)
            & Exists(hidden.filter(meeting_id=OuterRef("meeting_id")))
        )
    )


# The meeting page shows the newest packs; every kept pack is on the meeting's
# pack list (`packs.views.pack_list`). So the page costs the same with 5 kept
# packs or 500, and no list ever reads a pack's file or its source data.
PACKS_ON_MEETING_PAGE = 10


def listed_packs(user, meeting) -> dict:
    """The meeting page's packs (`packs`) and how many are kept (`packs_kept`)."""
    # One query: the count of all kept packs rides along with the newest
    # (a window over the rows before the limit).
    newest = list(
        readable_packs(user, meeting=meeting)
        .for_listing()
        .select_related("item", "requested_by")
        .annotate(kept=Window(Count("id")))[:PACKS_ON_MEETING_PAGE]
    )
    return {
        "packs": newest,
        "packs_kept": newest[0].kept if newest else 0,
        "packs_on_page": PACKS_ON_MEETING_PAGE,
    }


def get_pack_for_user(user, pk, *, action: str = VIEW) -> DialoguePack:
    """The pack (without the data it was made of: the status poll and the
    downloads never need it), if `user` may read it; else 404. Two queries:
    the pack's meeting first, so the closed-item rule looks at that
    meeting's items only."""
    check_action(action, (VIEW,))
    meeting_id = get_object_or_404(
        DialoguePack.objects.for_user(user).values_list("meeting_id", flat=True), pk=pk
    )
    return get_object_or_404(
        readable_packs(user, meeting=meeting_id)
        .for_listing()
        .select_related("meeting", "meeting__committee", "item"),
        pk=pk,
    )
