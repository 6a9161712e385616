"""A worker's liveness: its :class:`~careshift.apps.jobs.models.WorkerHeartbeat` row, refreshed every
few seconds (by a thread while a long-running worker is busy) and removed when the worker stops.

``/healthz`` counts the rows seen recently. A beat that cannot be written (database locked or
unwritable) is skipped, never fatal: the row simply ages, which is what the health check should see.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from careshift.apps.jobs.models import WorkerHeartbeat

log = logging.getLogger(__name__)
FORGET_AFTER = timedelta(days=1)  # rows of workers gone this long are deleted


class BeatingWorker(Protocol):
    id: str
    executed: int
    restarts: int
    current_job: int | None
    stop: threading.Event


class Heartbeat:
    """Writes ``worker``'s row now and then: on a thread when ``threaded``, else on :meth:`beat_now`."""

    def __init__(self, worker: BeatingWorker, threaded: bool, every: float | None = None):
        self.worker, self.threaded = worker, threaded
        self.every = float(every if every is not None else settings.WORKER_HEARTBEAT_SECONDS)
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self.started_at = timezone.now()

    def start(self) -> None:
        self.forget_dead_neighbours()
        self.beat_now()
        if self.threaded:
            self._thread = threading.Thread(
                target=self._loop, name=f"heartbeat {self.worker.id}", daemon=True
            )
            self._thread.start()

    def _loop(self) -> None:
        try:
            while not self._done.wait(self.every):
                self.beat_now()
        finally:
            connection.close()

    def beat_now(self) -> bool:
        """Write the row; False (logged) when the database refuses."""
        now = timezone.now()
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker.id,
                defaults={
                    "hostname": socket.gethostname(),
                    "pid": os.getpid(),
                    "started_at": self.started_at,
                    "last_seen": now,
                    "restarts": self.worker.restarts,
                    "jobs_done": self.worker.executed,
                    "current_job": self.worker.current_job,
                },
            )
            WorkerHeartbeat.objects.filter(last_seen__lt=now - FORGET_AFTER).delete()
        except DatabaseError as err:
            log.warning("Worker %s could not write its heartbeat: %s", self.worker.id, err)
            if not connection.in_atomic_block:
                connection.close()
            return False
        return True

    def forget_dead_neighbours(self) -> int:
        """Delete the rows of workers on this host whose process is gone (killed, crashed), so the
        health check neither counts them alive nor counts a restarted slot's restarts twice."""
        try:
            rows = WorkerHeartbeat.objects.filter(hostname=socket.gethostname()).exclude(pid=os.getpid())
            dead = [pk for pk, pid in rows.values_list("pk", "pid") if not _running(pid)]
            return WorkerHeartbeat.objects.filter(pk__in=dead).delete()[0] if dead else 0
        except DatabaseError as err:
            log.warning("Worker %s could not tidy heartbeats: %s", self.worker.id, err)
            return 0

    def stop(self) -> None:
        """Stop beating and remove the row (best effort), so the health check sees the worker gone."""
        self._done.set()
        if self._thread is not None:
            self._thread.join(timeout=self.every + 5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker.id).delete()
        except DatabaseError as err:
            log.warning("Worker %s could not remove its heartbeat: %s", self.worker.id, err)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
