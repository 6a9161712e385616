"""The JSON API under /api/ (django-ninja); OpenAPI document at /api/openapi.json.

Every endpoint needs a bearer token or a session (``api_auth``) and answers errors in one shape,
``{"error": {"type", "message", "hint", "fields"}}`` (docs/reference/api.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from careshift.apps.accounts.api_auth import api_auth
from careshift.documents import load_json
from careshift.errors import CareshiftError
from careshift.site.api_errors import document_errors
from careshift.site.registry import app_specs, import_path


class SafeJsonParser(Parser):
    """Request bodies through the one safe loader (``careshift.documents``): no NaN or infinity, no
    absurd nesting or digits, a size limit; its ``DocumentError`` becomes the API's 400 body."""

    def parse_body(self, request: HttpRequest) -> Any:
        return load_json(request.body, "The request body")


class CareshiftAPI(NinjaAPI):
    """The site's API: the OpenAPI document also lists the platform's error responses for every
    operation (``careshift.site.api_errors``), so clients and schemathesis see every status it answers."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema)


api = CareshiftAPI(
    title="careshift API",
    version="1",
    description="Places, scenarios and runs. Authenticate with `Authorization: Bearer <token>` "
    "(create one at /accounts/tokens/) or a signed-in session. Errors: see docs/reference/api.md.",
    urls_namespace="api",
    docs_url="/docs",
    # No deep links: Swagger UI puts them as links inside each operation's button (axe: nested-interactive).
    docs=Swagger(settings={"deepLinking": False}),
    auth=api_auth,
    parser=SafeJsonParser(),
)
# Each installed app's router under its prefix (declared in its AppConfig: careshift.site.registry).
for _app in app_specs():
    if _app.spec.api_router:
        api.add_router(_app.spec.api_prefix or f"/{_app.label}", import_path(_app.spec.api_router))

HTTP_ERROR_TYPES = {
    401: (
        "AuthenticationRequired",
        "Send `Authorization: Bearer <token>` (create a token at /accounts/tokens/).",
    ),
    403: ("PermissionDenied", "Ask an administrator for a role that allows this."),
    404: ("NotFound", "Check the address against /api/docs."),
    405: ("MethodNotAllowed", "Check the method against /api/docs."),
    429: ("Throttled", "Wait a moment and try again."),
}


def error_body(type_: str, message: str, hint: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    return {"error": {"type": type_, "message": message, "hint": hint, "fields": fields or {}}}


def _respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(CareshiftError)
def on_careshift_error(request: HttpRequest, exc: CareshiftError) -> HttpResponse:
    return _respond(request, exc.as_dict(), exc.status_code)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = {}
    for item in exc.errors:
        loc = [str(p) for p in item.get("loc", ())]
        key = ".".join(loc[1:]) or (loc[0] if loc else "request")
        fields[key] = str(item.get("msg", "invalid value"))
    message = f"{len(fields)} field(s) are not valid." if fields else "The request is not valid."
    return _respond(
        request,
        error_body("ValidationError", message, "Correct the named fields and send again.", fields),
        422,
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__  # django-ninja wraps the body parser's errors in a 400
    if isinstance(cause, CareshiftError):
        return on_careshift_error(request, cause)
    if isinstance(cause, RequestDataTooBig):
        return on_body_too_large(request, cause)
    type_, hint = HTTP_ERROR_TYPES.get(exc.status_code, ("HttpError", "Check the request against /api/docs."))
    if isinstance(exc, AuthenticationError) and exc.message == "Unauthorized":
        exc.message = "Authentication required."
    return _respond(request, error_body(type_, exc.message, hint), exc.status_code)


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """Also raised outside the body parser: django-ninja reads ``request.body`` itself first."""
    hint = f"Send at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
    return _respond(request, error_body("ValidationError", "The request body is too large.", hint), 400)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _respond(request, error_body("NotFound", str(exc) or "Not found.", HTTP_ERROR_TYPES[404][1]), 404)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if settings.DEBUG:
        raise exc
    import logging

    logging.getLogger("careshift.api").exception("Unhandled error in %s", request.path)
    hint = "Try again later; if it keeps happening, tell the administrator."
    return _respond(request, error_body("ServerError", "Something went wrong on our side.", hint), 500)
