"""Paired comparisons (``careshift.model.compare``), per-iteration totals and the median-run waterfall."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careshift.datapack.pack import DataPack
from careshift.errors import ModelError
from careshift.model import Results, run
from careshift.model.compare import DIFFERENCE_COLUMNS, compare, differences
from careshift.model.scenario import Scenario, sample_scenarios
from careshift.model.summary import quantiles


@pytest.fixture(scope="module")
def oxon() -> DataPack:
    from careshift.datapack import load_pack

    return load_pack()


@pytest.fixture(scope="module")
def samples() -> dict[str, Scenario]:
    return sample_scenarios()


@pytest.fixture(scope="module")
def closer(oxon: DataPack, samples: dict[str, Scenario]) -> Results:
    return run(samples["care-closer-to-home"], oxon, iterations=101, seed=3)


def _county(results: Results, year: int) -> pd.DataFrame:
    df = results.summary()
    return df[(df.year == year) & (df.locality == "county")].set_index(["setting", "measure"])


def test_waterfall_final_is_the_summary_p50(closer: Results) -> None:
    wf = closer.waterfall()
    final = wf[wf.step == "final"].set_index(["locality", "setting", "measure"])["value"]
    df = closer.summary()
    horizon = df[df.year == df.year.max()].set_index(["locality", "setting", "measure"])["p50"]
    assert len(final) > 50
    assert final.to_numpy() == pytest.approx(horizon.loc[final.index].to_numpy(), rel=1e-9)


def test_county_totals_give_the_summary_quantiles(closer: Results) -> None:
    totals = closer.iterations
    assert totals is not None and totals.iterations == 101
    for setting, measure, values in totals.series():
        q = quantiles(values)  # [3, year]
        got = closer.summary()
        got = got[(got.locality == "county") & (got.setting == setting) & (got.measure == measure)]
        expected = got[["p10", "p50", "p90"]].to_numpy()
        assert np.allclose(q.T, expected, rtol=1e-9), (setting, measure)


def test_shipped_samples_differ_by_exactly_zero_before_any_lever(oxon: DataPack, samples) -> None:  # type: ignore[no-untyped-def]
    base, other = samples["do-nothing"], samples["care-closer-to-home"]
    _, diff = compare(base, [other], oxon, iterations=200, seed=2026)
    assert list(diff.columns) == [*DIFFERENCE_COLUMNS, "scenario"]
    first = min(lever.start_year for lever in other.levers)
    before = diff[diff.year < first]
    assert len(before) and (before[["p10", "p50", "p90", "p_lower"]] == 0).all().all()
    cost = diff[(diff.measure == "cost") & (diff.year == 2040)].iloc[0]
    assert cost.p90 < 0 and cost.p_lower > 0.9  # the levers almost always lower the county cost


def test_paired_range_is_the_spread_of_per_iteration_differences(oxon: DataPack, samples) -> None:  # type: ignore[no-untyped-def]
    closer = samples["care-closer-to-home"]
    (base, other), diff = compare(samples["do-nothing"], [closer], oxon, iterations=150)
    assert base.iterations is not None and other.iterations is not None
    d = other.iterations.cost - base.iterations.cost  # [year, i]
    row = diff[(diff.measure == "cost") & (diff.year == 2040)].iloc[0]
    k = [int(np.ceil(150 * p)) - 1 for p in (0.1, 0.5, 0.9)]
    assert [row.p10, row.p50, row.p90] == pytest.approx(np.sort(d[-1])[k].tolist())
    assert row.p_lower == pytest.approx((d[-1] < 0).mean())
    cost = ("all", "cost")
    unpaired = _county(other, 2040).loc[cost, "p90"] - _county(base, 2040).loc[cost, "p90"]
    assert row.p90 - row.p10 < abs(unpaired)  # shared uncertainty cancels


def test_runs_that_cannot_be_paired_say_so(oxon: DataPack, samples) -> None:  # type: ignore[no-untyped-def]
    a = run(samples["do-nothing"], oxon, iterations=5, seed=1)
    b = run(samples["do-nothing"], oxon, iterations=6, seed=1)
    assert a.iterations is not None and b.iterations is not None
    with pytest.raises(ModelError, match="Cannot pair runs of 5 and 6 iterations"):
        differences(a.iterations, b.iterations)


RISKS = ("occupancy", "p_no_bed", "p_turned_away", "peak_month_occupancy", "p_no_bed_peak_month")


def test_differences_have_localities_and_bed_risks_exactly_zero_before_any_lever(  # type: ignore[no-untyped-def]
    oxon: DataPack, samples
) -> None:
    base, other = samples["do-nothing"], samples["care-closer-to-home"]
    _, diff = compare(base, [other], oxon, iterations=120, seed=7)
    assert set(diff.locality) == {*oxon.localities, "county"}
    for locality in (*oxon.localities, "county"):
        rows = diff[(diff.locality == locality) & (diff.setting == "acute_beds")]
        assert set(RISKS) | {"bed_days", "beds_at_target_occupancy"} <= set(rows.measure), locality
    assert len(diff[(diff.locality == "city") & (diff.measure == "cost")]) == diff.year.nunique()
    first = min(lever.start_year for lever in other.levers)
    before = diff[diff.year < first]
    assert set(before.measure) >= set(RISKS) and set(before.locality) == set(diff.locality)
    assert (before[["p10", "p50", "p90", "p_lower"]] == 0).all().all()
    later = diff[(diff.year == 2040) & (diff.setting == "acute_beds")].set_index(["locality", "measure"])
    assert later.loc[("county", "occupancy"), "p90"] < 0  # the levers empty acute beds in every iteration
    assert later.loc[("city", "p_no_bed"), "p50"] < 0 and later.loc[("city", "p_no_bed"), "p_lower"] > 0.9


@pytest.fixture(scope="module")
def closer_local(oxon: DataPack, samples: dict[str, Scenario]) -> Results:
    return run(samples["care-closer-to-home"], oxon, iterations=101, seed=3, paired_localities=True)


@pytest.mark.parametrize(
    "measure, atol",
    [
        ("bed_days", 0.0),
        ("occupancy", 1e-12),
        ("peak_month_occupancy", 1e-12),
        ("p_turned_away", 1e-5),
        ("p_no_bed_peak_month", 1e-4),  # the summary's Wilson-Hilferty tail above 300 beds: 1e-4
    ],
)
def test_per_iteration_risks_give_the_summary_quantiles(
    closer_local: Results, measure: str, atol: float
) -> None:
    """Where the summary's map from load to risk is exact on quantiles, the per-iteration values'
    quantiles are the summary's (same planned beds, same loads, same months)."""
    local = closer_local.localities
    assert local is not None
    summary = closer_local.summary().set_index(["locality", "setting", "measure", "year"]).sort_index()
    checked = 0
    for locality, setting, name, values in local.series():
        if name != measure:
            continue
        expected = summary.loc[(locality, setting, measure)][["p10", "p50", "p90"]].to_numpy()
        np.testing.assert_allclose(quantiles(values).T, expected, rtol=1e-9, atol=atol)
        checked += 1
    assert checked >= len(local.bed_settings) * (len(local.localities) - (measure == "bed_days"))


def test_the_tables_read_the_exact_poisson_tail_and_erlang_b() -> None:
    from careshift.model import capacity
    from careshift.model.paired import erlang_loss, erlang_loss_at, poisson_tail, poisson_tail_at

    rng = np.random.default_rng(5)
    for beds in (0, 1, 4, 37, 180, 1018):
        loads = np.concatenate([rng.uniform(0, 2.5 * max(beds, 1), 5000), [0.0, 1e6]])
        assert np.abs(poisson_tail_at(loads, beds) - poisson_tail(loads, beds)).max() < 1e-5
        assert np.abs(erlang_loss_at(loads, beds) - erlang_loss(loads, beds)).max() < 1e-5
        assert np.array_equal(poisson_tail_at(loads, beds), poisson_tail_at(loads.copy(), beds))
    loads, beds = rng.uniform(0, 290, 3000), rng.integers(0, 400, 3000)
    assert np.abs(erlang_loss(loads, beds) - capacity.erlang_b_array(loads, beds)).max() < 1e-10
    exact = capacity.probability_no_bed_array(loads[:, None], np.ones(1), beds)
    assert np.abs(poisson_tail(loads, beds) - exact).max() < 1e-10
