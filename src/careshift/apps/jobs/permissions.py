"""The jobs app's actions: everyone sees and cancels their own background jobs; staff see and cancel
anyone's (a job is "theirs" when they queued it)."""

from __future__ import annotations

from typing import Any

from careshift.apps.accounts.permissions import EVERYONE, STAFF, Permission


def is_owner(user: Any, job: Any) -> bool:
    return bool(getattr(job, "owner_id", None)) and job.owner_id == user.pk


PERMISSIONS: dict[str, Permission] = {
    "jobs.view": Permission("see background jobs", STAFF, own_roles=EVERYONE, rule=is_owner),
    "jobs.cancel": Permission("cancel background jobs", STAFF, own_roles=EVERYONE, rule=is_owner),
}
