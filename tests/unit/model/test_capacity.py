from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import poisson

from careshift.errors import ModelError
from careshift.model.capacity import (
    beds_for_no_bed_risk,
    beds_for_risk,
    beds_for_risk_array,
    erlang_b,
    erlang_b_array,
    erlang_beds,
    poisson_pmf_grid,
    probability_no_bed,
    probability_no_bed_array,
)


def erlang_b_direct(load: float, beds: int) -> float:
    """The textbook formula, for comparison on small numbers."""
    terms = [load**k / math.factorial(k) for k in range(beds + 1)]
    return terms[-1] / sum(terms)


@pytest.mark.parametrize(
    ("load", "beds", "expected"),
    [(1.0, 1, 0.5), (2.0, 2, 0.4), (1.0, 0, 1.0), (0.0, 3, 0.0), (10.0, 10, 0.2145823), (3.0, 5, 0.1101)],
)
def test_erlang_b_known_values(load: float, beds: int, expected: float) -> None:
    assert erlang_b(load, beds) == pytest.approx(expected, abs=1e-4)


@given(st.floats(0.01, 30), st.integers(0, 40))
def test_erlang_b_matches_formula(load: float, beds: int) -> None:
    assert erlang_b(load, beds) == pytest.approx(erlang_b_direct(load, beds), rel=1e-9)


def test_erlang_beds_known_values() -> None:
    assert erlang_beds(1.0, 0.5) == 1
    assert erlang_beds(2.0, 0.4) == 2
    assert erlang_beds(0.0, 0.01) == 0
    assert erlang_beds(10.0, 0.05) == 15  # B(10,15)=0.0367, B(10,14)=0.0568
    assert beds_for_risk(10.0, 0.05, "erlang_loss") == 15
    assert beds_for_risk(966.0, 0.05, "erlang_loss") == 966  # the loss view alone says 933


@settings(deadline=None)  # a large load's first call can pass 200 ms on a loaded machine (seen: FlakyFailure)
@given(st.floats(0.0, 500), st.floats(0.001, 0.5))
def test_erlang_beds_is_smallest(load: float, risk: float) -> None:
    n = erlang_beds(load, risk)
    assert erlang_b(load, n) <= risk or load == 0
    if n > 0:
        assert erlang_b(load, n - 1) > risk


def poisson_tail_direct(load: float, beds: int) -> float:
    return 1.0 - sum(math.exp(-load) * load**k / math.factorial(k) for k in range(beds))


@given(st.floats(0.01, 60), st.integers(0, 120))
def test_probability_no_bed_is_the_poisson_tail(load: float, beds: int) -> None:
    assert probability_no_bed(load, beds) == pytest.approx(poisson_tail_direct(load, beds), abs=1e-12)


def test_probability_no_bed_known_values() -> None:
    assert probability_no_bed(10.0, 16) == pytest.approx(0.0487404, abs=1e-7)
    assert probability_no_bed(0.0, 1) == 0.0
    assert probability_no_bed(3.0, 0) == 1.0
    # large loads: the normal approximation is within a few percent of the tail
    assert probability_no_bed(3_000.0, 3_100) == pytest.approx(0.0349, rel=0.05)


@given(st.floats(0.0, 2_500), st.floats(0.001, 0.5))
def test_beds_for_no_bed_risk_is_smallest_above_the_load(load: float, risk: float) -> None:
    n = beds_for_risk(load, risk)
    assert n >= load
    if load > 0:
        assert probability_no_bed(load, n) <= risk
        if n - 1 >= load:
            assert probability_no_bed(load, n - 1) > risk


def test_months_weighted_by_arrivals() -> None:
    loads = np.array([[90.0, 110.0]])
    both = probability_no_bed_array(loads, np.array([1.0, 3.0]), np.array([115]))[0]
    assert both == pytest.approx(0.25 * probability_no_bed(90, 115) + 0.75 * probability_no_bed(110, 115))
    n = int(beds_for_no_bed_risk(loads, np.array([1.0, 1.0]), 0.05)[0])
    mixed = probability_no_bed_array(np.repeat(loads, 2, axis=0), np.array([1.0, 1.0]), np.array([n, n - 1]))
    assert mixed[0] <= 0.05 < mixed[1]
    assert n > beds_for_risk(100.0, 0.05)  # a winter peak needs more beds than the mean load


