"""Asking for a pack. The web asks (`request_pack`, `retry_pack`); the task
is sent to the queue when the transaction commits (`send`), and a Celery
worker makes the pack (`packs.tasks` → `packs.rendering` → `packs.pipeline`).
A pack whose worker died, or whose message the queue lost, is sent again by
the recovery sweep (`packs.recovery`)."""

import logging
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import RedisError

from . import tasks
from .models import DialoguePack, Part

log = logging.getLogger(__name__)


def request_pack(
    meeting,
    item,
    user,
    *,
    part: Part = Part.OPEN,
    appendix: bool = True,
    attachments: bool = False,
) -> DialoguePack:
    """Queue a pack for one item, or for the meeting's open or closed items
    (`part`), with or without the appendix, with or without the attached
    PDFs appended. Asking again while the same is queued or being made
    gives that same pack."""
    part = Part.of(item) if item is not None else part
    kind = {
        "meeting": meeting,
        "item": item,
        "part": part,
        "with_appendix": appendix,
        "with_attachments": attachments,
    }
    existing = DialoguePack.objects.in_progress().filter(**kind).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            pack = DialoguePack.objects.create(**kind, requested_by=user)
    except IntegrityError:  # a simultaneous request won the race
        return DialoguePack.objects.in_progress().get(**kind)
    transaction.on_commit(partial(send, pack.pk))
    pack.refresh_from_db()  # sent already, unless inside a transaction: queued or failed
    return pack


def request_meeting_packs(meeting, user, **kind) -> list[DialoguePack]:
    """The meeting's open pack, which may be circulated, and, when the
    meeting has closed items, their pack apart (`kind`: as request_pack)."""
    packs = [request_pack(meeting, None, user, part=Part.OPEN, **kind)]
    if meeting.items.filter(is_closed=True).exists():
        packs.append(request_pack(meeting, None, user, part=Part.CLOSED, **kind))
    return packs


def retry_pack(pack: DialoguePack) -> DialoguePack:
    """Queue a failed pack again."""
    if pack.status != DialoguePack.Status.FAILED:
        return pack
    try:
        with transaction.atomic():
            DialoguePack.objects.filter(pk=pack.pk, status=DialoguePack.Status.FAILED).update(
                status=DialoguePack.Status.QUEUED, error="", finished_at=None
            )
    except IntegrityError:  # another pack of the same kind is on its way
        return DialoguePack.objects.in_progress().get(
            meeting=pack.meeting,
            item=pack.item,
            part=pack.part,
            with_appendix=pack.with_appendix,
            with_attachments=pack.with_attachments,
        )
    transaction.on_commit(partial(send, pack.pk))
    pack.refresh_from_db()
    return pack


def send(pack_id: int) -> None:
    """Hand the pack to the queue (Celery retries the publishing a few times).
    When the queue does not answer, the pack fails with a message saying so
    and "Prøv igen": nothing waits forever, nothing blocks the next request."""
    DialoguePack.objects.filter(pk=pack_id).update(sent_at=timezone.now())
    try:
        tasks.render_pack_task.apply_async((pack_id,), retry=True)
    except (BrokerUnavailable, RedisError, OSError) as exc:
        log.warning("Pack %s could not be queued: %s", pack_id, exc)
        pack = DialoguePack.objects.filter(pk=pack_id).first()
        if pack is not None:
            pack.mark_failed(
                _(
                    "Materialet kunne ikke sættes i gang, fordi opgavekøen ikke svarer lige nu. "
                    "Prøv igen om lidt."
                )
            )
