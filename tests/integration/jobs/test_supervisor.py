"""`careshift serve` supervises its workers: one that dies is started again, and restarts are counted."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from careshift.apps.jobs.supervisor import WorkerSupervisor

# a stand-in worker: records the restart count it was given, then waits to be stopped
SLEEPER = (
    "import os, sys, time; "
    "open(sys.argv[1], 'a').write(os.environ['CARESHIFT_WORKER_RESTARTS'] + '\\n'); time.sleep(60)"
)


def _wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_killed_worker_is_restarted_and_counted(tmp_path: Path) -> None:
    log = tmp_path / "starts.txt"
    supervisor = WorkerSupervisor(
        count=2, command=[sys.executable, "-c", SLEEPER, str(log)], check_every=0.05
    )
    supervisor.start()
    try:
        assert _wait_for(lambda: log.exists() and len(log.read_text().split()) == 2)
        first, second = supervisor.pids()
        os.kill(first, signal.SIGKILL)  # the worker dies (e.g. out of memory)
        assert _wait_for(lambda: supervisor.restarts == 1 and first not in supervisor.pids())
        assert second in supervisor.pids() and len(supervisor.pids()) == 2
        assert _wait_for(lambda: sorted(log.read_text().split()) == ["0", "0", "1"])
    finally:
        supervisor.stop(timeout=5)
    assert all(slot.process is not None and slot.process.poll() is not None for slot in supervisor.slots)


def test_a_worker_that_keeps_dying_is_restarted_after_a_growing_pause(tmp_path: Path) -> None:
    supervisor = WorkerSupervisor(
        count=1, command=[sys.executable, "-c", "raise SystemExit(3)"], check_every=0.05
    )
    supervisor.start()
    try:
        assert _wait_for(lambda: supervisor.restarts >= 2, timeout=20)
        assert supervisor.slots[0].pause >= 2.0  # 1 s, then 2 s: it does not spin
    finally:
        supervisor.stop(timeout=5)