def test_vectorised_versions_agree() -> None:
    loads = np.array([[0.0, 1.0, 2.0], [10.0, 55.5, 300.0]])
    beds = np.array([[0, 1, 2], [10, 60, 290]])
    assert np.allclose(
        erlang_b_array(loads, beds),
        [[erlang_b(a, n) for a, n in zip(r, b, strict=True)] for r, b in zip(loads, beds, strict=True)],
    )
    assert (beds_for_risk_array(loads, 0.05) == [[beds_for_risk(a, 0.05) for a in r] for r in loads]).all()


def test_bad_inputs_are_model_errors() -> None:
    with pytest.raises(ModelError):
        erlang_b(-1.0, 2)
    with pytest.raises(ModelError):
        beds_for_risk(1.0, 1.5)


@given(st.floats(1, 5_000), st.integers(1, 6_000))
def test_series_agrees_with_recursion(load: float, beds: int) -> None:
    from careshift.model.capacity import _erlang_b_series

    assert _erlang_b_series(load, beds) == pytest.approx(erlang_b(load, beds), rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("load", [1_000.5, 2_345.0, 120_000.0])
@pytest.mark.parametrize("risk", [0.001, 0.05, 0.6])
def test_large_loads_agree(load: float, risk: float) -> None:
    n = int(beds_for_risk_array(np.array([load]), risk)[0])
    assert n == beds_for_risk(load, risk)
    assert erlang_b_array(np.array([load]), np.array([n]))[0] == pytest.approx(erlang_b(load, n), rel=1e-9)


@settings(deadline=None)
@given(st.floats(0.0, 300.0), st.floats(0.0, 1.0))
def test_pmf_grid_is_the_poisson_pmf(load: float, below: float) -> None:
    # the running product from one exponential matches scipy's pmf to 1e-11 (relative) on a grid that
    # starts anywhere at or below the mode and runs 9 sd past it: each of up to ~500 steps adds about an
    # ulp, so 1e-12 was exceeded (1.008e-12 after 164 steps, found by Hypothesis in CI)
    first = int(below * load)
    width = int(load - first + 9 * math.sqrt(max(load, 1.0)) + 25)
    grid = poisson_pmf_grid(np.array([load]), np.array([first]), width)[0]
    expected = poisson.pmf(np.arange(first, first + width), load)
    big = expected > 1e-290  # below that, both are subnormal or 0
    np.testing.assert_allclose(grid[big], expected[big], rtol=1e-11)
    assert (grid[~big] < 1e-280).all()


def test_month_weighted_risks_match_scipy() -> None:
    rng = np.random.default_rng(5)
    loads = rng.uniform(0.5, 270.0, (40, 12)) * rng.uniform(0.9, 1.1, 12)  # exact sums up to 300
    weights = rng.uniform(0.5, 1.5, 12)
    beds = rng.integers(1, 340, 40)
    expected = (poisson.sf(beds[:, None] - 1, loads) * weights).sum(axis=1) / weights.sum()
    np.testing.assert_allclose(
        probability_no_bed_array(loads, weights, beds), expected, rtol=1e-9, atol=1e-15
    )
    n = beds_for_no_bed_risk(loads, weights, 0.05)
    risk = (poisson.sf(n[:, None] - 1, loads) * weights).sum(axis=1) / weights.sum()
    risk_below = (poisson.sf(n[:, None] - 2, loads) * weights).sum(axis=1) / weights.sum()
    floor = np.ceil(loads @ (weights / weights.sum()) - 1e-9)
    assert (risk <= 0.05).all() and ((risk_below > 0.05) | (n - 1 < floor)).all()
