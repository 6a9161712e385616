"""Fixtures for the job system: a handler kind registered for one test, and jobs to run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest


@pytest.fixture
def register() -> Iterator[Callable[[str, Callable[..., Any]], None]]:
    """``register(kind, handler)`` adds a handler for this test only."""
    from careshift.apps.jobs import registry

    added: list[str] = []

    def add(kind: str, handler: Callable[..., Any]) -> None:
        registry.job_handler(kind)(handler)
        added.append(kind)

    yield add
    for kind in added:
        registry._handlers.pop(kind, None)
