"""Keeps ``careshift worker`` processes running beside ``careshift serve``: a worker that exits is started
again (after a short, growing pause if it keeps dying), and every restart is counted and logged.

Each worker learns its slot's restart count from ``CARESHIFT_WORKER_RESTARTS`` and writes it in its
heartbeat row, so ``/healthz`` (served by any process) reports it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

WORKER_COMMAND = (sys.executable, "-m", "careshift", "worker")
HEALTHY_AFTER_SECONDS = 10.0  # a worker that ran this long resets its slot's restart pause
MAX_PAUSE_SECONDS = 30.0


@dataclass
class Slot:
    number: int
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    restarts: int = 0
    pause: float = 0.0
    due: float = 0.0  # when a dead worker may be started again (monotonic seconds)


@dataclass
class WorkerSupervisor:
    """Start ``count`` workers, restart any that exit, stop them all on :meth:`stop`."""

    count: int = 1
    command: Sequence[str] = WORKER_COMMAND
    check_every: float = 1.0
    slots: list[Slot] = field(default_factory=list)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> WorkerSupervisor:
        self.slots = [Slot(n + 1) for n in range(self.count)]
        for slot in self.slots:
            self._spawn(slot)
        self._thread = threading.Thread(target=self._watch, name="worker supervisor", daemon=True)
        self._thread.start()
        return self

    @property
    def restarts(self) -> int:
        return sum(slot.restarts for slot in self.slots)

    def pids(self) -> list[int]:
        return [slot.process.pid for slot in self.slots if slot.process is not None]

    def _spawn(self, slot: Slot) -> None:
        env = {**os.environ, "CARESHIFT_WORKER_RESTARTS": str(slot.restarts)}
        slot.process = subprocess.Popen(list(self.command), env=env)
        slot.started = time.monotonic()

    def _watch(self) -> None:
        while not self._stopping.wait(self.check_every):
            self.check()

    def check(self) -> int:
        """Restart each worker that has exited (once its pause is over); returns how many restarted."""
        restarted = 0
        for slot in self.slots:
            if self._stopping.is_set() or slot.process is None or slot.process.poll() is None:
                continue
            now = time.monotonic()
            if slot.due == 0.0:
                self._schedule(slot, now)
            if now >= slot.due:
                self._restart(slot)
                restarted += 1
        return restarted

    def _schedule(self, slot: Slot, now: float) -> None:
        lived = now - slot.started
        slot.pause = (
            0.0 if lived >= HEALTHY_AFTER_SECONDS else min(MAX_PAUSE_SECONDS, max(1.0, 2 * slot.pause))
        )
        slot.due = now + slot.pause
        code = slot.process.returncode if slot.process is not None else None
        log.warning(
            "careshift worker %d (pid %s) exited with code %s after %.0f s; restarting in %.0f s",
            *(slot.number, slot.process.pid if slot.process else "?", code, lived, slot.pause),
        )

    def _restart(self, slot: Slot) -> None:
        slot.restarts += 1
        slot.due = 0.0
        self._spawn(slot)
        log.warning(
            "careshift worker %d restarted as pid %s (restart %d of this worker, %d in all)",
            *(slot.number, slot.process.pid if slot.process else "?", slot.restarts, self.restarts),
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Ask every worker to stop (SIGTERM: a running job goes back to the queue), then kill any left."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=self.check_every + 1)
        running = [s.process for s in self.slots if s.process is not None and s.process.poll() is None]
        for process in running:
            process.terminate()
        deadline = time.monotonic() + timeout
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
