"""Claiming queued jobs and requeueing stale ones, safely when several workers share one database.

* PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` picks the oldest queued job no other worker is
  claiming; the claim commits with the row lock held.
* SQLite: the claim's transaction begins with ``BEGIN IMMEDIATE`` (the write lock taken up front), so
  no other writer runs between reading the oldest queued job and marking it ours.

Either way the update is also conditional on ``status='queued'``, so a job is claimed at most once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from careshift.apps.jobs.database import retrying
from careshift.apps.jobs.models import Job

log = logging.getLogger(__name__)


def claim_next(worker_id: str, kinds: list[str] | None = None) -> Job | None:
    """Mark the oldest queued job (of ``kinds``, default any) as held by ``worker_id`` and return it;
    None when nothing is queued. Retries while the database is locked."""
    return retrying(lambda: _claim(worker_id, kinds), what="claim a job")


def _claim(worker_id: str, kinds: list[str] | None) -> Job | None:
    with transaction.atomic():
        queued = Job.objects.queued()
        if kinds is not None:
            queued = queued.filter(kind__in=kinds)
        if connection.vendor == "postgresql":
            queued = queued.select_for_update(skip_locked=True)
        pk = queued.values_list("pk", flat=True).first()
        if pk is None:
            return None
        now = timezone.now()
        claimed = Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING,
            worker_id=worker_id,
            heartbeat=now,
            started_at=now,
            done=0,
            attempts=F("attempts") + 1,
        )
        if not claimed:  # unreachable with the write lock held; kept as the rule the claim relies on
            return None
        return Job.objects.get(pk=pk)


def requeue_stale(stale_after: float, max_attempts: int) -> tuple[int, int]:
    """Jobs whose worker stopped sending heartbeats for ``stale_after`` seconds go back to the queue,
    or fail once they have been claimed ``max_attempts`` times. Returns (requeued, failed)."""
    return retrying(lambda: _requeue_stale(stale_after, max_attempts), what="requeue stale jobs")


def _requeue_stale(stale_after: float, max_attempts: int) -> tuple[int, int]:
    now = timezone.now()
    stale = Job.objects.stale(now - timedelta(seconds=stale_after))
    failed = stale.filter(attempts__gte=max_attempts).update(
        status=Job.Status.FAILED,
        finished_at=now,
        heartbeat=now,
        error_message=(
            f"The worker running this job stopped responding {max_attempts} times "
            f"(no heartbeat for {stale_after:.0f} s each time), so it was given up."
        ),
        error_hint=(
            "The job may need more memory or time than the server has: try a smaller one (e.g. fewer "
            "iterations), or ask the administrator to check the worker's log and the server's memory."
        ),
    )
    requeued = stale.filter(attempts__lt=max_attempts).update(
        status=Job.Status.QUEUED, worker_id="", heartbeat=None, started_at=None, done=0, message=""
    )
    if requeued or failed:
        log.warning("Stale jobs: %d requeued, %d failed after %d attempts", requeued, failed, max_attempts)
    return requeued, failed
