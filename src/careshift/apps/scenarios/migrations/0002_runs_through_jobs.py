"""Runs are queued, claimed and finished through the platform's job system: each run gets a
``scenario.run`` job carrying its status, progress, worker and outcome, copied from the run's own
columns, which are then dropped."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("status", "done", "total", "cancel_requested", "error_message", "error_hint",
         "started_at", "finished_at", "worker_id", "heartbeat")


def runs_to_jobs(apps, schema_editor):
    Run = apps.get_model("scenarios", "Run")
    Job = apps.get_model("jobs", "Job")
    for run in Run.objects.select_related("scenario").iterator():
        job = Job.objects.create(
            kind="scenario.run",
            title=f"Run {run.pk} of {run.scenario.name}"[:200],
            payload={"run": run.pk},
            owner_id=run.requested_by_id,
            url=f"/scenarios/runs/{run.pk}/",
            attempts=1 if run.started_at else 0,
            **{name: getattr(run, name) for name in MOVED},
        )
        Job.objects.filter(pk=job.pk).update(created_at=run.queued_at)
        Run.objects.filter(pk=run.pk).update(job=job)


def jobs_to_runs(apps, schema_editor):
    Run = apps.get_model("scenarios", "Run")
    for run in Run.objects.select_related("job").iterator():
        Run.objects.filter(pk=run.pk).update(**{name: getattr(run.job, name) for name in MOVED})


class Migration(migrations.Migration):

    dependencies = [
        ("jobs", "0001_initial"),
        ("scenarios", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="run",
            name="job",
            field=models.OneToOneField(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="run", to="jobs.job"
            ),
        ),
        migrations.RunPython(runs_to_jobs, jobs_to_runs),
    ]
