"""Fixtures for the scenarios app: a small synthetic data pack, a sample scenario, a finished run."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

ITERATIONS = 4  # small: the tests check plumbing, not statistics


@cache
def small_pack() -> Any:
    from careshift.datapack.synthetic import make_pack

    return make_pack(n_areas=140, n_systems=1, seed=1)  # two localities, the shipped pack's codes


@pytest.fixture(autouse=True)
def _synthetic_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs and forms use a small SYNTHETIC pack, so tests are quick and independent of the shipped one."""
    from careshift.apps.scenarios import engine

    monkeypatch.setattr(engine, "load_pack", small_pack)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    from django.core.cache import cache as django_cache

    django_cache.clear()


@pytest.fixture
def sample_spec() -> dict[str, Any]:
    from careshift.model.scenario import sample_scenarios

    spec: dict[str, Any] = sample_scenarios()["care-closer-to-home"].model_dump(mode="json")
    return spec


@pytest.fixture
def scenario(db: None, sample_spec: dict[str, Any]) -> Any:
    from careshift.apps.scenarios import services

    return services.create_scenario(None, name="Care closer to home", spec=sample_spec)


@pytest.fixture
def run_scenario() -> Callable[..., Any]:
    """``run_scenario(scenario)`` queues a small run and executes it with the worker; returns the run."""
    from careshift.apps.jobs import worker
    from careshift.apps.scenarios import services

    def make(scenario: Any, iterations: int = ITERATIONS) -> Any:
        run = services.start_run(None, scenario, iterations=iterations, seed=7)
        worker.run_forever(once=True)
        run.refresh_from_db()
        return run

    return make


@pytest.fixture
def succeeded_run(scenario: Any, run_scenario: Callable[..., Any]) -> Any:
    run = run_scenario(scenario)
    assert run.status == "succeeded", (run.error_message, run.error_hint)
    return run
