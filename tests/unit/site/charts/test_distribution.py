"""Distribution builder: shared bins, P10/median/P90 rules, formats, NaN dropped, infinity refused."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careshift.site.charts import palette
from careshift.site.charts.builders import distribution
from careshift.site.charts.builders.distribution import histogram_rows
from careshift.site.charts.titles import ChartTitle
from tests.unit.site.charts.render import draw, texts, validate

TITLE = ChartTitle("Cost in 2035 over 1,000 iterations", where="Oxfordshire", scenario="Shift")


def test_two_series_share_bins_and_palette_and_mark_their_quantiles(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    samples = {
        "Do nothing": rng.normal(25e6, 2e6, 1000).tolist(),
        "Shift": rng.normal(22e6, 2e6, 1000).tolist(),
    }
    block = distribution(samples, title=TITLE, unit="Cost", kind="money", bins=20)
    spec = block.spec
    assert spec is not None
    validate(spec)
    bars, rules = spec["layer"]
    assert bars["encoding"]["x"]["bin"] == {"binned": True}
    assert bars["encoding"]["color"]["scale"] == {
        "domain": ["Do nothing", "Shift"],
        "range": list(palette.CATEGORICAL[:2]),
    }
    values = spec["data"]["values"]
    assert len(values) == 40 and {v["start"] for v in values[:20]} == {v["start"] for v in values[20:]}
    assert sum(v["iterations"] for v in values[:20]) == 1000
    medians = [r["value"] for r in rules["data"]["values"] if r["marker"] == "Median"]
    assert medians == pytest.approx([np.median(s) for s in samples.values()])
    assert block.table.columns.tolist() == ["Series", "Cost", "Iterations", "Share of iterations"]
    assert block.table["Cost"].iloc[0].startswith("£") and " to £" in block.table["Cost"].iloc[0]
    (drawn,) = draw(spec, tmp_path=tmp_path)
    assert drawn["warnings"] == []
    assert "£25m" in texts(drawn["svg"]) and any(t.endswith("%") for t in texts(drawn["svg"]))


def test_one_series_is_blue_and_density_draws_outlines(tmp_path: Path) -> None:
    spec = distribution(
        [0.1, 0.12, 0.125, 0.2], title=TITLE, unit="Turned away", kind="share", density=True
    ).spec
    assert spec is not None
    validate(spec)
    assert spec["layer"][0]["mark"]["type"] == "area"
    assert spec["layer"][0]["encoding"]["color"] == {"value": palette.BLUE}
    (drawn,) = draw(spec, tmp_path=tmp_path)
    assert drawn["warnings"] == [] and "12%" in texts(drawn["svg"])


def test_nan_is_dropped_infinity_and_empty_refused() -> None:
    rows = histogram_rows({"a": [1.0, math.nan, 3.0]}, bins=2)
    assert sum(r["iterations"] for r in rows) == 2
    with pytest.raises(ValueError, match="an iteration of a"):
        histogram_rows({"a": [1.0, math.inf]})
    with pytest.raises(ValueError, match="no iterations"):
        histogram_rows({"a": [math.nan]})
    with pytest.raises(ValueError, match="at least one bin"):
        histogram_rows({"a": [1.0]}, bins=0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e9, 1e9), min_size=1, max_size=200), st.integers(1, 40))
def test_every_iteration_lands_in_exactly_one_bin(values: list[float], bins: int) -> None:
    rows = histogram_rows({"s": values}, bins=bins)
    assert sum(r["iterations"] for r in rows) == len(values)
    assert sum(r["share"] for r in rows) == pytest.approx(1.0)
