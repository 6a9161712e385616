"""A background job (:class:`Job`) and a worker's liveness row (:class:`WorkerHeartbeat`).

A job moves ``queued -> running -> succeeded | failed | cancelled``. While running it is held by one
worker (``worker_id``) that writes ``heartbeat``; a job whose heartbeat stops is requeued (``attempts``
counts claims) until ``max_attempts``, then failed. The domain record (a scenario ``Run``, a board pack)
stays in its own app and points at its job.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from careshift.apps.jobs.managers import JobQuerySet, WorkerHeartbeatQuerySet


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    kind = models.CharField(max_length=100, help_text="'<app>.<verb>', e.g. 'scenario.run'.")
    title = models.CharField(max_length=200, blank=True, help_text="What the job does, in words.")
    payload = models.JSONField(default=dict, blank=True, help_text="The handler's input.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    url = models.CharField(max_length=500, blank=True, help_text="The page of the job's domain record.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True, help_text="The handler's latest progress note.")
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker claimed it.")
    worker_id = models.CharField(max_length=200, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=500, blank=True, help_text="The handler's result reference.")
    error_message = models.TextField(blank=True)
    error_hint = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["owner", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Job {self.pk} {self.kind} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        """Share done, 100 only once the job has succeeded: an unfinished job shows at most 99 (its last
        step, e.g. summarising a run's iterations, can take a while after the last unit is done)."""
        if self.status == self.Status.SUCCEEDED:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0


class WorkerHeartbeat(models.Model):
    """One row per worker process, refreshed every few seconds while it runs; ``/healthz`` reads them."""

    worker_id = models.CharField(max_length=200, unique=True)
    hostname = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField()
    restarts = models.PositiveIntegerField(
        default=0, help_text="How often `careshift serve` had restarted this worker's slot before it started."
    )
    jobs_done = models.PositiveIntegerField(default=0)
    current_job = models.PositiveBigIntegerField(null=True, blank=True, help_text="The job id it is running.")

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return self.worker_id


class ScheduledKind(models.Model):
    """When a scheduled job kind was last queued; workers claim the next turn with a conditional update
    (one row per kind), so however many workers run, each turn queues one job."""

    kind = models.CharField(max_length=100, unique=True)
    last_queued = models.DateTimeField()
    last_job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.kind} (last queued {self.last_queued:%Y-%m-%d %H:%M})"
