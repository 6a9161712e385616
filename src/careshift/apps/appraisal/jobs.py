"""The appraisal app's background work on the platform's job system: hub locations (p-median or maximal
covering) and the weight sensitivity of a ranking (rank acceptability with many draws). Each job belongs
to an :class:`~careshift.apps.appraisal.models.Analysis`, which keeps its input and its result."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from careshift.apps.appraisal.models import Analysis
from careshift.apps.jobs.models import Job
from careshift.apps.jobs.registry import JobContext, job_handler
from careshift.errors import JobError

LOCATIONS, SENSITIVITY = "appraisal.locations", "appraisal.sensitivity"


def _analysis(ctx: JobContext) -> Analysis:
    try:
        return Analysis.objects.select_related("appraisal").get(job=ctx.job)
    except Analysis.DoesNotExist:
        raise JobError(f"Job {ctx.job.pk} has no analysis: it was deleted.", hint="Start it again.") from None


@job_handler(LOCATIONS)
def propose_locations(ctx: JobContext) -> str | None:
    from careshift.apps.appraisal import location

    analysis = _analysis(ctx)
    p = analysis.params
    proposal = location.propose(
        int(p["hubs"]), p["kind"], p["method"], float(p["standard"]), p["weight"], progress=ctx.progress
    )
    ctx.progress(location.STEPS, location.STEPS, "Done")
    return _finish(ctx, analysis, location.to_json(proposal))


@job_handler(SENSITIVITY)
def weight_sensitivity(ctx: JobContext) -> str | None:
    from careshift.apps.appraisal import scoring

    analysis = _analysis(ctx)
    if analysis.appraisal is None:
        raise JobError("The appraisal of this analysis was deleted.", hint="Start it from an appraisal.")
    p = analysis.params
    result = scoring.sensitivity(
        analysis.appraisal, draws=int(p["draws"]), seed=int(p["seed"]), progress=ctx.progress
    )
    return _finish(ctx, analysis, result)


def _finish(ctx: JobContext, analysis: Analysis, result: dict[str, object]) -> str:
    with ctx.holding():
        Analysis.objects.filter(pk=analysis.pk).update(result=result)
    return analysis.get_absolute_url()


@receiver(post_delete, sender=Analysis)
def _delete_its_job(sender: object, instance: Analysis, **kwargs: object) -> None:
    if instance.job_id is not None:
        Job.objects.filter(pk=instance.job_id).delete()
