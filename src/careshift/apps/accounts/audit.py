"""The audit log, a platform service every app uses: ``record(user, "scenario.create", obj, changes)``.

One naming scheme for actions, ``<object>.<verb>`` in lower case (``scenario.create``, ``run.cancel``,
``user.login_failed``, ``project.update``), and one change format, ``{field: [before, after]}``, which
:func:`changes_between` builds from two snapshots and the audit page shows in words
("Name: 'Old' → 'New'"). A value that is not a before/after pair (``{"iterations": 1000}``) is a fact
about the action and is shown as "Iterations: 1000". ``reason`` says why, where a person gave one.

Sign-ins, failed sign-ins and sign-outs are recorded here by Django's signals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest

from careshift.apps.accounts.models import AuditEvent

ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
VERB_WORDS = {
    "create": "created",
    "update": "changed",
    "edit": "changed",
    "delete": "deleted",
    "copy": "copied",
    "import": "imported",
    "export": "exported",
    "start": "started",
    "cancel": "cancelled",
    "finish": "finished",
    "fail": "failed",
    "revoke": "revoked",
    "deactivate": "deactivated",
    "reactivate": "reactivated",
    "login": "signed in",
    "logout": "signed out",
    "login_failed": "sign-in failed",
    "login_throttled": "sign-in blocked after too many attempts",
    "lock": "locked",
    "approve": "approved",
    "pin": "pinned",
    "unpin": "unpinned",
}


def record(
    user: Any,
    action: str,
    obj: Any = None,
    changes: Mapping[str, Any] | None = None,
    *,
    reason: str = "",
) -> AuditEvent:
    """Write one audit event. ``obj`` may be a model instance, any object, or None."""
    written = event(user, action, obj, changes, reason=reason)
    written.save(force_insert=True)
    return written


def record_all(
    user: Any, entries: Iterable[tuple[str, Any, Mapping[str, Any] | None]], *, reason: str = ""
) -> list[AuditEvent]:
    """Write one audit event per ``(action, obj, changes)`` in one insert (an import's thousand rows)."""
    events = [event(user, action, obj, changes, reason=reason) for action, obj, changes in entries]
    return AuditEvent.objects.bulk_create(events, batch_size=500)


def event(
    user: Any,
    action: str,
    obj: Any = None,
    changes: Mapping[str, Any] | None = None,
    *,
    reason: str = "",
) -> AuditEvent:
    """The audit event :func:`record` would write, not yet saved."""
    if not ACTION_NAME.match(action):
        raise ValueError(f"Audit action {action!r} must be named '<object>.<verb>', e.g. 'scenario.create'")
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    object_type = object_id = object_repr = ""
    if obj is not None:
        meta = getattr(obj, "_meta", None)
        object_type = meta.label_lower if meta is not None else type(obj).__name__
        object_id = str(getattr(obj, "pk", "") or "")
        object_repr = str(obj)[:200]
    return AuditEvent(
        user=user if signed_in else None,
        username=user.get_username() if signed_in else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=_jsonable(dict(changes or {})),
        reason=reason[:2000],
    )


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` (for :func:`changes_between`)."""
    return {name: getattr(obj, name) for name in fields}


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field whose value differs (missing counts as None)."""
    return {
        name: [before.get(name), after.get(name)]
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    }


def history(obj: Any) -> QuerySet[AuditEvent]:
    """Every audit event about one model instance, newest first (a record's change history)."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


def describe_action(action: str) -> str:
    """``scenario.create`` -> "Scenario created"; ``user.login_failed`` -> "User sign-in failed"."""
    noun, _, verb = action.rpartition(".")
    words = VERB_WORDS.get(verb, verb.replace("_", " "))
    return f"{noun.replace('.', ' ').replace('_', ' ')} {words}".strip().capitalize()


def describe_changes(
    changes: Mapping[str, Any], choices: Mapping[str, Mapping[Any, str]] | None = None
) -> list[str]:
    """One line in words per changed field: "Role: 'viewer' → 'analyst'"; facts as "Iterations: 1000".
    A field in ``choices`` (field name -> {stored code: label}) is shown by its labels: "Amber/Red"."""
    lines = []
    for name, value in changes.items():
        label = name.replace("_", " ").capitalize()
        named = (choices or {}).get(name, {})

        def show(v: Any, named: Mapping[Any, str] = named) -> str:
            return named[v] if isinstance(v, str | int) and v in named else _show(v)

        if isinstance(value, list | tuple) and len(value) == 2:
            lines.append(f"{label}: {show(value[0])} → {show(value[1])}")
        else:
            lines.append(f"{label}: {show(value)}")
    return lines


def field_choices(object_type: str) -> dict[str, dict[Any, str]]:
    """The labels of every field with choices of the model named ``object_type`` ("app.model"); empty
    when the model is gone or unknown."""
    from django.apps import apps

    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    return {
        f.name: {code: str(text) for code, text in f.flatchoices}
        for f in model._meta.concrete_fields
        if getattr(f, "choices", None)
    }


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items()) or "(none)"
    if isinstance(value, str):
        return repr(value) if len(value) <= 80 else repr(value[:77] + "...")
    return str(value)


def _jsonable(value: Any) -> Any:
    """Dates, decimals and other objects as text, so any snapshot can be stored as JSON."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(user, "user.login", user)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(user, "user.logout", user)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    record(None, "user.login_failed", changes={"username": str(credentials.get("username", ""))[:150]})
