"""Asking for a pack. The web asks (`request_pack`, `retry_pack`); the task
is queued when the transaction commits, and a Celery worker makes the pack
(`packs.tasks` → `packs.rendering` → `packs.pipeline`)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import tasks
from .models import DialoguePack


def request_pack(meeting, item, user) -> DialoguePack:
    """Queue a pack for the meeting (or one item). Asking again while one is
    queued or being made gives that same pack."""
    existing = DialoguePack.objects.in_progress().filter(meeting=meeting, item=item).first()
    if existing and existing.is_stale:
        existing.mark_failed(
            _("Materialet blev aldrig færdigt, fordi opgaven gik tabt. Der er bestilt et nyt.")
        )
    elif existing:
        return existing
    try:
        with transaction.atomic():
            pack = DialoguePack.objects.create(meeting=meeting, item=item, requested_by=user)
    except IntegrityError:  # a simultaneous request won the race
        return DialoguePack.objects.in_progress().get(meeting=meeting, item=item)
    tasks.render_pack_task.delay_on_commit(pack.pk)
    return pack


def retry_pack(pack: DialoguePack) -> DialoguePack:
    """Queue a failed pack again."""
    if pack.status != DialoguePack.Status.FAILED:
        return pack
    try:
        with transaction.atomic():
            DialoguePack.objects.filter(pk=pack.pk, status=DialoguePack.Status.FAILED).update(
                status=DialoguePack.Status.QUEUED, error="", finished_at=None
            )
    except IntegrityError:  # another pack for the same meeting/item is on its way
        return DialoguePack.objects.in_progress().get(meeting=pack.meeting, item=pack.item)
    tasks.render_pack_task.delay_on_commit(pack.pk)
    pack.refresh_from_db()
    return pack
