"""Making a queued pack, as the Celery task does it (`packs.tasks`): mark
it as being made, run the pipeline, store the result once.

Safe to run twice, or after a worker died halfway: a finished pack is never
made again, and only one result is stored. Every failure becomes a message
in Danish the user can act on (and "Prøv igen")."""

import logging
import threading
from contextlib import contextmanager, nullcontext

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from .models import DialoguePack
from .pipeline import make_pack
from .signals import pack_ready

log = logging.getLogger(__name__)


class PackTooLong(Exception):
    pass


@contextmanager
def lease_kept(pack_id: int):
    """While the pack is made, renew its lease every third of its length
    from a thread of its own: a worker that dies stops renewing, and the
    recovery sweep of a live worker takes the pack over."""
    stop = threading.Event()

    def renew():
        try:
            while not stop.wait(settings.PACK_LEASE_SECONDS / 3):
                DialoguePack.objects.renew_lease(pack_id)
        finally:
            connection.close()  # this thread's own database connection

    renewer = threading.Thread(target=renew, name=f"pack-{pack_id}-lease", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join(timeout=5)


def render_pack(pack_id: int, *, keep_lease: bool = True, share=None) -> DialoguePack | None:
    """Make the pack. `keep_lease` is for a worker, whose death another
    worker must notice; a task run in the web process (the embedded
    default) has no one to hand over to. `share` hands parts of the PDF to
    other workers (`packs.tasks.share_parts`)."""
    pack = DialoguePack.objects.start_rendering(pack_id)
    if pack is None:  # finished already, failed, or gone
        return DialoguePack.objects.filter(pk=pack_id).first()
    try:
        with lease_kept(pack.pk) if keep_lease else nullcontext():
            output = make_pack(
                pack.meeting,
                pack.item,
                part=pack.part,
                appendix=pack.with_appendix,
                attachments=pack.with_attachments,
                word=True,
                share=share,
            )
        if output.pages > settings.PACK_MAX_PAGES:
            raise PackTooLong(output.pages)
    except SoftTimeLimitExceeded:
        return pack.mark_failed(
            _("Materialet tog for lang tid at lave (mere end %(seconds)s sekunder).")
            % {"seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT}
        )
    except PackTooLong as exc:
        return pack.mark_failed(
            _(
                "Materialet blev på %(pages)s sider; grænsen er %(limit)s. Lav materiale til de enkelte punkter i stedet."
            )
            % {"pages": exc.args[0], "limit": settings.PACK_MAX_PAGES}
        )
    except Exception as exc:  # noqa: BLE001 - any failure becomes a message the user can act on
        log.exception("Pack %s failed", pack_id)
        return pack.mark_failed(
            _("Materialet kunne ikke laves på grund af en fejl (%(error)s). Prøv igen.")
            % {"error": type(exc).__name__}
        )
    log.info(
        "Pack %s: %s pages in %s",
        pack_id,
        output.pages,
        ", ".join(f"{step} {seconds:.2f} s" for step, seconds in output.seconds.items()),
    )
    ready = pack.mark_ready(output.content, output.pdf, output.pages, docx=output.docx)
    pack_ready.send(sender=DialoguePack, pack=ready)
    return ready
