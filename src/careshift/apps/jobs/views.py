"""Job pages: the signed-in user's jobs, one job with live progress (HTMX) and its cancel button."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careshift.apps.accounts.permissions import check, permission_required
from careshift.apps.jobs import services
from careshift.apps.jobs.models import Job

PAGE_SIZE = 50


def _visible(request: HttpRequest, pk: int, action: str = "jobs.view") -> Job:
    job = services.get_job(pk)
    check(request.user, action, job)  # the owner, or a role that manages jobs
    return job


def _context(request: HttpRequest, job: Job) -> dict[str, object]:
    return {"job": job, "can_cancel": services.may_cancel(request.user, job)}


@permission_required("view")
def job_list(request: HttpRequest) -> HttpResponse:
    everyone = request.GET.get("all") == "1" and services.manages_jobs(request.user)
    page = Paginator(services.jobs_for(request.user, everyone=everyone), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "everyone": everyone, "manages": services.manages_jobs(request.user)}
    return render(request, "jobs/list.html", context)


@permission_required("view")
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "jobs/detail.html", _context(request, _visible(request, pk)))


@permission_required("view")
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX partial polled every second until the job finishes (a finished job's partial has no trigger)."""
    return render(request, "jobs/_progress.html", _context(request, _visible(request, pk)))


@permission_required("view")
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.cancel(_visible(request, pk, "jobs.cancel"), by=request.user)  # finished: a JobError
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_progress.html", _context(request, job))
    messages.success(request, f"Job {job.pk}: cancellation requested.")
    return redirect(job)
