"""What apps and users do with jobs: queue one, cancel one, find one, list them.

Apps call :func:`enqueue` with a kind they registered (``@job_handler``) and keep the returned job
(e.g. ``Run.job``); views check :func:`may_view` / :func:`may_cancel` before showing or cancelling.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from careshift.apps.jobs.models import Job
from careshift.apps.jobs.registry import handler_for
from careshift.errors import JobError, NotFound


def _audit(user: Any, action: str, obj: Any, changes: dict[str, Any] | None = None) -> None:
    from careshift.apps.accounts import audit

    audit.record(user, action, obj, changes)


def _signed_in(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def enqueue(kind: str, payload: dict[str, Any], *, owner: Any = None, title: str = "", url: str = "") -> Job:
    """Queue a job of ``kind`` (a registered handler) with ``payload`` (JSON); a worker picks it up.

    ``owner`` may see and cancel it; ``title`` says what it does; ``url`` is its domain record's page.
    Call it inside the transaction that creates the domain record, so both exist or neither does.
    """
    handler_for(kind)  # refuse an unknown kind now, not when a worker finds it
    return Job.objects.create(
        kind=kind, payload=payload, owner=_signed_in(owner), title=title[:200], url=url[:500]
    )


def cancel(job: Job, *, by: Any = None, audit: bool = True) -> Job:
    """Stop ``job``: a queued job is cancelled at once, a running one at its handler's next
    ``ctx.progress``. Raises :class:`JobError` when it has already finished."""
    job.refresh_from_db()
    if job.is_finished:
        raise JobError(
            f"Job {job.pk} has already finished ({job.get_status_display().lower()}).",
            hint="There is nothing to cancel; start a new one if you need to.",
        )
    now = timezone.now()
    queued = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED)
    if not queued.update(status=Job.Status.CANCELLED, cancel_requested=True, finished_at=now):
        Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    job.refresh_from_db()
    if audit:
        _audit(by, "job.cancel", job, {"kind": job.kind, "status": job.status})
    return job


def get_job(pk: int) -> Job:
    try:
        return Job.objects.select_related("owner").get(pk=pk)
    except Job.DoesNotExist:
        raise NotFound(f"There is no job number {pk}.") from None


def manages_jobs(user: Any) -> bool:
    """The user's role sees and cancels anyone's jobs (not only their own)."""
    from careshift.apps.accounts.permissions import PERMISSIONS

    signed_in = _signed_in(user)
    return signed_in is not None and signed_in.is_active and signed_in.role in PERMISSIONS["jobs.view"]


def may_view(user: Any, job: Job) -> bool:
    """The owner, or a role that manages jobs (``jobs.view`` in permissions.py)."""
    from careshift.apps.accounts.permissions import has_permission

    return has_permission(user, "jobs.view", job)


def may_cancel(user: Any, job: Job) -> bool:
    from careshift.apps.accounts.permissions import has_permission

    return not job.is_finished and has_permission(user, "jobs.cancel", job)


def jobs_for(user: Any, *, everyone: bool = False) -> QuerySet[Job]:
    """The user's jobs, newest first; every job when ``everyone`` and the user's role manages jobs."""
    return Job.objects.visible_to(user, everyone and manages_jobs(user)).select_related("owner")
