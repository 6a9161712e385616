"""Every run now has its job: make it required and drop the columns the job carries (0002 copied them)."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("status", "done", "total", "cancel_requested", "error_message", "error_hint",
         "started_at", "finished_at", "worker_id", "heartbeat")


class Migration(migrations.Migration):

    dependencies = [("scenarios", "0002_runs_through_jobs")]

    operations = [
        migrations.AlterField(
            model_name="run",
            name="job",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT, related_name="run", to="jobs.job"
            ),
        ),
        migrations.RemoveIndex(model_name="run", name="scenarios_r_status_2ac3b6_idx"),
        migrations.RemoveIndex(model_name="run", name="scenarios_r_scenari_09193b_idx"),
        *(migrations.RemoveField(model_name="run", name=name) for name in MOVED),
        migrations.AddIndex(
            model_name="run",
            index=models.Index(fields=["scenario", "queued_at"], name="scenarios_r_scenari_63208d_idx"),
        ),
    ]
