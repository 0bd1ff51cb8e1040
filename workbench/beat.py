"""The beat (`celery -A workbench beat`, docker-compose.yml's `beat`
service) starts the scheduled tasks of settings.CELERY_BEAT_SCHEDULE on
time; workers run them. While it runs it records so in Redis every
WORKER_HEARTBEAT_INTERVAL seconds, like a worker (workbench/heartbeat.py).

`python -m workbench.beat` exits 0 when the beat recorded so recently, 1
when not (the beat service's health check)."""

import logging
import sys
import time

import redis
from celery.beat import PersistentScheduler
from django.conf import settings

from .heartbeat import max_age, redis_client, redis_clock

log = logging.getLogger(__name__)


def _key(queue: str) -> str:
    return f"workbench:beat-heartbeat:{queue}"


class Scheduler(PersistentScheduler):
    """Celery's own scheduler (its schedule kept in the file given with
    --schedule), waking at least every heartbeat interval to beat."""

    def __init__(self, *args, **kwargs):
        self._client = None
        self._last_beat = 0.0
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        wait = super().tick(*args, **kwargs)
        if time.monotonic() - self._last_beat >= settings.WORKER_HEARTBEAT_INTERVAL:
            self._beat()
        return min(wait, settings.WORKER_HEARTBEAT_INTERVAL)

    def _beat(self) -> None:
        if not settings.REDIS_URL:
            return
        try:
            self._client = self._client or redis_client()
            record(self._client, settings.CELERY_TASK_DEFAULT_QUEUE)
        except redis.RedisError as exc:
            log.warning("Beat heartbeat not recorded: %s", exc)
        else:
            self._last_beat = time.monotonic()


def record(client: redis.Redis, queue: str) -> None:
    client.set(_key(queue), redis_clock(client), ex=max_age())


def seconds_since_beat(client: redis.Redis, queue: str) -> float | None:
    """Seconds since the beat last recorded itself; None if not within max_age()."""
    beat = client.get(_key(queue))
    return None if beat is None else round(redis_clock(client) - float(beat), 1)


def main() -> int:
    try:
        since = seconds_since_beat(redis_client(), settings.CELERY_TASK_DEFAULT_QUEUE)
    except redis.RedisError as exc:
        print(f"Redis does not answer: {exc}", file=sys.stderr)
        return 1
    if since is None:
        print(f"beat: no heartbeat in the last {max_age()} s", file=sys.stderr)
        return 1
    print(f"beat: last heartbeat {since} s ago")
    return 0


if __name__ == "__main__":
    sys.exit(main())
