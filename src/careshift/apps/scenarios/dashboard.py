"""Counts for the scenarios app's home-page card."""

from __future__ import annotations

from typing import Any


def scenario_count(user: Any) -> int:
    from careshift.apps.scenarios.models import Scenario

    return Scenario.objects.count()
