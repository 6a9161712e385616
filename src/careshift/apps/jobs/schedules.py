"""Jobs the workers queue by themselves: each app's :class:`~careshift.site.registry.Schedule` s.

A long-running worker calls :func:`enqueue_due` about once a minute. A schedule is due when its kind was
last queued at least ``every_hours`` ago (or never) and no job of that kind is queued or running. The
turn is claimed by a conditional ``UPDATE ... WHERE last_queued < cutoff`` on the kind's row, which only
one worker can win on SQLite and PostgreSQL alike, so two workers never queue the same turn twice.
``CARESHIFT_SCHEDULED_JOBS=0`` turns scheduling off (e.g. when cron runs ``careshift engagement purge``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from careshift.apps.jobs.models import Job, ScheduledKind
from careshift.apps.jobs.services import enqueue
from careshift.site.registry import Schedule, app_specs

log = logging.getLogger(__name__)
ACTIVE = (Job.Status.QUEUED, Job.Status.RUNNING)


def schedules() -> list[Schedule]:
    """Every installed app's schedules, in INSTALLED_APPS order."""
    return [schedule for app in app_specs() for schedule in app.spec.schedules]


def enqueue_due(now: datetime | None = None) -> list[Job]:
    """Queue each schedule that is due; return the jobs queued (none when scheduling is off)."""
    if not getattr(settings, "SCHEDULED_JOBS", True):
        return []
    now = now or timezone.now()
    return [job for schedule in schedules() if (job := _enqueue_if_due(schedule, now)) is not None]


def _enqueue_if_due(schedule: Schedule, now: datetime) -> Job | None:
    if Job.objects.filter(kind=schedule.kind, status__in=ACTIVE).exists():
        return None
    cutoff = now - timedelta(hours=schedule.every_hours)
    with transaction.atomic():
        # never queued: a row that is due at once (get_or_create copes with a racing worker)
        ScheduledKind.objects.get_or_create(
            kind=schedule.kind, defaults={"last_queued": cutoff - timedelta(seconds=1)}
        )
        won = ScheduledKind.objects.filter(kind=schedule.kind, last_queued__lt=cutoff).update(last_queued=now)
        if not won:
            return None
        job = enqueue(schedule.kind, {"scheduled": True}, title=schedule.title or schedule.kind)
        ScheduledKind.objects.filter(kind=schedule.kind).update(last_job=job)
    log.info("Queued scheduled job %s (%s).", job.pk, schedule.kind)
    return job
