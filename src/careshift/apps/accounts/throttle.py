"""Sign-in throttling with django-axes: web sign-in, the admin's sign-in and API bearer tokens.

Every sign-in goes through ``django.contrib.auth.authenticate`` (API tokens too, by
:class:`ApiTokenBackend`), so django-axes' backend, first in ``AUTHENTICATION_BACKENDS``, counts the
failures and refuses further attempts once ``AXES_FAILURE_LIMIT`` have failed within
``AXES_COOLOFF_TIME`` (settings: ``CARESHIFT_LOGIN_FAILURE_LIMIT``, ``CARESHIFT_LOGIN_COOLOFF_MINUTES``).
A password is locked out per username and client address (so an attacker cannot lock a colleague out
from elsewhere); tokens, which have no username, per client address. A lockout is written to the
audit log as ``user.login_throttled``; a locked-out request gets 429 with the sign-in page and a message,
or under /api/ the canonical JSON error.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from careshift.apps.accounts import audit
from careshift.apps.accounts.models import ApiToken

TOKEN_USERNAME = "(API token)"


class ThrottleBackend(AxesStandaloneBackend):
    """django-axes' check, for sign-ins that come with a request (every web, admin and API sign-in).

    ``authenticate`` without a request (``manage.py`` commands, the test client's ``login``) is not a
    sign-in over the network, so there is nothing to throttle: it is passed on to the next backend."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


class ApiTokenBackend:
    """Authenticates ``authenticate(request, api_token=...)``: the token's active user, or None."""

    def authenticate(self, request: HttpRequest | None, api_token: str | None = None, **kwargs: Any) -> Any:
        if not api_token:
            return None
        token = ApiToken.authenticate(api_token)
        if token is None:
            return None
        if request is not None:
            request.api_token = token  # type: ignore[attr-defined]
        return token.user

    def get_user(self, user_id: int) -> Any:
        return None  # tokens never start a session


def lockout_parameters(request: HttpRequest, credentials: dict[str, Any] | None) -> list[Any]:
    """What a lockout applies to: a username from one address, or (tokens) the address."""
    if credentials and "api_token" in credentials:
        return ["ip_address"]
    return [["username", "ip_address"]]


def client_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    credentials = credentials or {}
    if "api_token" in credentials:
        return TOKEN_USERNAME
    username = credentials.get("username") or request.POST.get("username")
    return str(username)[:150] if username else None


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return (
        f"Too many failed sign-in attempts. Sign-in is blocked for {cooloff_minutes()} minutes "
        "from this device."
    )


def lockout_response(request: HttpRequest, original: Any = None, credentials: Any = None) -> HttpResponse:
    """429: the canonical JSON error under /api/, otherwise the sign-in page with the message."""
    hint = (
        f"Wait {cooloff_minutes()} minutes, or ask an administrator to unblock you "
        "(admin: Axes, Access attempts)."
    )
    if request.path.startswith("/api/"):
        body = {"error": {"type": "Throttled", "message": lockout_message(), "hint": hint, "fields": {}}}
        response: HttpResponse = JsonResponse(body, status=429)
    else:
        from careshift.apps.accounts.forms import LoginForm

        context = {"form": LoginForm(request), "locked_out": lockout_message(), "lockout_hint": hint}
        response = render(request, "accounts/login.html", context, status=429)
    response["Retry-After"] = str(cooloff_minutes() * 60)
    return response


@receiver(user_locked_out)
def _audit_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    audit.record(
        None,
        "user.login_throttled",
        changes={"username": username or "", "ip_address": ip_address or ""},
    )
