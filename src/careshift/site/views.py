"""Site-wide pages: the home dashboard, the health check, and the friendly error pages."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from careshift.apps.accounts.permissions import permission_required
from careshift.errors import CareshiftError, NotFound, PermissionDenied
from careshift.site import dashboard
from careshift.site.middleware import ERROR_TITLES, is_api_request


@permission_required("view")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"cards": dashboard.cards(request.user)})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "ok", "jobs": {...}}`` when the database answers and the job system can work;
    503 when the database fails, or jobs are queued and no worker has been alive recently."""
    from careshift.apps.jobs import health

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        jobs = health.check()
    except Exception as exc:  # any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "detail": type(exc).__name__}, status=503)
    if not jobs.ok:
        return JsonResponse(
            {"status": "unavailable", "detail": jobs.problem, "jobs": jobs.as_dict()}, status=503
        )
    return JsonResponse({"status": "ok", "jobs": jobs.as_dict()})


def _error_page(request: HttpRequest, err: CareshiftError) -> HttpResponse:
    if is_api_request(request):
        return JsonResponse(err.as_dict(), status=err.status_code)
    context: dict[str, Any] = {
        "title": ERROR_TITLES[err.status_code],
        "error": err,
        "status": err.status_code,
    }
    return render(request, f"{err.status_code}.html", context, status=err.status_code)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    err = CareshiftError("The request could not be understood.", hint="Go back and try again.")
    return _error_page(request, err)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, PermissionDenied("You do not have permission to see this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, NotFound(f"There is no page at {request.path}."))


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request context (it may be what failed)."""
    err = CareshiftError(
        "Something went wrong on our side.",
        hint="Try again later; if it keeps happening, tell the administrator.",
    )
    err.status_code = 500
    if is_api_request(request):
        return JsonResponse({"error": {**err.as_dict()["error"], "type": "ServerError"}}, status=500)
    return render(request, "500.html", {"title": ERROR_TITLES[500], "error": err, "status": 500}, status=500)
