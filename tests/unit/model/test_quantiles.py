"""The summary's quantiles: order statistics, exactly numpy's ``inverted_cdf`` quantiles."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from careshift.model.summary import QUANTILES, quantiles, select


@given(
    n=st.integers(1, 60),
    rows=st.integers(1, 4),
    ties=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_quantiles_are_numpys_inverted_cdf(n: int, rows: int, ties: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 4, (rows, 2, n)).astype(float) if ties else rng.lognormal(0, 1, (rows, 2, n))
    expected = np.quantile(x, QUANTILES, axis=-1, method="inverted_cdf")
    assert np.array_equal(quantiles(x), expected)
    kept = x.copy()
    assert np.array_equal(quantiles(kept, inplace=True), expected)
    assert np.array_equal(np.sort(kept, axis=-1), np.sort(x, axis=-1))  # reordered, nothing lost


@given(st.lists(st.integers(0, 99), max_size=6), st.integers(0, 2**32 - 1))
def test_select_puts_each_order_statistic_in_place(ks: list[int], seed: int) -> None:
    x = np.random.default_rng(seed).normal(size=(3, 100))
    ordered = np.sort(x, axis=-1)
    ks = sorted(set(ks))
    select(x, ks)
    for k in ks:
        assert np.array_equal(x[:, k], ordered[:, k])
        assert (x[:, :k] <= x[:, k : k + 1]).all() and (x[:, k + 1 :] >= x[:, k : k + 1]).all()
