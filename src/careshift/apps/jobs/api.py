"""Background jobs in the JSON API, mounted at /api/jobs/ (django-ninja): your jobs, one job, cancel."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from careshift.apps.accounts import permissions
from careshift.apps.accounts.api_auth import require
from careshift.apps.jobs import services
from careshift.apps.jobs.models import Job
from careshift.site.api_errors import ErrorOut

router = Router(tags=["jobs"])


ERRORS: dict[int, Any] = {code: ErrorOut for code in (400, 401, 403, 404)}


class JobOut(Schema):
    id: int
    kind: str = Field(description="'<app>.<verb>', e.g. 'scenario.run'.")
    title: str
    status: Literal["queued", "running", "succeeded", "failed", "cancelled"]
    done: int
    total: int
    percent: int
    message: str = Field(description="The handler's latest progress note.")
    cancel_requested: bool
    attempts: int = Field(description="How many times a worker claimed it (more than 1: it was resumed).")
    result: str = Field(description="The handler's result reference (e.g. a page address), once succeeded.")
    error_message: str
    error_hint: str
    url: str = Field(description="The page of the job's domain record (e.g. its scenario run).")
    owner: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def resolve_owner(obj: Job) -> str | None:
        return obj.owner.get_username() if obj.owner else None


def _visible(request: HttpRequest, job_id: int, action: str) -> tuple[Any, Job]:
    user = require(request, "view")
    job = services.get_job(job_id)
    permissions.check(user, action, job)
    return user, job


@router.get("/", response={200: list[JobOut], **ERRORS}, summary="Your jobs, newest first")
def list_jobs(request: HttpRequest, everyone: bool = False) -> Any:
    """``?everyone=true`` lists every user's jobs for roles that manage jobs (the latest 200)."""
    user = require(request, "view")
    return services.jobs_for(user, everyone=everyone)[:200]


@router.get("/{job_id}", response={200: JobOut, **ERRORS}, summary="A job's status and progress")
def get_job(request: HttpRequest, job_id: int) -> Any:
    return _visible(request, job_id, "jobs.view")[1]


@router.post("/{job_id}/cancel", response={200: JobOut, **ERRORS}, summary="Cancel a job")
def cancel_job(request: HttpRequest, job_id: int) -> Any:
    """A queued job is cancelled at once; a running one stops at its next progress report."""
    user, job = _visible(request, job_id, "jobs.cancel")
    return services.cancel(job, by=user)
