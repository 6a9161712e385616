"""Counts for the home page card."""

from __future__ import annotations

from typing import Any


def project_count(user: Any) -> int:
    from careshift.apps.programme.models import Project

    return Project.objects.count()
