"""/healthz reports worker liveness and the queue's age, and fails when jobs wait with no worker alive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from careshift.apps.jobs import services
from careshift.apps.jobs.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db
Register = Callable[[str, Callable[..., Any]], None]


def _beat(seconds_ago: float, restarts: int = 0) -> WorkerHeartbeat:
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(
        worker_id=f"host:{seconds_ago}",
        hostname="host",
        pid=1,
        started_at=seen,
        last_seen=seen,
        restarts=restarts,
    )


def test_healthz_is_ok_with_a_live_worker_and_reports_the_queue(client: Client, register: Register) -> None:
    register("probe.health", lambda ctx: None)
    job = services.enqueue("probe.health", {})
    services.Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(seconds=90))
    _beat(2, restarts=3)
    response = client.get("/healthz")
    assert response.status_code == 200
    jobs = response.json()["jobs"]
    assert (jobs["workers_alive"], jobs["worker_restarts"], jobs["queued"]) == (1, 3, 1)
    assert 89 <= jobs["oldest_queued_seconds"] < 120


def test_healthz_fails_when_jobs_wait_and_the_worker_is_gone(client: Client, register: Register) -> None:
    register("probe.health", lambda ctx: None)
    services.enqueue("probe.health", {})
    _beat(600)  # a worker that stopped ten minutes ago
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and "careshift worker" in body["detail"]
    assert body["jobs"]["workers_alive"] == 0 and body["jobs"]["last_worker_seen_seconds"] >= 600


def test_healthz_can_require_a_worker_even_with_an_empty_queue(client: Client, settings: Any) -> None:
    assert client.get("/healthz").status_code == 200
    settings.HEALTHZ_REQUIRE_WORKER = True
    assert client.get("/healthz").status_code == 503
    _beat(1)
    assert client.get("/healthz").status_code == 200


def test_a_worker_writes_its_heartbeat_while_it_runs_and_removes_it_when_it_stops(register: Register) -> None:
    from careshift.apps.jobs import worker

    seen: list[int] = []
    register("probe.alive", lambda ctx: seen.append(WorkerHeartbeat.objects.count()))
    services.enqueue("probe.alive", {})
    assert worker.run_forever(once=True) == 1
    assert seen == [1] and WorkerHeartbeat.objects.count() == 0


def test_a_starting_worker_forgets_the_rows_of_dead_workers_on_its_host(register: Register) -> None:
    import os
    import socket
    import subprocess
    import sys

    from careshift.apps.jobs import worker

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    now = timezone.now()
    for pid in (int(gone.stdout), os.getppid()):  # a finished process, and a live one
        WorkerHeartbeat.objects.create(
            worker_id=f"{socket.gethostname()}:{pid}:1",
            hostname=socket.gethostname(),
            pid=pid,
            started_at=now,
            last_seen=now,
            restarts=1,
        )
    seen: list[list[int]] = []
    register(
        "probe.tidy", lambda ctx: seen.append(sorted(WorkerHeartbeat.objects.values_list("pid", flat=True)))
    )
    services.enqueue("probe.tidy", {})
    worker.run_forever(once=True)
    assert seen == [sorted([os.getppid(), os.getpid()])]
