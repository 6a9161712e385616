"""The engine against hand-computed answers and its invariants (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careshift.datapack.pack import DataPack
from careshift.model import Cancelled, run
from careshift.model.demand import base_demand
from careshift.model.scenario import Scenario, from_dict, sample_scenarios
from tests.unit.model.conftest import tiny_pack

SHIFT = {
    "name": "To virtual ward",
    "kind": "shift",
    "cohort": {"activities": ["admission"]},
    "share": 0.5,
    "to_activity": "vw",
    "conversion": 2.0,
    "start_year": 2024,
    "full_effect_year": 2024,
}


def value(results, setting: str, measure: str, year: int = 2025, locality: str = "county", q: str = "p50"):
    df = results.summary()
    row = df[
        (df.year == year) & (df.locality == locality) & (df.setting == setting) & (df.measure == measure)
    ]
    assert len(row) == 1, (setting, measure)
    return float(row.iloc[0][q])


def test_tiny_pack_by_hand(tiny: DataPack) -> None:
    r = run(from_dict({"name": "t", "horizon_year": 2025, "levers": [SHIFT]}), tiny, iterations=3, seed=1)
    # 2025: 1,100 people x 0.1 = 110 admissions, half (55) shift; each becomes 2 VW admissions.
    assert value(r, "acute", "activity") == pytest.approx(55)
    assert value(r, "acute", "bed_days") == pytest.approx(275)
    assert value(r, "virtual_ward", "activity") == pytest.approx(11 + 110)
    assert value(r, "virtual_ward", "bed_days") == pytest.approx((11 + 110) * 2)
    assert value(r, "acute", "beds_at_target_occupancy") == pytest.approx(275 / 365 / 0.9)
    cost = 55 * 1000 + 275 * 400 + 121 * 300 + 242 * 100 + 2200 * 30
    assert value(r, "all", "cost") == pytest.approx(cost)
    do_nothing = 110 * 1000 + 550 * 400 + 11 * 300 + 22 * 100 + 2200 * 30
    assert value(r, "all", "savings_vs_do_nothing") == pytest.approx(do_nothing - cost)
    assert value(r, "home_care", "wte_nursing") == pytest.approx(2.2 * 0.5)


def test_waterfall_adds_up(tiny: DataPack) -> None:
    r = run(from_dict({"name": "t", "horizon_year": 2025, "levers": [SHIFT]}), tiny, iterations=2, seed=1)
    wf = r.waterfall()
    for _, g in wf.groupby(["locality", "setting", "measure"]):
        steps = g.set_index("step")["value"]
        assert steps.drop("final").sum() == pytest.approx(steps["final"])
    acute = wf[(wf.setting == "acute") & (wf.measure == "activity") & (wf.locality == "county")]
    assert list(acute.step) == [
        "baseline",
        "demography",
        "non_demographic_growth",
        "To virtual ward",
        "final",
    ]
    assert acute.set_index("step")["value"]["To virtual ward"] == pytest.approx(-55)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), n=st.integers(1, 40))
def test_no_levers_reproduces_demographic_projection(small_pack: DataPack, seed: int, n: int) -> None:
    r = run(Scenario(name="none"), small_pack, iterations=n, seed=seed)
    units = base_demand(small_pack, small_pack.population).units[:, 0]  # [activity, year, locality]
    acute = small_pack.setting_index("acute_beds")
    expected = units[small_pack.activity_setting() == acute].sum(axis=0)
    df = r.summary()
    got = df[(df.setting == "acute_beds") & (df.measure == "activity") & (df.locality != "county")]
    got = got.pivot(index="year", columns="locality", values="p10").to_numpy()
    assert np.allclose(got, expected, rtol=1e-12)
    assert (df[df.measure == "savings_vs_do_nothing"][["p10", "p50", "p90"]] == 0).all().all()


@settings(max_examples=25, deadline=None)
@given(share=st.floats(0, 1), conversion=st.floats(0, 20), years=st.integers(0, 1))
def test_shifted_out_equals_arriving_times_conversion(share: float, conversion: float, years: int) -> None:
    pack = tiny_pack()
    lever = {**SHIFT, "share": share, "conversion": conversion, "full_effect_year": 2024 + years}
    r = run(from_dict({"name": "t", "horizon_year": 2025, "levers": [lever]}), pack, iterations=1, seed=0)
    for year in (2024, 2025):
        out = value(r, "acute", "activity", year, q="p10")
        base = 100.0 if year == 2024 else 110.0
        arrived = value(r, "virtual_ward", "activity", year, q="p10") - base * 0.1
        assert arrived == pytest.approx((base - out) * conversion, abs=1e-9)


lever_values = st.fixed_dictionaries({"low": st.floats(0, 0.5), "high": st.floats(0.5, 1)})


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=lever_values, b=lever_values, los=st.floats(-1, 0.5), seed=st.integers(0, 1000))
def test_nothing_negative(small_pack: DataPack, a: dict, b: dict, los: float, seed: int) -> None:
    cohort = {"activities": ["unplanned_admission", "elective_admission"], "ages": {"min_age": 60}}
    levers = [
        {
            "name": "avoid",
            "kind": "avoid",
            "cohort": cohort,
            "share": a,
            "start_year": 2025,
            "full_effect_year": 2026,
        },
        {
            "name": "shift",
            "kind": "shift",
            "cohort": cohort,
            "share": b,
            "to_activity": "virtual_ward_admission",
            "start_year": 2025,
            "full_effect_year": 2030,
        },
        {
            "name": "los",
            "kind": "efficiency",
            "cohort": cohort,
            "los_change": los,
            "start_year": 2024,
            "full_effect_year": 2024,
        },
    ]
    r = run(
        from_dict(
            {"name": "n", "levers": levers, "non_demographic_growth": {"*": {"low": -0.02, "high": 0.05}}}
        ),
        small_pack,
        iterations=20,
        seed=seed,
    )
    df = r.summary()
    physical = df[~df.measure.str.startswith("savings")]
    assert (physical[["p10", "p50", "p90"]] >= 0).all().all()


@pytest.fixture(scope="module")
def sample() -> Scenario:
    return sample_scenarios()["care-closer-to-home"].override(projection={"sample_variants": True})


@pytest.fixture(scope="module")
def reference(small_pack: DataPack, sample: Scenario):  # type: ignore[no-untyped-def]
    return run(sample, small_pack, iterations=50, seed=9)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunk=st.integers(1, 60), workers=st.integers(1, 3))
def test_same_seed_same_numbers_whatever_the_chunking(small_pack, sample, reference, chunk, workers) -> None:  # type: ignore[no-untyped-def]
    again = run(sample, small_pack, iterations=50, seed=9, chunk_size=chunk, workers=workers)
    pd.testing.assert_frame_equal(reference.summary(), again.summary())
    pd.testing.assert_frame_equal(reference.waterfall(), again.waterfall())


def test_different_seed_different_numbers(small_pack: DataPack, sample: Scenario, reference) -> None:  # type: ignore[no-untyped-def]
    other = run(sample, small_pack, iterations=50, seed=10)
    assert not reference.summary()["p90"].equals(other.summary()["p90"])


def test_progress_and_cancel(small_pack: DataPack, sample: Scenario) -> None:
    seen: list[tuple[int, int]] = []
    run(sample, small_pack, iterations=20, seed=1, chunk_size=5, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (20, 20) and len(seen) == 4

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        run(sample, small_pack, iterations=20, seed=1, chunk_size=5, progress=cancel)


def test_dask_matches_local(small_pack: DataPack, sample: Scenario) -> None:
    from distributed import Client, LocalCluster

    local = run(sample, small_pack, iterations=30, seed=4)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        remote = run(sample, small_pack, iterations=30, seed=4, executor="dask", client=client, chunk_size=4)
    pd.testing.assert_frame_equal(local.summary(), remote.summary())
    pd.testing.assert_frame_equal(local.waterfall(), remote.waterfall())
    assert local.iterations is not None and remote.iterations is not None
    for (_, _, a), (_, _, b) in zip(local.iterations.series(), remote.iterations.series(), strict=True):
        assert np.array_equal(a, b)


def test_results_round_trip(tmp_path, small_pack: DataPack, sample: Scenario) -> None:  # type: ignore[no-untyped-def]
    r = run(sample, small_pack, iterations=10, seed=1)
    r.write(tmp_path)
    back = type(r).read(tmp_path)
    pd.testing.assert_frame_equal(r.summary(), back.summary())
    assert back.metadata["iterations"] == 10 and back.metadata["datapack_version"] == small_pack.version
