"""Render any ``CareshiftError`` raised in a view: an NHS-styled HTML page, or under /api/ the canonical
JSON body ``{"error": {"type", "message", "hint", "fields"}}`` (see docs/reference/api.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from careshift.errors import CareshiftError

ERROR_TITLES = {
    400: "There is a problem with your request",
    403: "You do not have permission to do this",
    404: "Page not found",
    422: "These inputs cannot be used",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is unavailable",
}


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_response(request: HttpRequest, err: CareshiftError) -> HttpResponse:
    """The response for ``err``: JSON under /api/, otherwise the HTML error page."""
    if is_api_request(request):
        return JsonResponse(err.as_dict(), status=err.status_code)
    status = err.status_code
    template = f"{status}.html" if status in (403, 404, 500) else "error.html"
    context = {"title": ERROR_TITLES.get(status, ERROR_TITLES[400]), "error": err, "status": status}
    html = render_to_string(template, context, request=request)
    return HttpResponse(html, status=status)


class CareshiftErrorMiddleware:
    """Turns a ``CareshiftError`` escaping a view into :func:`error_response`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, CareshiftError):
            return error_response(request, exception)
        return None
