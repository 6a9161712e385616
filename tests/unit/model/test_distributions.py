from __future__ import annotations

import numpy as np
import pytest

from careshift.model.distributions import Fixed, Interval, Triangular


def test_means_and_central_values() -> None:
    assert Fixed(3.0).mean == 3.0
    assert Interval(0.1, 0.3).mean == pytest.approx(0.2)
    assert Triangular(1, 2, 6).mean == pytest.approx(3.0)
    assert Triangular(1, 2, 6).central == 2
    assert Interval(1, 4, shape="lognormal").central == pytest.approx(2.0)


@pytest.mark.parametrize(
    "dist", [Interval(0.1, 0.3), Interval(2, 8, shape="lognormal"), Interval(0, 1, coverage=0.9)]
)
def test_interval_coverage(dist: Interval) -> None:
    x = dist.sample(np.random.default_rng(1), 200_000)
    assert np.mean((x >= dist.low) & (x <= dist.high)) == pytest.approx(dist.coverage, abs=0.005)
    assert x.mean() == pytest.approx(dist.mean, rel=0.01)


def test_triangular_sample_mean() -> None:
    d = Triangular(0, 1, 5)
    assert d.sample(np.random.default_rng(2), 100_000).mean() == pytest.approx(d.mean, rel=0.01)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Interval(2, 1),
        lambda: Interval(0, 1, coverage=1.2),
        lambda: Interval(0, 1, shape="lognormal"),
        lambda: Triangular(1, 0, 2),
        lambda: Fixed(float("nan")),
    ],
)
def test_bad_parameters_rejected(make) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        make()


def test_sampling_uses_only_the_injected_generator() -> None:
    d = Interval(0, 1)
    a = d.sample(np.random.default_rng(7), 5)
    np.random.seed(0)
    assert (d.sample(np.random.default_rng(7), 5) == a).all()
