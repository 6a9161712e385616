"""Scenario runs as jobs of kind ``scenario.run``: the handler the job worker calls for a queued run.

A :class:`~careshift.apps.scenarios.models.Run` is the domain record (frozen spec, seed, results rows);
its job carries the queueing, progress, cancellation and outcome. The engine reports progress after
each chunk of iterations through ``ctx.progress``, which stops the run when a user cancels it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse

from careshift.apps.jobs.models import Job
from careshift.apps.jobs.registry import JobContext, job_handler
from careshift.apps.scenarios import engine, services
from careshift.apps.scenarios.models import Run
from careshift.errors import JobError

log = logging.getLogger(__name__)
KIND = "scenario.run"
SUMMARISING = "Summarising the results"  # the stage after the last iteration, until stored


@job_handler(KIND)
def run_scenario(ctx: JobContext) -> str | None:
    """Run the engine for the job's run, store its results while the job is still ours, and return
    the results page's address."""
    run = _the_run(ctx.job)
    scheduler = (settings.DASK_SCHEDULER or None) if run.executor == Run.Executor.DASK else None
    ctx.progress(0, run.iterations, message="Starting the engine")
    results = engine.run(
        run.spec,
        iterations=run.iterations,
        seed=run.seed,
        executor=run.executor,
        scheduler=scheduler,
        progress=lambda done, total: ctx.progress(done, total, message="Running iterations"),
    )
    ctx.progress(run.iterations, run.iterations, message=SUMMARISING)
    with ctx.holding():
        services.store_results(
            run,
            results.summary(),
            results.waterfall(),
            dict(results.metadata),
            engine.iteration_bytes(results),
        )
    _warm_results_page(run)
    return reverse("scenarios:results", args=[run.pk])


def _the_run(job: Job) -> Run:
    try:
        return Run.objects.select_related("scenario").get(job=job)
    except Run.DoesNotExist:
        raise JobError(
            f"Job {job.pk} has no scenario run: it was deleted.", hint="Start a new run of the scenario."
        ) from None


def _warm_results_page(run: Run) -> None:
    """Build the results page's default view now, so the first reader does not wait for it."""
    from careshift.apps.scenarios import results

    try:
        options = results.options(run)
        results.panels(run, results.COUNTY, (options["default_setting"] or [results.ALL])[0])
    except Exception:  # a cache warm-up must never turn a finished run into a failure
        log.warning("Could not pre-build the results page of run %s", run.pk, exc_info=True)


@receiver(post_delete, sender=Run)
def _delete_its_job(sender: Any, instance: Run, **kwargs: Any) -> None:
    """A deleted run (or scenario) takes its job with it; a worker running it stops at its next
    progress report (the job is no longer its to finish)."""
    Job.objects.filter(pk=instance.job_id).delete()
