"""Packs that lost their way are sent again: a pack whose worker died while
making it (its lease ran out: the worker stopped renewing it), and a queued
pack whose message the queue should long have delivered. Every worker runs
this when it starts and every PACK_RECOVERY_INTERVAL seconds
(`packs.worker.PackRecovery`); the task is safe to run twice, so a pack sent
twice is still made once."""

import logging

from django.db import transaction
from django.utils import timezone

from .models import DialoguePack
from .services import send

log = logging.getLogger(__name__)


def recover_lost_packs() -> list[int]:
    """Queue again what was lost; the ids of the packs sent again."""
    now = timezone.now()
    sent_again = []
    for pack_id in DialoguePack.objects.lost(now).values_list("pk", flat=True):
        # Conditional: a worker that renewed the lease meanwhile keeps it.
        taken_back = (
            DialoguePack.objects.lost(now)
            .filter(pk=pack_id)
            .update(status=DialoguePack.Status.QUEUED, lease_expires_at=None)
        )
        if taken_back:
            sent_again.append(pack_id)
    sent_again += list(DialoguePack.objects.forgotten(now).values_list("pk", flat=True))
    for pack_id in sent_again:
        log.warning("Pack %s lost its worker or its message; queued again", pack_id)
        transaction.on_commit(lambda pack_id=pack_id: send(pack_id))
    return sent_again
