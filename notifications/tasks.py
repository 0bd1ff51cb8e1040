"""The notifications' Celery tasks. Each takes ids (or nothing) and is safe
to run twice: the rows it sends are locked and marked in one transaction
(`notifications.delivery`). The beat starts `daily_task` and `sweep_task`
(settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import delivery, events

# The database gone for a moment (a restart, a failover): try again later.
RETRYING = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (InterfaceError, OperationalError),
    "retry_backoff": 2,
    "max_retries": 5,
}
# A mail server that does not take a mail is asked again after 1, 2, 4, 8
# and 16 minutes; after that the sweep keeps trying.
SEND_RETRIES = 5


@shared_task(**RETRYING)
def deliver_task(self, notification_id: int) -> str:
    outcome = delivery.deliver(notification_id)
    _retry_if_failed(self, outcome)
    return str(outcome)


@shared_task(**RETRYING)
def digest_task(self, user_id: int) -> str:
    outcome = delivery.send_digest(user_id)
    _retry_if_failed(self, outcome)
    return str(outcome)


@shared_task(**RETRYING)
def daily_task(self) -> int:
    """The morning run: the actions due tomorrow and overdue, then each
    person's digest (which then holds those they get as digest)."""
    events.check_actions()
    people = delivery.digest_recipients()
    for user_id in people:
        digest_task.delay(user_id)
    return len(people)


@shared_task(**RETRYING)
def sweep_task(self) -> int:
    return delivery.sweep()


def _retry_if_failed(task, outcome) -> None:
    # In the web process (the embedded default) nothing waits: the sweep,
    # or the next digest, sends it.
    failed = outcome == delivery.Outcome.FAILED
    if failed and not task.request.is_eager and task.request.retries < SEND_RETRIES:
        raise task.retry(countdown=60 * 2**task.request.retries)
