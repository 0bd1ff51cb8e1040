"""The worker's heartbeat: while a worker consumes a queue it records so in
Redis every WORKER_HEARTBEAT_INTERVAL seconds; readiness (/sundhed/klar/)
and the worker container's own health check read it.

One sorted set per queue, member = worker name, score = Redis's clock at the
last beat (one clock for web and worker, whatever their hosts say). A worker
that stops cleanly removes itself at once; one that is killed drops out
after three intervals.

`python -m workbench.heartbeat celery@HOST` exits 0 when that worker beat
recently, 1 when not (docker-compose.yml's worker health check).
"""

import logging
import sys

import redis
from celery import bootsteps
from django.conf import settings

log = logging.getLogger(__name__)

MISSED_BEATS_ALLOWED = 3


def _key(queue: str) -> str:
    return f"workbench:worker-heartbeats:{queue}"


def max_age() -> int:
    """Seconds after its last beat a worker still counts as alive."""
    return MISSED_BEATS_ALLOWED * settings.WORKER_HEARTBEAT_INTERVAL


def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def redis_clock(client: redis.Redis) -> float:
    """Redis's clock, in seconds: one clock for every host."""
    seconds, microseconds = client.time()
    return seconds + microseconds / 1_000_000


def record(client: redis.Redis, queue: str, worker: str) -> None:
    now = redis_clock(client)
    key = _key(queue)
    with client.pipeline() as pipe:
        pipe.zadd(key, {worker: now})
        pipe.zremrangebyscore(key, "-inf", now - max_age())  # workers that died
        pipe.expire(key, max_age())  # a queue nobody consumes any more leaves no key
        pipe.execute()


def forget(client: redis.Redis, queue: str, worker: str) -> None:
    client.zrem(_key(queue), worker)


def live_workers(client: redis.Redis, queue: str) -> dict[str, float]:
    """Workers that beat within max_age(): name -> seconds since their beat."""
    now = redis_clock(client)
    beats = client.zrangebyscore(_key(queue), now - max_age(), "+inf", withscores=True)
    return {name.decode(): round(now - beat, 1) for name, beat in beats}


class Heartbeat(bootsteps.StartStopStep):
    """A step of the worker's consumer (registered in workbench/celery.py): it
    beats from the consumer's own timer, so the beats stop when the worker
    stops consuming, not only when its process dies."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.client = None
        self.timer_entry = None
        self.worker = ""
        self.queues = []

    def start(self, parent):
        if not settings.REDIS_URL:
            return
        self.client = redis_client()
        self.worker = parent.hostname
        self.queues = sorted(parent.app.amqp.queues.consume_from)
        self.beat()
        self.timer_entry = parent.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_INTERVAL, self.beat
        )

    def beat(self):
        try:
            for queue in self.queues:
                record(self.client, queue, self.worker)
        except redis.RedisError as exc:
            log.warning("Worker heartbeat not recorded: %s", exc)

    def stop(self, parent):
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None
        if self.client is None:
            return
        try:
            for queue in self.queues:
                forget(self.client, queue, self.worker)
        except redis.RedisError as exc:
            log.warning("Worker heartbeat not removed: %s", exc)

    terminate = shutdown = stop


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m workbench.heartbeat WORKER_NAME", file=sys.stderr)
        return 2
    try:
        workers = live_workers(redis_client(), settings.CELERY_TASK_DEFAULT_QUEUE)
    except redis.RedisError as exc:
        print(f"Redis does not answer: {exc}", file=sys.stderr)
        return 1
    if argv[0] not in workers:
        print(f"{argv[0]}: no heartbeat in the last {max_age()} s", file=sys.stderr)
        return 1
    print(f"{argv[0]}: last heartbeat {workers[argv[0]]} s ago")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
