"""Asking for a pack, and making it. The web asks (`request_pack`); a Celery
worker makes it (`render_pack`, via `packs.tasks`)."""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import tasks
from .content import build_pack_content
from .models import DialoguePack
from .pdf import html_to_pdf

log = logging.getLogger(__name__)


class PackTooLong(Exception):
    pass


def request_pack(meeting, item, user) -> DialoguePack:
    """Queue a pack for the meeting (or one item). Asking again while one is
    queued or being made gives that same pack. The task is queued only when
    the transaction commits."""
    existing = DialoguePack.objects.in_progress().filter(meeting=meeting, item=item).first()
    if existing and existing.is_stale:
        _fail(
            existing,
            _("Materialet blev aldrig færdigt, fordi opgaven gik tabt. Der er bestilt et nyt."),
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


def render_pack_html(source: dict) -> str:
    with override("da"):
        return render_to_string("packs/pack.html", {"pack": source})


def render_pack(pack_id: int) -> DialoguePack | None:
    """Make the pack's PDF. Safe to run twice, or after a worker died halfway:
    a finished pack is never made again, and only one result is stored."""
    pack = _start(pack_id)
    if pack is None:
        return DialoguePack.objects.filter(pk=pack_id).first()
    try:
        source = build_pack_content(pack.meeting, pack.item)
        pdf, pages = html_to_pdf(render_pack_html(source))
        if pages > settings.PACK_MAX_PAGES:
            raise PackTooLong(pages)
    except SoftTimeLimitExceeded:
        return _fail(
            pack,
            _("Materialet tog for lang tid at lave (mere end %(seconds)s sekunder).")
            % {"seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT},
        )
    except PackTooLong as exc:
        return _fail(
            pack,
            _(
                "Materialet blev på %(pages)s sider; grænsen er %(limit)s. Lav materiale til de enkelte punkter i stedet."
            )
            % {"pages": exc.args[0], "limit": settings.PACK_MAX_PAGES},
        )
    except Exception as exc:  # noqa: BLE001 - any failure becomes a message the user can act on
        log.exception("Pack %s failed", pack_id)
        return _fail(
            pack,
            _("Materialet kunne ikke laves på grund af en fejl (%(error)s). Prøv igen.")
            % {"error": type(exc).__name__},
        )
    DialoguePack.objects.filter(pk=pack.pk).exclude(status=DialoguePack.Status.READY).update(
        status=DialoguePack.Status.READY,
        pdf=pdf,
        pages=pages,
        source=source,
        checksum=DialoguePack.checksum_of(source),
        finished_at=timezone.now(),
        error="",
    )
    pack.refresh_from_db()
    return pack


def _start(pack_id: int) -> DialoguePack | None:
    """Mark the pack as being made; None when there is nothing to do."""
    with transaction.atomic():
        pack = (
            DialoguePack.objects.select_for_update(of=("self",))
            .select_related("meeting", "item")
            .filter(pk=pack_id)
            .first()
        )
        if pack is None or pack.status in (DialoguePack.Status.READY, DialoguePack.Status.FAILED):
            return None
        pack.status = DialoguePack.Status.RENDERING
        pack.attempts += 1
        pack.started_at = timezone.now()
        pack.save(update_fields=["status", "attempts", "started_at"])
    return pack


def _fail(pack: DialoguePack, message: str) -> DialoguePack:
    DialoguePack.objects.filter(pk=pack.pk).exclude(status=DialoguePack.Status.READY).update(
        status=DialoguePack.Status.FAILED, error=message, finished_at=timezone.now()
    )
    pack.refresh_from_db()
    return pack
