from celery import group, shared_task
from django.db import InterfaceError, OperationalError

from . import parts, rendering


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # The database gone for a moment (a restart, a failover): try again later.
    autoretry_for=(InterfaceError, OperationalError),
    retry_backoff=2,
    max_retries=5,
)
def render_pack_task(self, pack_id: int) -> str:
    """Takes an id, is safe to run twice; time limits come from settings.
    A worker hands the parts of the PDF it lacks to the other workers."""
    eager = self.request.is_eager
    pack = rendering.render_pack(
        pack_id, keep_lease=not eager, share=None if eager else share_parts
    )
    return pack.status if pack else "missing"


@shared_task(acks_late=True, ignore_result=True)
def render_part_task(html: str) -> bool:
    """One part of a pack's PDF (`packs.parts`): rendered and stored unless
    it is stored already or another worker has it. Safe to run twice, and
    nothing waits for it but the pack's own task, which renders the part
    itself if no one else does."""
    return parts.take_part(html)


def share_parts(missing) -> None:
    group(render_part_task.s(part.html) for part in missing).apply_async()
