"""Model criteria are paired differences from the reference option, not separate runs' medians."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from careshift.apps.appraisal import scoring
from careshift.apps.appraisal.models import Appraisal, Criterion

N = 100  # the fixture's runs: 100 iterations, seed 1
SHIFT = -5e7  # the other option costs 50m less in every iteration


def _totals(cost: np.ndarray) -> bytes:
    from careshift.model.totals import IterationTotals

    one = np.ones((1, 1, N))
    return IterationTotals(
        years=(2040,),
        settings=("acute_beds",),
        bed_settings=("acute_beds",),
        occupancy=np.array([0.9]),
        wte_ratio=np.array([1.0]),
        activity=one,
        bed_days=one,
        cost=cost[None, :],
        savings=np.zeros((1, N)),
        wte_total=np.full((1, N), 2e4),
        target=np.zeros(1),
    ).to_bytes()


@pytest.fixture
def stored_iterations(demo: Appraisal) -> dict[str, Any]:
    """Per-iteration totals for both runs: a wide shared spread and a constant difference between them."""
    from careshift.apps.scenarios.models import Run, RunIterations

    shared = np.random.default_rng(3).normal(0, 2e8, N)  # demography, growth, prices: in both runs
    runs = {run.scenario.slug: run for run in Run.objects.select_related("scenario")}
    RunIterations.objects.create(run=runs["do-nothing"], data=_totals(1.6e9 + shared))
    RunIterations.objects.create(run=runs["care-closer-to-home"], data=_totals(1.6e9 + shared + SHIFT))
    return runs


def _cells(appraisal: Appraisal, source: str) -> dict[str, scoring.Cell]:
    table = scoring.score_table(appraisal)
    criterion = next(c for c in table.criteria if c.source == source)
    return {o.name: table.cells[(o.pk, criterion.pk)] for o in table.options}


def test_cost_is_the_reference_median_plus_the_paired_difference(
    demo: Appraisal, stored_iterations: dict[str, Any]
) -> None:
    cells = _cells(demo, Criterion.Source.COST)
    reference = cells["Do nothing"]
    hubs = cells["Care closer to home with six locality hubs"]
    assert reference.value == 1.60e9 and reference.paired
    # the runs' own medians differ by 80m (1.60e9 vs 1.52e9); paired, the difference is the 50m shift
    assert hubs.paired and hubs.value == pytest.approx(1.60e9 + SHIFT, abs=1e3)
    assert "paired difference" in hubs.source and "lower than Do nothing in 100% of iterations" in hubs.source
    assert cells["Care closer to home, today's sites"].value == hubs.value


def test_measures_kept_as_quantiles_say_why_they_are_not_paired(
    demo: Appraisal, stored_iterations: dict[str, Any]
) -> None:
    cell = _cells(demo, Criterion.Source.BEDS)["Care closer to home with six locality hubs"]
    assert not cell.paired and cell.value == 1200.0
    assert "not paired with Do nothing" in cell.source and "kept as quantiles only" in cell.source


def test_runs_without_stored_iterations_fall_back_to_their_medians(demo: Appraisal) -> None:
    cell = _cells(demo, Criterion.Source.COST)["Care closer to home with six locality hubs"]
    assert not cell.paired and cell.value == 1.52e9
    assert "predates per-iteration results" in cell.source


def test_the_appraisal_page_shows_the_paired_source(
    demo: Appraisal, stored_iterations: dict[str, Any], viewer_client: Any
) -> None:
    html = viewer_client.get(demo.get_absolute_url()).content.decode()
    assert "plus the paired difference" in html and "not paired with Do nothing" in html
