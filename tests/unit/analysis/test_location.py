"""p-median and maximal covering: exact solutions on small instances, checked against brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careshift.analysis.location import MCLP, PMedian, brute_force
from careshift.errors import AnalysisError

# Four areas on a line at 0, 1, 10 and 11 km, candidate sites at the same places: two sites belong at
# one end each; weights make the heavy end's site matter most.
LINE = np.abs(np.subtract.outer([0.0, 1.0, 10.0, 11.0], [0.0, 1.0, 10.0, 11.0]))


def test_p_median_on_a_line_has_the_known_answer() -> None:
    result = PMedian.from_cost_matrix(LINE, [1, 1, 1, 1], p=2).solve()
    assert result.objective == pytest.approx(2.0)  # each pair's site at one of its two points
    assert len(result.sites) == 2 and {s // 2 for s in result.sites} == {0, 1}
    one = PMedian.from_cost_matrix(LINE, [1, 1, 1, 1], p=1).solve()
    assert one.objective == pytest.approx(20.0)  # median at 1 or 10: 1 + 0 + 9 + 10


def test_mclp_covers_the_heaviest_areas() -> None:
    result = MCLP.from_cost_matrix(LINE, [5, 5, 1, 1], p=1, max_cost=1.5).solve()
    assert result.objective == pytest.approx(10.0) and result.sites[0] in (0, 1)
    assert result.covered.tolist() == [True, True, False, False]


def test_fixed_sites_stay_open() -> None:
    result = PMedian.from_cost_matrix(LINE, [1, 1, 1, 1], p=2, fixed=[3]).solve()
    assert 3 in result.sites and result.objective == pytest.approx(2.0)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=3))
def test_p_median_and_mclp_match_brute_force(seed: int, p: int) -> None:
    rng = np.random.default_rng(seed)
    areas, sites = rng.uniform(0, 50, size=(9, 2)), rng.uniform(0, 50, size=(6, 2))
    cost = np.linalg.norm(areas[:, None, :] - sites[None, :, :], axis=2)
    weights = rng.integers(0, 100, size=9).astype(float)
    exact = brute_force(cost, weights, p)
    assert PMedian.from_cost_matrix(cost, weights, p).solve().objective == pytest.approx(exact.objective)
    covered = brute_force(cost, weights, p, max_cost=15.0)
    assert MCLP.from_cost_matrix(cost, weights, p, 15.0).solve().objective == pytest.approx(covered.objective)


@pytest.mark.parametrize(
    ("cost", "weights", "p", "message"),
    [
        (np.ones((3, 2)), np.ones(2), 1, "weights for 3 areas"),
        (np.ones((3, 2)), np.ones(3), 3, "Cannot choose 3 sites"),
        (np.full((3, 2), np.nan), np.ones(3), 1, "missing or infinite"),
        (-np.ones((3, 2)), np.ones(3), 1, "cannot be negative"),
    ],
)
def test_bad_inputs_say_what_is_wrong(cost: np.ndarray, weights: np.ndarray, p: int, message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        PMedian.from_cost_matrix(cost, weights, p)
