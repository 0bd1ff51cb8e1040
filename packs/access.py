"""Who may get a pack: own municipality; packs with closed items only for
those allowed to see every closed item in them (see the queryset)."""

from django.shortcuts import get_object_or_404

from .models import DialoguePack


def get_pack_for_user(user, pk) -> DialoguePack:
    return get_object_or_404(
        DialoguePack.objects.for_user(user).select_related("meeting", "meeting__committee", "item"),
        pk=pk,
    )
