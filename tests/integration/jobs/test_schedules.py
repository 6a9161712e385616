"""Scheduled jobs: long-running workers queue each app's schedule once per turn, never twice at once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from careshift.apps.jobs import schedules, worker
from careshift.apps.jobs.models import Job, ScheduledKind

pytestmark = pytest.mark.django_db
PURGE = "engagement.purge_expired"


def test_the_engagement_app_schedules_its_daily_retention_purge() -> None:
    found = {s.kind: s for s in schedules.schedules()}
    assert found[PURGE].every_hours == 24.0


def test_a_schedule_queues_once_per_turn_and_not_while_one_is_active() -> None:
    now = timezone.now()
    first = schedules.enqueue_due(now)
    assert [j.kind for j in first] == [PURGE] and first[0].payload == {"scheduled": True}
    assert schedules.enqueue_due(now + timedelta(hours=30)) == []  # the first is still queued
    Job.objects.filter(pk=first[0].pk).update(status=Job.Status.SUCCEEDED)
    assert schedules.enqueue_due(now + timedelta(hours=23)) == []  # not due yet
    again = schedules.enqueue_due(now + timedelta(hours=25))
    assert len(again) == 1 and ScheduledKind.objects.get(kind=PURGE).last_job_id == again[0].pk


def test_two_workers_racing_for_a_turn_queue_one_job() -> None:
    now = timezone.now()
    schedules.enqueue_due(now)
    Job.objects.update(status=Job.Status.SUCCEEDED)
    later = now + timedelta(hours=25)
    # the second caller finds the turn already taken by the first (same cutoff), as a racing worker would
    assert len(schedules.enqueue_due(later)) + len(schedules.enqueue_due(later)) == 1
    assert Job.objects.filter(kind=PURGE).count() == 2


@override_settings(SCHEDULED_JOBS=False)
def test_scheduling_can_be_turned_off() -> None:
    assert schedules.enqueue_due() == [] and not Job.objects.exists()


def test_worker_once_drains_the_queue_without_adding_to_it() -> None:
    worker.Worker().run(once=True)
    assert not Job.objects.filter(kind=PURGE).exists()


def test_a_long_running_worker_queues_and_runs_the_scheduled_purge() -> None:
    stop = threading.Event()
    loop = worker.Worker(poll_seconds=0.05, stop=stop)
    job = loop._next_job()  # one turn of the loop, as run() takes it: queue what is due, claim it
    assert job is not None and job.kind == PURGE
    loop.execute(job)
    loop._next_job()  # writes any outcome still pending
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error_message
