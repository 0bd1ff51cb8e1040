"""How long finished packs are kept: PACK_RETENTION_DAYS (0 keeps them
all). A pack is the committee's copy of its material at one moment, with
the names of the people in it; old ones are deleted, the pack's record
first (with its PDF and the data it was made from). Run daily:
`manage.py delete_old_packs` (docs/data-protection.md)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import DialoguePack


def old_packs(days: int, now=None):
    """Finished packs (ready or failed) requested more than `days` days ago."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    finished = (DialoguePack.Status.READY, DialoguePack.Status.FAILED)
    return DialoguePack.objects.filter(status__in=finished, requested_at__lt=cutoff)


def delete_old_packs(days: int | None = None, now=None) -> int:
    days = settings.PACK_RETENTION_DAYS if days is None else days
    if days <= 0:
        return 0
    deleted, _by_model = old_packs(days, now).delete()
    return deleted
