from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import rendering


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
    """Takes an id, is safe to run twice; time limits come from settings."""
    pack = rendering.render_pack(pack_id, keep_lease=not self.request.is_eager)
    return pack.status if pack else "missing"
