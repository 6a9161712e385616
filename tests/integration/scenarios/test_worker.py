"""Scenario runs as jobs: claiming, executing, progress, cancellation, failure, restart recovery, samples."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from careshift.apps.accounts.models import AuditEvent
from careshift.apps.jobs import claiming, worker
from careshift.apps.jobs.models import Job
from careshift.apps.jobs.registry import JobContext
from careshift.apps.scenarios import services
from careshift.apps.scenarios.models import Run, RunSummaryRow, RunWaterfallRow, Scenario

pytestmark = pytest.mark.django_db


def test_a_queued_run_is_executed_and_its_results_stored(succeeded_run: Run) -> None:
    run = succeeded_run
    assert (run.done, run.total) == (run.iterations, run.iterations)
    assert run.started_at and run.finished_at and run.worker_id
    assert run.datapack_name.startswith("SYNTHETIC") and run.engine_version
    assert run.metadata["iterations"] == run.iterations
    assert RunSummaryRow.objects.filter(run=run, locality="county", measure="activity").exists()
    assert RunWaterfallRow.objects.filter(run=run, step="baseline").exists()


def test_the_worker_returns_when_nothing_is_queued() -> None:
    assert worker.run_forever(once=True) == 0


def test_the_oldest_queued_run_is_claimed_once(scenario: Scenario) -> None:
    first = services.start_run(None, scenario, iterations=2)
    services.start_run(None, scenario, iterations=2)
    claimed = claiming.claim_next("worker-a")
    assert claimed is not None and claimed.pk == first.job_id and claimed.status == "running"
    assert claimed.worker_id == "worker-a" and claimed.attempts == 1
    assert Run.objects.queued().count() == 1


def test_a_run_cancelled_while_running_stops_without_results(scenario: Scenario) -> None:
    run = services.start_run(None, scenario, iterations=4)
    job = claiming.claim_next("worker-a")
    assert job is not None
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)  # as the Cancel button does
    job = worker.Worker(id="worker-a").execute(job)
    run.refresh_from_db()
    assert job.status == run.status == "cancelled" and run.finished_at
    assert not RunSummaryRow.objects.filter(run=run).exists()


def test_a_queued_run_is_cancelled_at_once(scenario: Scenario) -> None:
    run = services.cancel_run(None, services.start_run(None, scenario, iterations=2))
    assert run.status == "cancelled"
    assert worker.run_forever(once=True) == 0


def test_a_failure_is_recorded_with_its_reason_and_the_scenario_kept(scenario: Scenario) -> None:
    spec = copy.deepcopy(scenario.spec)
    spec["levers"][0]["cohort"]["activities"] = ["no_such_activity"]  # valid YAML, unknown to the pack
    scenario.spec = spec
    scenario.save()
    run = services.start_run(None, scenario, iterations=2)
    worker.run_forever(once=True)
    run.refresh_from_db()
    assert run.status == "failed"
    assert "no_such_activity" in run.error_message and run.error_hint
    assert Scenario.objects.filter(pk=scenario.pk).exists()


def test_an_unexpected_engine_error_is_recorded(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    from careshift.apps.scenarios import engine

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(engine, "run", broken)
    run = services.start_run(None, scenario, iterations=2)
    worker.run_forever(once=True)
    run.refresh_from_db()
    assert run.status == "failed" and "ZeroDivisionError" in run.error_message


def test_a_run_left_running_by_a_dead_worker_is_requeued_and_finished(scenario: Scenario) -> None:
    run = services.start_run(None, scenario, iterations=2)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Job.objects.filter(pk=run.job_id).update(
        status="running", worker_id="dead:1", heartbeat=an_hour_ago, attempts=1
    )
    assert worker.run_forever(once=True) == 1
    run.refresh_from_db()
    assert run.status == "succeeded" and run.worker_id != "dead:1"


def test_a_run_with_a_fresh_heartbeat_is_left_alone(scenario: Scenario) -> None:
    run = services.start_run(None, scenario, iterations=2)
    Job.objects.filter(pk=run.job_id).update(status="running", worker_id="alive:1", heartbeat=timezone.now())
    assert claiming.requeue_stale(stale_after=60, max_attempts=3) == (0, 0)


def test_progress_is_written_and_throttled(scenario: Scenario) -> None:
    run = services.start_run(None, scenario, iterations=10)
    job = claiming.claim_next("worker-a")
    assert job is not None and job.pk == run.job_id
    Job.objects.filter(pk=job.pk).update(heartbeat=None)
    ctx = JobContext(job, "worker-a", every=60)
    ctx.progress(3, 10)
    ctx.progress(5, 10)  # within the throttle window: not written
    run.refresh_from_db()
    assert (run.done, run.total) == (3, 10) and run.heartbeat


def test_sample_scenarios_are_created_once_and_run_once(db: None) -> None:
    services.ensure_sample_scenarios(run=True, iterations=2)
    services.ensure_sample_scenarios(run=True, iterations=2)
    samples = Scenario.objects.filter(is_sample=True)
    assert sorted(samples.values_list("slug", flat=True)) == ["care-closer-to-home", "do-nothing"]
    assert Run.objects.count() == 2
    worker.run_forever(once=True)
    assert set(Run.objects.values_list("job__status", flat=True)) == {"succeeded"}


def test_starting_and_cancelling_runs_is_audited(scenario: Scenario, user_factory: Any) -> None:
    user = user_factory("analyst")
    run = services.start_run(user, scenario, iterations=2)
    services.cancel_run(user, run)
    actions = list(AuditEvent.objects.filter(user=user).values_list("action", flat=True))
    assert actions == ["run.start", "run.cancel"] or sorted(actions) == ["run.cancel", "run.start"]


def test_iterations_out_of_range_are_refused(scenario: Scenario) -> None:
    from careshift.errors import ValidationError

    with pytest.raises(ValidationError, match="Iterations"):
        services.start_run(None, scenario, iterations=0)


def test_runs_use_dask_when_a_scheduler_is_configured(scenario: Scenario, settings: Any) -> None:
    assert services.start_run(None, scenario, iterations=2).executor == "local"
    settings.DASK_SCHEDULER = "tcp://127.0.0.1:8786"
    assert services.start_run(None, scenario, iterations=2).executor == "dask"
    assert services.start_run(None, scenario, iterations=2, executor="local").executor == "local"


def test_a_full_disk_fails_the_run_with_an_environment_hint_not_a_bug(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from careshift.apps.scenarios import engine

    def disk_full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(engine, "run", disk_full)
    run = services.start_run(None, scenario, iterations=2)
    worker.run_forever(once=True)
    run.refresh_from_db()
    assert run.status == "failed" and "disk is full" in run.error_message
    assert "free disk space" in run.error_hint and "bug" not in run.error_hint


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """64 iterations a chunk, so a run has many chunks (progress reports) to stop between."""
    import careshift.model

    monkeypatch.setattr(careshift.model, "default_chunk_size", lambda ctx, n: 64)


def _cancel_after_first_report(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Press Cancel as soon as the engine first reports progress; record how far it got."""
    from careshift.apps.scenarios import engine

    real_run = engine.run
    seen: dict[str, Any] = {"reports": 0}

    def run(spec: Any, *, progress: Any, **kwargs: Any) -> Any:
        def report(done: int, total: int) -> None:
            seen["reports"] += 1
            seen["done"] = done
            if not seen.get("cancelled"):
                seen["cancelled"] = True
                Job.objects.filter(run__isnull=False, status="running").update(cancel_requested=True)
            progress(done, total)

        return real_run(spec, progress=report, **kwargs)

    monkeypatch.setattr(engine, "run", run)
    return seen


