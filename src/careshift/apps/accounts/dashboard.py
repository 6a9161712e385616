"""Counts for the accounts app's home-page cards."""

from __future__ import annotations

from typing import Any


def active_user_count(user: Any) -> int:
    from careshift.apps.accounts.models import User

    return User.objects.filter(is_active=True).count()


def audit_event_count(user: Any) -> int:
    from careshift.apps.accounts.models import AuditEvent

    return AuditEvent.objects.count()


def active_token_count(user: Any) -> int:
    from careshift.apps.accounts.models import ApiToken

    return ApiToken.objects.filter(user=user, revoked__isnull=True).count()
