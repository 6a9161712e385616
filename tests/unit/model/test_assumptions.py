"""Parameter uncertainty from the data pack's own assumption ranges (``careshift.model.assumptions``)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careshift.datapack.pack import DataPack, Estimate
from careshift.errors import ModelError
from careshift.model import run
from careshift.model.assumptions import USAGE, assumption_distributions
from careshift.model.distributions import TwoPieceInterval
from careshift.model.montecarlo import run_params
from careshift.model.pipeline import build_context, run_chunk
from careshift.model.scenario import Scenario, from_dict, sample_scenarios
from tests.unit.model.conftest import tiny_pack
from tests.unit.model.test_engine import SHIFT

METHOD = Path(__file__).parents[3] / "docs" / "background" / "method.md"


@pytest.fixture(scope="module")
def oxon() -> DataPack:
    datapack = pytest.importorskip("careshift.datapack")
    return datapack.load_pack()


@pytest.fixture(scope="module")
def closer() -> Scenario:
    return sample_scenarios()["care-closer-to-home"]


def _off(scenario: Scenario) -> Scenario:
    return scenario.override(uncertainty={"assumptions": False})


def tiny_with_estimates(low: float = 0.5, high: float = 2.0) -> DataPack:
    """The tiny pack with a range on the admission rate, the virtual ward's LOS and two costs."""
    pack = tiny_pack()
    estimates = {
        "rates:admission": Estimate(0.1, 0.1 * low, 0.1 * high),
        "los:vw": Estimate(2.0, 2.0 * low, 2.0 * high),
        "unit_costs:admission": Estimate(1000.0, 1000 * low, 1000 * high),
        "bed_day_costs:acute": Estimate(400.0, 400 * low, 400 * high),
        "settings:acute": Estimate(0.9, 0.85, 0.95),
    }
    return dataclasses.replace(pack, estimates=estimates)


def test_two_piece_interval_percentiles_are_low_and_high() -> None:
    d = TwoPieceInterval(400, 800, 1300)
    x = d.sample(np.random.default_rng(0), 400_000)
    assert np.quantile(x, [0.1, 0.5, 0.9]) == pytest.approx([400, 800, 1300], rel=0.01)
    assert x.mean() == pytest.approx(d.mean, rel=0.005)
    natural = TwoPieceInterval(-1, 2, 3)
    y = natural.sample(np.random.default_rng(1), 400_000)
    assert np.quantile(y, [0.1, 0.5, 0.9]) == pytest.approx([-1, 2, 3], abs=0.02)
    assert y.mean() == pytest.approx(natural.mean, abs=0.01)
    with pytest.raises(ValueError, match="low <= central <= high"):
        TwoPieceInterval(2, 1, 3)


def test_every_shipped_estimate_is_in_the_usage_table(oxon: DataPack) -> None:
    prefixes = {u.prefix for u in USAGE}
    assert {key.split(":")[0] for key in oxon.estimates} <= prefixes
    assumption_distributions(oxon)  # resolves every key to an activity or setting


def test_usage_table_is_documented() -> None:
    text = METHOD.read_text()
    section = text[text.index("## Parameter uncertainty") :]
    documented = set(re.findall(r"^\| `(\w+):[^`]*` \| (yes|no) \|", section, flags=re.M))
    assert documented == {(u.prefix, "yes" if u.sampled else "no") for u in USAGE}


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("staffing:acute", "a table the engine does not know"),
        ("rates:no_such_activity", "Unknown activity"),
        ("bed_day_costs:nowhere", "Unknown setting"),
    ],
)
def test_unknown_keys_are_not_ignored(key: str, message: str) -> None:
    pack = dataclasses.replace(tiny_pack(), estimates={key: Estimate(1.0, 0.5, 2.0)})
    with pytest.raises(ModelError, match=message):
        assumption_distributions(pack)


def test_zero_central_value_with_a_range_is_refused() -> None:
    pack = dataclasses.replace(tiny_pack(), estimates={"unit_costs:vw": Estimate(0.0, 0.0, 10.0)})
    with pytest.raises(ModelError, match="central value 0"):
        assumption_distributions(pack)


def test_multiplier_percentiles_match_the_pack_ranges(oxon: DataPack, closer: Scenario) -> None:
    params = run_params(closer, oxon, 40_000, seed=3)
    tables = {"rates": params.rate, "los": params.los, "unit_costs": params.unit_cost}
    checked = 0
    for key, est in oxon.estimates.items():
        prefix, item = key.split(":", 1)
        if prefix in tables:
            column = tables[prefix][:, oxon.activity_index(item)]
        elif prefix == "bed_day_costs":
            column = params.bed_day_cost[:, oxon.setting_index(item)]
        else:
            continue
        if est.value == 0:
            assert (column == 1).all()
            continue
        assert est.low is not None and est.high is not None
        p10, p50, p90 = np.quantile(column * est.value, [0.1, 0.5, 0.9])
        assert (p10, p50, p90) == pytest.approx((est.low, est.value, est.high), rel=0.02), key
        checked += 1
    assert checked >= 25


