"""Querysets for jobs and worker heartbeats: every query the worker, views and health check need."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models

QUEUED, RUNNING = "queued", "running"
FINISHED = ("succeeded", "failed", "cancelled")


class JobQuerySet(models.QuerySet):
    def queued(self) -> JobQuerySet:
        """Waiting jobs, oldest first (the order workers claim them in)."""
        return self.filter(status=QUEUED).order_by("created_at", "pk")

    def running(self) -> JobQuerySet:
        return self.filter(status=RUNNING)

    def active(self) -> JobQuerySet:
        return self.filter(status__in=(QUEUED, RUNNING))

    def held_by(self, worker_id: str) -> JobQuerySet:
        """The running job(s) this worker still holds (none once requeued, cancelled or deleted)."""
        return self.filter(status=RUNNING, worker_id=worker_id)

    def stale(self, before: datetime) -> JobQuerySet:
        """Running jobs whose worker has not sent a heartbeat since ``before`` (it died or hung)."""
        return self.running().filter(models.Q(heartbeat__lt=before) | models.Q(heartbeat__isnull=True))

    def visible_to(self, user: Any, everyone: bool) -> JobQuerySet:
        """The user's own jobs, or every job when ``everyone`` (a role that may manage jobs)."""
        return self if everyone else self.filter(owner=user)


class WorkerHeartbeatQuerySet(models.QuerySet):
    def alive(self, since: datetime) -> WorkerHeartbeatQuerySet:
        return self.filter(last_seen__gte=since)
