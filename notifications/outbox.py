"""Recording notifications and handing them to the queue.

`record` writes one row per (recipient, kind, object, occasion), in the
transaction of the event itself (a mail is recorded exactly when what it
tells happened), for the people who may get mail and want this kind; when
the transaction commits, the at-once rows go to the queue, one task each
(`tasks.deliver_task`), and the digest rows wait for the daily run. A row
that is there already is left as it is: recording twice records once. A
row the queue never got is sent by the sweep (`delivery.sweep`)."""

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import RedisError

from organisations.models import User

from .models import Delivery, MailSettings, Notification

log = logging.getLogger(__name__)

_quiet = ContextVar("notifications_quiet", default=False)


@contextmanager
def quiet():
    """Nothing is recorded inside: the demo plays its history, it does not
    happen (demo/management/commands/load_demo.py)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def mail_recipients():
    """The people a mail may go to: active, not anonymised, with an address."""
    return User.objects.filter(is_active=True, anonymised_at__isnull=True).exclude(email="")


def record(kind: str, targets: Iterable[tuple[int, int, str]]) -> None:
    """Record `kind` for each (recipient id, object id, occasion) whose
    recipient may get mail and has not chosen "never" for it."""
    if _quiet.get():
        return
    targets = list(targets)
    people = set(
        mail_recipients().filter(pk__in={t[0] for t in targets}).values_list("pk", flat=True)
    )
    chosen = {s.user_id: s for s in MailSettings.objects.filter(user_id__in=people)}
    defaults = MailSettings()
    rows = []
    for recipient_id, object_id, occasion in targets:
        if recipient_id not in people:
            continue
        delivery = chosen.get(recipient_id, defaults).delivery(kind)
        if delivery == Delivery.NEVER:
            continue
        rows.append(
            Notification(
                recipient_id=recipient_id,
                kind=kind,
                object_id=object_id,
                occasion=occasion,
                in_digest=delivery == Delivery.DIGEST,
            )
        )
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    at_once = Notification.objects.pending().filter(
        kind=kind,
        in_digest=False,
        recipient_id__in={row.recipient_id for row in rows},
        object_id__in={row.object_id for row in rows},
    )
    # robust: a mail that cannot be queued or sent never undoes, or fails,
    # what the user did; it is logged, and the row waits for the sweep.
    transaction.on_commit(partial(queue, list(at_once.values_list("pk", flat=True))), robust=True)


def queue(notification_ids: list[int]) -> None:
    """One delivery task per notification. When the queue does not answer,
    the rows wait for the sweep: nothing is lost, the request goes on."""
    from .tasks import deliver_task  # the tasks import what records (the daily check)

    for notification_id in notification_ids:
        try:
            deliver_task.apply_async((notification_id,), retry=True)
        except (BrokerUnavailable, RedisError, OSError) as exc:
            log.warning("Notification %s not queued (the sweep sends it): %s", notification_id, exc)
            return
