"""Who may do what: one table of roles and actions, used by every view and API call.

Roles, from most to least powerful: administrator, programme_lead, analyst, contributor, viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from careshift.errors import PermissionDenied

ROLES: tuple[str, ...] = ("administrator", "programme_lead", "analyst", "contributor", "viewer")
ROLE_LABELS: dict[str, str] = {
    "administrator": "Administrator",
    "programme_lead": "Programme lead",
    "analyst": "Analyst",
    "contributor": "Contributor",
    "viewer": "Viewer",
}

# action -> roles allowed. Every view and API endpoint names one of these actions.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view": frozenset(ROLES),
    "edit_scenario": frozenset({"administrator", "programme_lead", "analyst", "contributor"}),
    "run_scenario": frozenset({"administrator", "programme_lead", "analyst"}),
    "delete_scenario": frozenset({"administrator", "programme_lead", "analyst"}),
    "cancel_run": frozenset({"administrator", "programme_lead", "analyst"}),
    "view_audit": frozenset({"administrator", "programme_lead"}),
    "manage_users": frozenset({"administrator"}),
}

ACTION_LABELS: dict[str, str] = {
    "view": "view pages and results",
    "edit_scenario": "create and edit scenarios",
    "run_scenario": "run scenarios",
    "delete_scenario": "delete scenarios",
    "cancel_run": "cancel runs",
    "view_audit": "read the audit log",
    "manage_users": "manage users and roles",
}


def has_permission(user: Any, action: str) -> bool:
    """True when ``user`` is signed in, active, and their role allows ``action``."""
    if action not in PERMISSIONS:
        raise KeyError(f"Unknown action {action!r}; add it to PERMISSIONS")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return getattr(user, "role", None) in PERMISSIONS[action]


def check(user: Any, action: str) -> None:
    """Raise :class:`careshift.errors.PermissionDenied` unless ``user`` may do ``action``."""
    if not has_permission(user, action):
        role = ROLE_LABELS.get(getattr(user, "role", ""), "no role")
        raise PermissionDenied(
            f"Your role ({role}) does not allow you to {ACTION_LABELS[action]}.",
            hint="Ask an administrator for a role that allows this.",
        )


def permission_required(action: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: anonymous users go to the login page; signed-in users without the role get 403
    (rendered by the site's CareshiftError middleware)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import (
                    redirect_to_login,  # lazy: auth views load the User model
                )

                return redirect_to_login(request.get_full_path())
            check(request.user, action)
            return view(request, *args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]
        return wrapped

    return decorator