def test_run_zero_is_the_central_case_exactly(oxon: DataPack, closer: Scenario) -> None:
    on, off = run(closer, oxon, iterations=1, seed=5), run(_off(closer), oxon, iterations=1, seed=5)
    pd.testing.assert_frame_equal(on.central(), off.central(), check_exact=True)
    params = run_params(closer, oxon, 10, seed=5)
    for table in (params.rate, params.los, params.unit_cost, params.bed_day_cost):
        assert (table[0] == 1).all() and (table[1:] != 1).any()


def _money(results, year: int = 2040) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    df = results.summary()
    rows = df[(df.year == year) & (df.locality == "county") & (df.setting == "all")]
    return rows.set_index("measure")[["p10", "p50", "p90"]]


def test_assumptions_widen_cost_and_savings(oxon: DataPack, closer: Scenario) -> None:
    on = _money(run(closer, oxon, iterations=200, seed=7))
    off = _money(run(_off(closer), oxon, iterations=200, seed=7))
    width_on, width_off = on.p90 - on.p10, off.p90 - off.p10
    for measure in ("cost", "savings_vs_do_nothing"):
        assert width_on[measure] > 1.5 * width_off[measure]


def test_off_leaves_other_draws_unchanged(oxon: DataPack, closer: Scenario) -> None:
    on, off = run_params(closer, oxon, 2000, seed=1), run_params(_off(closer), oxon, 2000, seed=1)
    assert np.array_equal(on.growth, off.growth) and np.array_equal(on.lever_value, off.lever_value)
    assert (off.rate == 1).all() and (off.bed_day_cost == 1).all()


def test_multipliers_by_hand() -> None:
    """Rate x2 doubles admissions; the virtual ward's LOS x1.5 also applies to shifted-in stays;
    costs follow each iteration's multipliers."""
    pack = tiny_with_estimates()
    scenario = from_dict({"name": "t", "horizon_year": 2025, "levers": [SHIFT]})
    ctx = build_context(scenario, pack)
    params = run_params(scenario, pack, 1, seed=0).central
    ones = np.ones((1, 3))
    params = dataclasses.replace(
        params,
        rate=ones * [[2, 1, 1]],
        los=ones * [[1, 1.5, 1]],
        unit_cost=ones * [[1.1, 1, 1]],
        bed_day_cost=ones * [[0.5, 1, 1]],
    )
    out = run_chunk(ctx, params)
    admissions, bed_days_acute = 110 * 2 * 0.5, 110 * 2 * 0.5 * 5
    vw_units = 11 + 110 * 2 * 0.5 * 2  # conversion 2
    assert out.activity[:, 1, 0, 0] == pytest.approx([admissions, vw_units, 2200])
    assert out.bed_days[:, 1, 0, 0] == pytest.approx([bed_days_acute, vw_units * 2 * 1.5])
    cost = admissions * 1100 + bed_days_acute * 200 + vw_units * 300 + vw_units * 3 * 100 + 2200 * 30
    assert out.cost[1, 0, 0] == pytest.approx(cost)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunk=st.integers(1, 40), workers=st.integers(1, 3))
def test_same_seed_same_numbers_whatever_the_chunking(
    oxon: DataPack, closer: Scenario, chunk: int, workers: int
) -> None:
    reference = run(closer, oxon, iterations=40, seed=11)
    again = run(closer, oxon, iterations=40, seed=11, chunk_size=chunk, workers=workers)
    pd.testing.assert_frame_equal(reference.summary(), again.summary())
    pd.testing.assert_frame_equal(reference.waterfall(), again.waterfall())


@settings(max_examples=15, deadline=None)
@given(
    low=st.floats(0.0, 1.0),
    high=st.floats(1.0, 5.0),
    share=st.floats(0, 1),
    seed=st.integers(0, 2**32),
)
def test_nothing_negative(low: float, high: float, share: float, seed: int) -> None:
    pack = tiny_with_estimates(low, high)
    scenario = from_dict({"name": "t", "horizon_year": 2025, "levers": [{**SHIFT, "share": share}]})
    df = run(scenario, pack, iterations=30, seed=seed).summary()
    physical = df[~df.measure.str.startswith("savings")]
    assert (physical[["p10", "p50", "p90"]] >= 0).all().all()
    central = run(scenario, pack, iterations=1, seed=seed).central().query("locality == 'county'")
    central = central.set_index(["year", "setting", "measure"])
    assert central.loc[(2025, "acute", "activity"), "value"] == pytest.approx(110 * (1 - share))
