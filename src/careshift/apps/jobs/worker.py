"""The job worker: claims queued jobs, runs their handlers, records the outcome; never dies of a
database error.

``careshift worker`` runs :func:`run_forever` (``careshift serve`` supervises one or more of them). The
loop survives the database: when a claim, a heartbeat or an outcome cannot be written (locked, read-only,
disk full, server gone) it backs off and tries again instead of exiting, and an outcome it could not
write is kept and written first once the database accepts writes again. An outcome is written only
while this worker still holds the job (``worker_id`` and ``status='running'``), so a job requeued as
stale and finished by another worker is never finished twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.db.models import F
from django.utils import timezone

from careshift.apps.jobs import claiming, failures
from careshift.apps.jobs.database import backoff_delay, is_locked, retrying
from careshift.apps.jobs.heartbeat import Heartbeat
from careshift.apps.jobs.models import Job
from careshift.apps.jobs.registry import (
    JobCancelled,
    JobContext,
    JobLost,
    WorkerStopping,
    handler_for,
)

log = logging.getLogger(__name__)

ENVIRONMENT_ERRORS = (DatabaseError, OSError)
REQUEUE_EVERY_SECONDS = 5.0
SCHEDULE_EVERY_SECONDS = 60.0
MAX_BACKOFF_SECONDS = 30.0


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


@dataclass(frozen=True)
class Outcome:
    """How a job ended, to be written while the worker still holds it."""

    job_id: int
    status: str
    result: str = ""
    message: str = ""
    hint: str = ""
    retry: bool = False  # back in the queue after a transient error: the attempt counts

    def fields(self) -> dict[str, Any]:
        now = timezone.now()
        if self.status == Job.Status.QUEUED:  # released: back in the queue
            released: dict[str, Any] = {
                "status": self.status,
                "worker_id": "",
                "heartbeat": None,
                "started_at": None,
                "done": 0,
            }
            return released if self.retry else released | {"attempts": F("attempts") - 1}
        values: dict[str, Any] = {
            "status": self.status,
            "finished_at": now,
            "heartbeat": now,
            "result": self.result[:500],
            "error_message": self.message,
            "error_hint": self.hint,
        }
        if self.status == Job.Status.SUCCEEDED:
            values["done"] = F("total")
        return values


@dataclass
class Worker:
    """One worker loop. ``stop`` ends it (and asks a running handler to give its job back)."""

    poll_seconds: float = 1.0
    stale_after: float = field(default_factory=lambda: float(settings.JOB_STALE_SECONDS))
    max_attempts: int = field(default_factory=lambda: int(settings.JOB_MAX_ATTEMPTS))
    kinds: list[str] | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    restarts: int = field(default_factory=lambda: int(os.environ.get("CARESHIFT_WORKER_RESTARTS", "0")))
    id: str = field(default_factory=worker_id)
    executed: int = 0
    pending: Outcome | None = None
    database_errors: int = 0
    current_job: int | None = None
    scheduling: bool = True  # queue the apps' scheduled jobs (long-running workers only)
    _last_requeue: float = float("-inf")
    _last_schedule: float = float("-inf")

    def run(self, once: bool = False, max_database_errors: int | None = None) -> int:
        """Claim and run jobs until ``stop`` is set; with ``once``, until the queue is empty. Returns
        how many jobs this worker ran. ``max_database_errors`` consecutive failures end a ``once`` run
        (default 10) and never end a long-running one."""
        limit = max_database_errors if max_database_errors is not None else (10 if once else None)
        if once:
            self.scheduling = False  # `worker --once` drains the queue; it does not add to it
        heartbeat = Heartbeat(self, threaded=not once)
        heartbeat.start()
        try:
            while not self.stop.is_set():
                job = self._next_job()
                if job is not None:
                    self.execute(job)
                    heartbeat.beat_now()
                    continue
                if self.database_errors:
                    if limit is not None and self.database_errors >= limit:
                        raise DatabaseError(f"Worker {self.id} gave up after {limit} database errors.")
                    continue
                if once:
                    break
                self.stop.wait(self.poll_seconds)
        finally:
            heartbeat.stop()
            if threading.current_thread() is not threading.main_thread():
                connection.close()  # a worker thread must not leave its connection open
        return self.executed

    def _next_job(self) -> Job | None:
        """Write any outcome still pending, requeue stale jobs now and then, and claim the next job;
        on a database error back off (and return None)."""
        try:
            if not connection.in_atomic_block:  # (inside a test's transaction it must stay open)
                close_old_connections()
            if self.pending is not None:
                self._finish(self.pending)
                self.pending = None
            self._requeue_stale()
            self._queue_scheduled()
            job = claiming.claim_next(self.id, self.kinds)
        except ENVIRONMENT_ERRORS as err:
            self._back_off(err)
            return None
        self.database_errors = 0
        return job

    def _requeue_stale(self) -> None:
        now = time.monotonic()
        if now - self._last_requeue >= REQUEUE_EVERY_SECONDS:
            claiming.requeue_stale(self.stale_after, self.max_attempts)
            self._last_requeue = now

    def _queue_scheduled(self) -> None:
        now = time.monotonic()
        if self.scheduling and now - self._last_schedule >= SCHEDULE_EVERY_SECONDS:
            from careshift.apps.jobs import schedules

            schedules.enqueue_due()
            self._last_schedule = now

    def _back_off(self, err: BaseException) -> None:
        self.database_errors += 1
        delay = min(MAX_BACKOFF_SECONDS, 0.2 + backoff_delay(self.database_errors, base=0.5))
        problem = failures.environment_problem(err)
        level = logging.WARNING if self.database_errors in (1, 10) or self.database_errors % 100 == 0 else 0
        if level:
            log.log(
                level,
                "Worker %s: database error %d in a row (%s); retrying in %.1f s. %s",
                self.id,
                self.database_errors,
                err,
                delay,
                problem.hint if problem else "",
            )
        if not connection.in_atomic_block:
            connection.close()
        self.stop.wait(delay)

    def execute(self, job: Job) -> Job:
        """Run ``job``'s handler and record the outcome (kept for later if it cannot be written yet)."""
        log.info("Worker %s running job %s (%s)", self.id, job.pk, job.kind)
        self.current_job = job.pk
        try:
            outcome = self._outcome(job)
        finally:
            self.current_job = None
        if outcome is not None:
            self._record(outcome)
        if outcome is None or outcome.status != Job.Status.QUEUED:
            self.executed += 1
        job.refresh_from_db()
        return job

    def _outcome(self, job: Job) -> Outcome | None:
        ctx = JobContext(job, self.id, stopping=self.stop)
        try:
            result = handler_for(job.kind)(ctx)
        except JobCancelled:
            return Outcome(job.pk, Job.Status.CANCELLED)
        except JobLost:
            log.warning(
                "Worker %s lost job %s (requeued or deleted); its result is discarded", self.id, job.pk
            )
            return None
        except WorkerStopping:
            log.warning("Worker %s stopping: job %s goes back to the queue", self.id, job.pk)
            return Outcome(job.pk, Job.Status.QUEUED)
        except KeyboardInterrupt:
            self._record(Outcome(job.pk, Job.Status.QUEUED))
            raise
        except Exception as err:
            if is_locked(err) and job.attempts < self.max_attempts:
                log.warning("Job %s: database locked (%s); back to the queue to try again", job.pk, err)
                return Outcome(job.pk, Job.Status.QUEUED, retry=True)
            failure = failures.describe(err)
            if failure.environment:
                log.error("Job %s failed: %s %s", job.pk, failure.message, failure.hint)
            elif "bug in careshift" in failure.hint:
                log.exception("Job %s failed with an unexpected error", job.pk)
            return Outcome(job.pk, Job.Status.FAILED, message=failure.message, hint=failure.hint)
        return Outcome(job.pk, Job.Status.SUCCEEDED, result=result or "")

    def _record(self, outcome: Outcome) -> None:
        try:
            self._finish(outcome)
        except ENVIRONMENT_ERRORS as err:
            log.error(
                "Worker %s could not record job %s as %s (%s); will retry",
                *(self.id, outcome.job_id, outcome.status, err),
            )
            self.pending = outcome

    def _finish(self, outcome: Outcome) -> bool:
        """Write ``outcome`` if this worker still holds the job; False (and a log line) when it does not."""
        held = Job.objects.held_by(self.id).filter(pk=outcome.job_id)
        written = retrying(lambda: held.update(**outcome.fields()), what=f"finish job {outcome.job_id}")
        if not written:
            log.warning(
                "Job %s was no longer held by %s; outcome %s not written",
                *(outcome.job_id, self.id, outcome.status),
            )
        return bool(written)


def run_forever(
    poll_seconds: float = 1.0,
    once: bool = False,
    stale_after: float | None = None,
    stop: threading.Event | None = None,
    kinds: list[str] | None = None,
) -> int:
    """Run a :class:`Worker` until ``stop`` is set (or, with ``once``, until the queue is empty)."""
    worker = Worker(poll_seconds=poll_seconds, kinds=kinds, stop=stop or threading.Event())
    if stale_after is not None:
        worker.stale_after = stale_after
    return worker.run(once=once)
