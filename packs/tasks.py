from celery import shared_task

from . import rendering


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_pack_task(pack_id: int) -> str:
    """Takes an id, is safe to run twice; time limits come from settings."""
    pack = rendering.render_pack(pack_id)
    return pack.status if pack else "missing"
