"""The job system's health for ``/healthz``: live workers, restarts, and how long the queue has waited.

Unhealthy when jobs are queued and no worker has sent a heartbeat within ``WORKER_ALIVE_SECONDS`` (or,
with ``HEALTHZ_REQUIRE_WORKER``, whenever no worker is alive).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Min, Sum
from django.utils import timezone

from careshift.apps.jobs.models import Job, WorkerHeartbeat


@dataclass(frozen=True)
class JobsHealth:
    workers_alive: int
    worker_restarts: int
    last_worker_seen_seconds: float | None
    queued: int
    running: int
    oldest_queued_seconds: float | None
    problem: str

    @property
    def ok(self) -> bool:
        return not self.problem

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _age(moment: Any, now: Any) -> float | None:
    return round((now - moment).total_seconds(), 1) if moment is not None else None


def check() -> JobsHealth:
    now = timezone.now()
    window = float(settings.WORKER_ALIVE_SECONDS)
    alive = WorkerHeartbeat.objects.alive(now - timedelta(seconds=window))
    workers = alive.aggregate(restarts=Sum("restarts"))
    count = alive.count()
    last_seen = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    queue = Job.objects.queued().aggregate(oldest=Min("created_at"))
    queued = Job.objects.queued().count()
    problem = ""
    if count == 0 and (queued or settings.HEALTHZ_REQUIRE_WORKER):
        waiting = f" while {queued} job(s) are queued" if queued else ""
        problem = (
            f"No worker has sent a heartbeat in the last {window:.0f} s{waiting}: "
            "start one with `careshift worker` (`careshift serve` starts and restarts them)."
        )
    return JobsHealth(
        workers_alive=count,
        worker_restarts=int(workers["restarts"] or 0),
        last_worker_seen_seconds=_age(last_seen, now),
        queued=queued,
        running=Job.objects.running().count(),
        oldest_queued_seconds=_age(queue["oldest"], now),
        problem=problem,
    )
