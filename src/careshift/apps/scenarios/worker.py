"""The run worker: claims queued runs from the database and executes them with the engine.

Runs live in the database, so they survive a restart: a run left ``running`` by a worker that died
(no heartbeat for ``stale_after`` seconds) is put back in the queue. Claiming is atomic, so several
workers may share one database: ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, a conditional
``UPDATE ... WHERE status='queued'`` on SQLite.

``careshift worker`` calls :func:`run_forever`; ``careshift serve`` starts it beside the site.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from careshift.apps.scenarios import engine, services
from careshift.apps.scenarios.models import Run
from careshift.errors import CareshiftError

log = logging.getLogger(__name__)

STALE_AFTER_SECONDS = 60.0
PROGRESS_EVERY_SECONDS = 0.25


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def requeue_stale(stale_after: float = STALE_AFTER_SECONDS) -> int:
    """Put runs whose worker stopped sending heartbeats back in the queue; returns how many."""
    before = timezone.now() - timedelta(seconds=stale_after)
    count = Run.objects.stale(before).update(
        status=Run.Status.QUEUED, worker_id="", heartbeat=None, started_at=None, done=0
    )
    if count:
        log.warning("Re-queued %d run(s) left running by a stopped worker", count)
    return count


def claim_next(me: str) -> Run | None:
    """Atomically mark the oldest queued run as ours and return it (None when the queue is empty)."""
    while True:
        with transaction.atomic():
            queued = Run.objects.queued()
            if connection.vendor == "postgresql":
                queued = queued.select_for_update(skip_locked=True)
            pk = queued.values_list("pk", flat=True).first()
            if pk is None:
                return None
            now = timezone.now()
            claimed = Run.objects.filter(pk=pk, status=Run.Status.QUEUED).update(
                status=Run.Status.RUNNING, worker_id=me, heartbeat=now, started_at=now, done=0
            )
        if claimed:
            return Run.objects.select_related("scenario").get(pk=pk)
        # another worker won the race for this run: try the next one


class Progress:
    """The engine's progress callback: writes done/total and a heartbeat at most a few times a second,
    and raises the engine's ``Cancelled`` once a user has asked for the run to stop."""

    def __init__(self, run_id: int, cancelled: type[BaseException], every: float = PROGRESS_EVERY_SECONDS):
        self.run_id, self.cancelled, self.every = run_id, cancelled, every
        self._last = 0.0
        self._lock = threading.Lock()
        self._owner = threading.get_ident()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < self.every and done < total:
                return
            self._last = now
        try:
            Run.objects.filter(pk=self.run_id).update(done=done, total=total, heartbeat=timezone.now())
            stop = Run.objects.filter(pk=self.run_id, cancel_requested=True).exists()
        finally:
            if threading.get_ident() != self._owner:  # an engine thread: don't leak its connection
                connection.close()
        if stop:
            raise self.cancelled(f"Run {self.run_id} was cancelled by a user.")


def execute(run: Run) -> Run:
    """Run the engine for a claimed run and record the outcome; never raises for a model failure."""
    cancelled = engine.cancelled_exception()
    scheduler = settings.DASK_SCHEDULER or None
    try:
        results = engine.run(
            run.spec,
            iterations=run.iterations,
            seed=run.seed,
            executor=run.executor,
            scheduler=scheduler if run.executor == Run.Executor.DASK else None,
            progress=Progress(run.pk, cancelled),
        )
        services.store_results(run, results.summary(), results.waterfall(), dict(results.metadata))
        _finish(run, Run.Status.SUCCEEDED, done=run.iterations)
        _warm_results_page(run)
    except cancelled:
        _finish(run, Run.Status.CANCELLED)
    except CareshiftError as err:
        _finish(run, Run.Status.FAILED, message=err.message, hint=err.hint)
    except Exception as err:
        log.exception("Run %s failed", run.pk)
        _finish(
            run,
            Run.Status.FAILED,
            message=f"The model stopped with an unexpected error: {type(err).__name__}: {err}",
            hint="This is a bug in careshift: report it with the run number; the scenario is unchanged.",
        )
    run.refresh_from_db()
    return run


def _warm_results_page(run: Run) -> None:
    """Build the results page's default view now, so the first reader does not wait for it."""
    from careshift.apps.scenarios import results

    try:
        options = results.options(run)
        results.panels(run, results.COUNTY, (options["default_setting"] or [results.ALL])[0])
    except Exception:  # a cache warm-up must never turn a finished run into a failure
        log.warning("Could not pre-build the results page of run %s", run.pk, exc_info=True)


def _finish(run: Run, status: str, *, done: int | None = None, message: str = "", hint: str = "") -> None:
    fields: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "heartbeat": timezone.now(),
        "error_message": message,
        "error_hint": hint,
    }
    if done is not None:
        fields.update(done=done, total=done)
    Run.objects.filter(pk=run.pk).update(**fields)


def run_forever(
    poll_seconds: float = 1.0,
    once: bool = False,
    stale_after: float = STALE_AFTER_SECONDS,
    stop: threading.Event | None = None,
) -> int:
    """Claim and execute queued runs until stopped (Ctrl-C, or ``stop`` set by an embedding thread).

    With ``once=True``, execute what is queued now and return the number of runs executed (used by
    tests and ``careshift worker --once``).
    """
    me = worker_id()
    requeue_stale(stale_after)
    executed = 0
    try:
        while stop is None or not stop.is_set():
            if not connection.in_atomic_block:  # (inside a test's transaction it must stay open)
                close_old_connections()
            run = claim_next(me)
            if run is not None:
                log.info("Worker %s executing run %s", me, run.pk)
                execute(run)
                executed += 1
                continue
            if once:
                break
            requeue_stale(stale_after)
            (stop.wait if stop is not None else time.sleep)(poll_seconds)
    finally:
        if threading.current_thread() is not threading.main_thread():
            connection.close()  # a worker thread must not leave its connection open
    return executed