@pytest.mark.usefixtures("small_chunks")
def test_a_cancelled_local_run_stops_promptly(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _cancel_after_first_report(monkeypatch)
    run = services.start_run(None, scenario, iterations=64 * 400)  # 400 chunks
    worker.run_forever(once=True)
    run.refresh_from_db()
    assert run.status == "cancelled" and not RunSummaryRow.objects.filter(run=run).exists()
    assert seen["done"] < run.iterations / 2, seen  # chunks, not seconds: bench_hardening.py cancel


@pytest.mark.usefixtures("small_chunks")
def test_a_cancelled_dask_run_stops_promptly(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        settings.DASK_SCHEDULER = cluster.scheduler_address
        seen = _cancel_after_first_report(monkeypatch)
        run = services.start_run(None, scenario, iterations=64 * 400, executor="dask")
        worker.run_forever(once=True)
    run.refresh_from_db()
    assert run.status == "cancelled" and not RunSummaryRow.objects.filter(run=run).exists()
    assert seen["done"] < run.iterations / 4, seen  # chunks, not seconds: bench_hardening.py cancel


def test_the_audit_log_names_the_runs_scenario_not_its_number(scenario: Scenario) -> None:
    from careshift.apps.accounts.models import AuditEvent
    from careshift.apps.scenarios import services

    run = services.start_run(None, scenario, iterations=4, seed=1)
    event = AuditEvent.objects.get(action="run.start", object_id=str(run.pk))
    assert event.object_repr.startswith(f"Run {run.pk} of 'Care closer to home'")
