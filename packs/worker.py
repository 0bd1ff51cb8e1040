"""What every Celery worker does for the packs besides rendering them: the
recovery sweep (`packs.recovery`), when the worker starts consuming and then
every PACK_RECOVERY_INTERVAL seconds. Every worker sweeps, so no separate
beat process is needed; two sweeps at once only send a pack twice, and it is
still made once."""

import logging

from celery import bootsteps
from django.conf import settings
from django.db import DatabaseError, close_old_connections

log = logging.getLogger(__name__)


class PackRecovery(bootsteps.StartStopStep):
    """A step of the worker's consumer (registered in workbench/celery.py):
    it sweeps from the consumer's own timer, in the worker's main process."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.timer_entry = None

    def start(self, parent):
        self.sweep()
        self.timer_entry = parent.timer.call_repeatedly(settings.PACK_RECOVERY_INTERVAL, self.sweep)

    def sweep(self):
        from .recovery import recover_lost_packs  # Django apps are loaded by now

        close_old_connections()  # the database may have restarted since the last sweep
        try:
            recover_lost_packs()
        except DatabaseError as exc:
            log.warning("Pack recovery sweep skipped: %s", exc)

    def stop(self, parent):
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None

    terminate = shutdown = stop
