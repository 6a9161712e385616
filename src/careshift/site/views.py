"""Site-wide pages: the home dashboard, the health check, and the friendly error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
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


def _bad_request_error(exception: Exception | None) -> CareshiftError:
    """What was wrong with a request Django refused before any view ran, and what to do."""
    if isinstance(exception, DisallowedHost):
        return CareshiftError(
            "This request was sent to an address (its Host header) that this site does not serve.",
            hint="Use the site's own address; an administrator can add it to CARESHIFT_ALLOWED_HOSTS.",
        )
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return CareshiftError(
            f"The form sent more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields or files.",
            hint="Send fewer fields; go back and submit the form as the page shows it.",
        )
    if isinstance(exception, RequestDataTooBig):
        return CareshiftError(
            f"The request is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes.",
            hint="Send less at once (upload large files through their own upload page).",
        )
    return CareshiftError("The request could not be understood.", hint="Go back and try again.")


def _bare_page(request: HttpRequest, err: CareshiftError, status: int, type_: str) -> HttpResponse:
    """The error as JSON under /api/, else the bare page, built without the request (whose Host,
    session or body may be what failed)."""
    if is_api_request(request):
        return JsonResponse({"error": {**err.as_dict()["error"], "type": type_}}, status=status)
    context = {"title": ERROR_TITLES[status], "error": err, "status": status}
    return HttpResponse(render_to_string(f"{status}.html", context), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _bare_page(request, _bad_request_error(exception), 400, "BadRequest")


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
    return _bare_page(request, err, 500, "ServerError")
