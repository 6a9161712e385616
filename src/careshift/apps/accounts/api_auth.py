"""API authentication: ``Authorization: Bearer <token>`` or the browser session (with CSRF).

``api_auth`` is the NinjaAPI's default ``auth``, so every endpoint needs one of the two; endpoints then
call :func:`require` with the action they perform (see ``permissions.PERMISSIONS``)::

    @router.post("/", response=ScenarioOut)
    def create(request, payload: ScenarioIn):
        user = require(request, "edit_scenario")
        ...

A request with an ``Authorization`` header is judged by the token alone (a bad or revoked token is 401,
never silently replaced by the session). A session request that changes something (POST, PUT, PATCH,
DELETE) must carry the CSRF token in ``X-CSRFToken``, as HTMX and Django forms do.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from careshift.apps.accounts import permissions
from careshift.apps.accounts.throttle import lockout_message

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _no_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()  # never called: only the CSRF check runs


def _csrf_failed(request: HttpRequest) -> bool:
    middleware = CsrfViewMiddleware(_no_view)
    request.csrf_processing_done = False  # type: ignore[attr-defined]
    middleware.process_request(request)
    return middleware.process_view(request, _no_view, (), {}) is not None


class TokenOrSessionAuth(HttpBearer):
    """Bearer token first; otherwise the signed-in session user (CSRF-checked for unsafe methods)."""

    csrf = True  # tells /api/docs to send the session's CSRF token with "Try it out" requests

    def __call__(self, request: HttpRequest) -> Any | None:
        if request.headers.get(self.header):
            return super().__call__(request) or self._reject_token()
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and _csrf_failed(request):
            raise HttpError(403, "CSRF check failed: send the CSRF token in the X-CSRFToken header.")
        return user

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        """Through Django's ``authenticate`` (``throttle.ApiTokenBackend``), so that django-axes counts
        bad tokens and refuses a client that keeps sending them (429)."""
        user = authenticate(request, api_token=token.strip())
        if user is None:
            if getattr(request, "axes_locked_out", False):
                raise HttpError(429, lockout_message())
            return None
        request.user = user
        return user

    @staticmethod
    def _reject_token() -> None:
        raise AuthenticationError(401, "The API token is not valid, or it has been revoked.")


api_auth = TokenOrSessionAuth()


def require(request: HttpRequest, action: str) -> Any:
    """Return the authenticated user if their role allows ``action``; raise ``PermissionDenied`` otherwise."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    permissions.check(user, action)
    return user
