"""Handlers registered by kind, and the context a handler is given.

An app declares its background work in its own ``jobs.py`` (imported by the jobs app's ``ready``)::

    from careshift.apps.jobs.registry import job_handler, JobContext

    @job_handler("programme.board_pack")          # kind = "<app>.<verb>"
    def render_pack(ctx: JobContext) -> str | None:
        for i, page in enumerate(pages):
            ctx.progress(i, len(pages), message=f"Page {i + 1}")   # raises ctx.Cancelled on cancel
            ...
        return file_id                             # the job's result reference, or None

A handler raises a :class:`careshift.errors.CareshiftError` for a failure the user can fix (its message
and hint are shown on the job page); anything else is classified by :mod:`careshift.apps.jobs.failures`.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection
from django.utils import timezone

from careshift.apps.jobs.database import is_locked, write_transaction
from careshift.errors import JobError

if TYPE_CHECKING:
    from careshift.apps.jobs.models import Job

KIND = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
PROGRESS_EVERY_SECONDS = 0.25

Handler = Callable[["JobContext"], "str | None"]
_handlers: dict[str, Handler] = {}


class JobInterrupted(BaseException):
    """Stops a handler from inside ``ctx.progress``. A BaseException, so a handler's ``except
    Exception`` cannot swallow it."""


class JobCancelled(JobInterrupted):
    """A user asked for the job to stop."""


class JobLost(JobInterrupted):
    """This worker no longer holds the job (it was requeued as stale, or deleted): stop, write nothing."""


class WorkerStopping(JobInterrupted):
    """The worker was asked to stop (SIGTERM): the job goes back to the queue for another worker."""


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``handler`` for ``kind`` (``"<app>.<verb>"``); one handler per kind."""
    if not KIND.match(kind):
        raise ImproperlyConfigured(f"Job kind {kind!r} must look like '<app>.<verb>', e.g. 'scenario.run'.")

    def register(handler: Handler) -> Handler:
        known = _handlers.get(kind)
        if known is not None and _identity(known) != _identity(handler):
            raise ImproperlyConfigured(f"Job kind {kind!r} already has a handler: {_qualname(known)}.")
        _handlers[kind] = handler
        return handler

    return register


def _qualname(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def _identity(handler: Handler) -> tuple[str, int]:
    """The same function imported again (a reloaded module) registers again without complaint."""
    code = getattr(handler, "__code__", None)
    return _qualname(handler), code.co_firstlineno if code is not None else id(handler)


def handler_for(kind: str) -> Handler:
    try:
        return _handlers[kind]
    except KeyError:
        raise JobError(
            f"No handler is registered for jobs of kind {kind!r}.",
            hint=f"Registered kinds: {', '.join(kinds()) or 'none'}. Is the app that owns it installed?",
        ) from None


def kinds() -> list[str]:
    return sorted(_handlers)


class JobContext:
    """What a handler sees: ``payload``, ``job``, ``progress(...)`` and ``holding()``."""

    Cancelled = JobCancelled
    Lost = JobLost

    def __init__(
        self,
        job: Job,
        worker_id: str,
        *,
        every: float = PROGRESS_EVERY_SECONDS,
        stopping: threading.Event | None = None,
    ):
        self.job, self.worker_id, self.every = job, worker_id, every
        self.payload: dict[str, Any] = dict(job.payload or {})
        self._stopping = stopping
        self._last = float("-inf")
        self._lock = threading.Lock()
        self._owner = threading.get_ident()

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Record progress and a heartbeat (at most every ``every`` seconds, and always at the end);
        raise ``Cancelled`` if a user asked to stop, ``Lost`` if this worker no longer holds the job."""
        if self._stopping is not None and self._stopping.is_set():
            raise WorkerStopping(f"The worker is stopping; job {self.job.pk} goes back to the queue.")
        now = time.monotonic()
        with self._lock:
            if now - self._last < self.every and done < total:
                return
            self._last = now
        try:
            self._write(done, total, message)
        finally:
            if threading.get_ident() != self._owner:  # an engine thread: do not leak its connection
                connection.close()

    def _write(self, done: int, total: int, message: str) -> None:
        from careshift.apps.jobs.models import Job

        held = Job.objects.held_by(self.worker_id).filter(pk=self.job.pk)
        fields = {"done": max(0, done), "total": max(0, total), "heartbeat": timezone.now()}
        if message:
            fields["message"] = message[:500]
        try:
            if held.filter(cancel_requested=False).update(**fields):
                return
        except OperationalError as err:
            if not is_locked(err):
                raise
            self._last = float("-inf")  # busy: skip this report, write the next one
            return
        if held.filter(cancel_requested=True).exists():
            raise JobCancelled(f"Job {self.job.pk} was cancelled by a user.")
        raise JobLost(f"Job {self.job.pk} is no longer held by worker {self.worker_id}.")

    @contextmanager
    def holding(self) -> Iterator[None]:
        """A write transaction that commits only while this worker still holds the job: wrap a
        handler's final writes in it so a worker that lost the job (requeued as stale) writes nothing."""
        from careshift.apps.jobs.models import Job

        with write_transaction():
            held = Job.objects.held_by(self.worker_id).filter(pk=self.job.pk)
            if connection.vendor == "postgresql":
                held = held.select_for_update()
            if not held.exists():
                raise JobLost(f"Job {self.job.pk} is no longer held by worker {self.worker_id}.")
            yield
