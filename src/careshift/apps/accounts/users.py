"""User management rules: creating, changing and deactivating users, each recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from careshift.apps.accounts import audit
from careshift.apps.accounts.models import User
from careshift.errors import ValidationError

TRACKED_FIELDS = ("first_name", "last_name", "email", "role", "is_active")


def snapshot(user: User) -> dict[str, Any]:
    return {name: getattr(user, name) for name in TRACKED_FIELDS}


def record_changes(actor: Any, user: User, before: dict[str, Any], action: str = "user.update") -> None:
    after = snapshot(user)
    changes = {k: [before[k], after[k]] for k in TRACKED_FIELDS if before[k] != after[k]}
    if changes:
        audit.record(actor, action, user, changes)


def is_last_administrator(user: User) -> bool:
    """True when ``user`` is the only active administrator (so removing them would leave none)."""
    if not (user.is_active and user.role == "administrator"):
        return False
    others = User.objects.filter(is_active=True, role="administrator").exclude(pk=user.pk)
    return not others.exists()


def leaves_no_administrator(removed: Any) -> bool:
    """True when removing the users ``removed`` (a queryset or list) would leave no active administrator
    while one of them is one."""
    pks = [user.pk for user in removed]
    active_admins = User.objects.filter(is_active=True, role="administrator")
    return active_admins.filter(pk__in=pks).exists() and not active_admins.exclude(pk__in=pks).exists()


LAST_ADMIN_HINT = "Make another user an administrator first, then change or deactivate this one."


def deactivate(actor: Any, user: User) -> None:
    """Stop ``user`` signing in (their work and audit history stay).

    Administrators cannot lock themselves out."""
    if user.pk == actor.pk:
        raise ValidationError(
            "You cannot deactivate your own account.", hint="Ask another administrator to do it."
        )
    if is_last_administrator(user):
        raise ValidationError(f"{user.username} is the last administrator.", hint=LAST_ADMIN_HINT)
    before = snapshot(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.api_tokens.filter(revoked__isnull=True).update(revoked=timezone.now())
    record_changes(actor, user, before, action="user.deactivate")


def reactivate(actor: Any, user: User) -> None:
    before = snapshot(user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    record_changes(actor, user, before, action="user.reactivate")
