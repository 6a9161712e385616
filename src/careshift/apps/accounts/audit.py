"""The audit log: ``record(user, action, obj, changes)`` writes one ``AuditEvent``.

Logins, failed logins, logouts and user changes are recorded here; other apps call ``record`` for
their own changes (e.g. the scenarios app for creating, editing and running scenarios).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from careshift.apps.accounts.models import AuditEvent


def record(user: Any, action: str, obj: Any = None, changes: dict[str, Any] | None = None) -> AuditEvent:
    """Write one audit event. ``obj`` may be a model instance, any object, or None."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    object_type = object_id = object_repr = ""
    if obj is not None:
        meta = getattr(obj, "_meta", None)
        object_type = meta.label_lower if meta is not None else type(obj).__name__
        object_id = str(getattr(obj, "pk", "") or "")
        object_repr = str(obj)[:200]
    return AuditEvent.objects.create(
        user=user if signed_in else None,
        username=user.get_username() if signed_in else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes or {},
    )


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(user, "login", user)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(user, "logout", user)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    record(None, "login_failed", changes={"username": str(credentials.get("username", ""))[:150]})
