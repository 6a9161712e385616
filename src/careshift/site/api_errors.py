"""The API's error responses, documented once for every operation of every app.

Every error has one shape, ``{"error": {"type", "message", "hint", "fields"}}`` (``site/api.py``'s
handlers; docs/reference/api.md). Which statuses an operation can answer follows from the platform, not
from the app, so :func:`document_errors` adds them to the OpenAPI document where a router left them out:

- 401, 403 and 429 for every operation that needs authentication: no or a bad token; a role that does
  not allow the action (or a session request without its CSRF token); too many bad tokens (django-axes);
- 422 for every operation with parameters or a body: a value of the wrong type or out of range;
- 400 for every operation with a body: not JSON, too large, too deeply nested;
- 404 for every operation whose path names an object.

An app still documents what only it can answer (409 for a stale version, 404 for an unknown filter
value) in its own ``response={...}`` with :class:`ErrorOut`; what it declares is kept.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ErrorDetail(Schema):
    type: str = Field(description="The error's class, e.g. NotFound, PermissionDenied, ValidationError.")
    message: str
    hint: str = Field(description="What to do next.")
    fields: dict[str, str] = Field(description="Field path -> message, for invalid inputs.")


class ErrorOut(Schema):
    """The one error body. An app declares a status only it answers with ``response={409: ErrorOut}``."""

    error: ErrorDetail


DESCRIPTIONS = {
    400: "The body is not valid JSON, or too large or too deeply nested",
    401: "No API token or session, or the token is not valid",
    403: "Your role does not allow this (or the session's CSRF token is missing)",
    404: "No such object",
    422: "A parameter or a field of the body is not valid (see `fields`)",
    429: "Too many requests with bad tokens: wait and try again",
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def error_codes(operation: dict[str, Any], path: str) -> list[int]:
    """The statuses the platform can answer for ``operation`` at ``path``."""
    codes = []
    has_body = "requestBody" in operation
    if has_body:
        codes.append(400)
    if operation.get("security"):
        codes += [401, 403, 429]
    if "{" in path:
        codes.append(404)
    if has_body or operation.get("parameters"):
        codes.append(422)
    return sorted(codes)


def document_errors(openapi: dict[str, Any]) -> dict[str, Any]:
    """Add the platform's error responses (and the ``ErrorOut`` schema) to ``openapi``, in place."""
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(schema.pop("$defs", {}))
    components["ErrorOut"] = schema
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code in error_codes(operation, path):
                if code not in responses and str(code) not in responses:  # django-ninja keys are ints
                    responses[code] = {"description": DESCRIPTIONS[code], "content": body}
    return openapi
