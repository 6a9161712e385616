"""The job system: registering handlers, queueing, running, cancelling, progress, results and failures."""

from __future__ import annotations

import errno
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from careshift.apps.jobs import claiming, registry, services, worker
from careshift.apps.jobs.models import Job
from careshift.apps.jobs.registry import JobContext
from careshift.errors import JobError, ScenarioError

pytestmark = pytest.mark.django_db
Register = Callable[[str, Callable[..., Any]], None]


def test_apps_register_their_handlers_by_having_a_jobs_module() -> None:
    from careshift.apps.scenarios.jobs import run_scenario

    assert registry.handler_for("scenario.run") is run_scenario


def test_a_kind_must_name_its_app_and_verb_and_have_one_handler(register: Register) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"<app>\.<verb>"):
        registry.job_handler("Board pack")
    register("probe.once", lambda ctx: None)
    with pytest.raises(ImproperlyConfigured, match="already has a handler"):
        registry.job_handler("probe.once")(lambda ctx: "another")


def test_an_unknown_kind_is_refused_when_queued() -> None:
    with pytest.raises(JobError, match="No handler is registered"):
        services.enqueue("nobody.knows", {})


def test_a_job_runs_once_reports_progress_and_keeps_its_result(register: Register, user_factory: Any) -> None:
    seen: list[dict[str, Any]] = []

    def render(ctx: JobContext) -> str:
        seen.append(ctx.payload)
        for page in range(3):
            ctx.progress(page, 3, message=f"Page {page + 1}")
        ctx.progress(3, 3, message="Done")
        return "/files/7/"

    register("probe.render", render)
    owner = user_factory("contributor")
    job = services.enqueue("probe.render", {"pack": 3}, owner=owner, title="Board pack for March")
    assert job.status == "queued" and job.owner == owner
    assert worker.run_forever(once=True) == 1
    job.refresh_from_db()
    assert seen == [{"pack": 3}]
    assert (job.status, job.result, job.done, job.total, job.attempts) == ("succeeded", "/files/7/", 3, 3, 1)
    assert job.message == "Done" and job.finished_at and job.started_at
    assert worker.run_forever(once=True) == 0  # nothing runs twice


def test_a_users_mistake_is_shown_with_its_own_hint(register: Register) -> None:
    def refuse(ctx: JobContext) -> None:
        raise ScenarioError("The lever 'x' has no cohort.", hint="Give it at least one activity.")

    register("probe.refuse", refuse)
    job = services.enqueue("probe.refuse", {})
    worker.run_forever(once=True)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error_message == "The lever 'x' has no cohort."
    assert job.error_hint == "Give it at least one activity."


def test_a_full_disk_fails_the_job_with_an_environment_hint_not_a_bug(register: Register) -> None:
    def write(ctx: JobContext) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/var/careshift/runs/7.parquet")

    register("probe.write", write)
    job = services.enqueue("probe.write", {})
    worker.run_forever(once=True)
    job.refresh_from_db()
    assert job.status == "failed" and "disk is full" in job.error_message
    assert "/var/careshift/runs/7.parquet" in job.error_message
    assert "free disk space" in job.error_hint and "bug" not in job.error_hint


def test_an_unexpected_error_is_reported_as_a_bug(register: Register) -> None:
    register("probe.crash", lambda ctx: 1 / 0)
    job = services.enqueue("probe.crash", {})
    worker.run_forever(once=True)
    job.refresh_from_db()
    assert job.status == "failed" and "ZeroDivisionError" in job.error_message
    assert "bug in careshift" in job.error_hint


def test_a_queued_job_is_cancelled_at_once_and_audited(register: Register, user_factory: Any) -> None:
    from careshift.apps.accounts.models import AuditEvent

    register("probe.wait", lambda ctx: None)
    user = user_factory("analyst")
    job = services.cancel(services.enqueue("probe.wait", {}, owner=user), by=user)
    assert job.status == "cancelled" and job.finished_at
    assert worker.run_forever(once=True) == 0
    assert AuditEvent.objects.filter(user=user, action="job.cancel", object_id=str(job.pk)).exists()
    with pytest.raises(JobError, match="already finished"):
        services.cancel(job, by=user)


def test_a_running_job_stops_at_its_next_progress_report(register: Register) -> None:
    reached: list[int] = []

    def long(ctx: JobContext) -> str:
        for step in range(1000):  # 10 s if nothing stops it
            reached.append(step)
            if step == 2:
                Job.objects.filter(pk=ctx.job.pk).update(cancel_requested=True)  # the Cancel button
            ctx.progress(step, 1000)
            time.sleep(0.01)
        return "finished"

    register("probe.long", long)
    job = services.enqueue("probe.long", {})
    worker.run_forever(once=True)
    job.refresh_from_db()
    # progress is written at most every 0.25 s, so the cancel is seen within about 25 steps
    assert job.status == "cancelled" and job.result == "" and max(reached) < 2 + 50


def test_a_worker_that_lost_its_job_writes_nothing(register: Register) -> None:
    def slow(ctx: JobContext) -> str:
        Job.objects.filter(pk=ctx.job.pk).update(status="queued", worker_id="")  # requeued as stale
        ctx.progress(1, 2)
        return "never"

    register("probe.slow", slow)
    job = services.enqueue("probe.slow", {})
    claimed = claiming.claim_next("worker-a")
    assert claimed is not None
    worker.Worker(id="worker-a").execute(claimed)
    job.refresh_from_db()
    assert job.status == "queued" and job.result == ""


def test_a_job_that_keeps_losing_its_worker_fails_after_max_attempts(register: Register) -> None:
    register("probe.heavy", lambda ctx: None)
    job = services.enqueue("probe.heavy", {})
    Job.objects.filter(pk=job.pk).update(status="running", worker_id="dead:1", heartbeat=None, attempts=3)
    assert claiming.requeue_stale(stale_after=60, max_attempts=3) == (0, 1)
    job.refresh_from_db()
    assert job.status == "failed" and "stopped responding 3 times" in job.error_message
    assert "memory" in job.error_hint


def test_a_stopping_worker_gives_its_job_back_to_the_queue(register: Register) -> None:
    stopping = worker.Worker()

    def interrupted(ctx: JobContext) -> str:
        stopping.stop.set()  # SIGTERM from `careshift serve` or a service manager
        ctx.progress(1, 2)
        return "never"

    register("probe.stop", interrupted)
    job = services.enqueue("probe.stop", {})
    assert stopping.run() == 0
    job.refresh_from_db()
    assert (job.status, job.worker_id, job.attempts, job.result) == ("queued", "", 0, "")
