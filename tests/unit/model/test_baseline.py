"""The base year held against the published figures, today's beds, and the variants' probabilities."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careshift.datapack import DataPack, load_pack
from careshift.model import run
from careshift.model.baseline import (
    Flow,
    apportion,
    calibration_frame,
    calibration_table,
    financial_year,
    today_beds,
)
from careshift.model.montecarlo import run_params
from careshift.model.scenario import sample_scenarios
from careshift.model.seasonality import seasonality

SNAPSHOT = Path(__file__).parent / "snapshots" / "baseline.csv"


@pytest.fixture(scope="module")
def pack() -> DataPack:
    return load_pack()


def _row(rows, measure: str):  # type: ignore[no-untyped-def]
    return next(r for r in rows if r.measure == measure)


def test_every_banded_figure_of_the_shipped_pack_is_within_its_band(pack: DataPack) -> None:
    rows = calibration_table(pack)
    banded = [r for r in rows if r.band is not None]
    assert {r.measure for r in banded} >= {
        "general and acute beds occupied",
        "emergency admissions",
        "A&E attendances",
        "A&E attendances, all types",
    }
    out = [f"{r.measure} ({r.organisation}): ratio {r.ratio:.3f}" for r in banded if not r.in_band]
    assert not out, "out of band: " + "; ".join(out)
    unbanded = [r for r in rows if r.band is None and r.published is not None and r.modelled is not None]
    assert all(r.note for r in unbanded), "a figure without a band must say why"


def test_leaving_children_out_takes_admissions_and_paediatric_beds_out_of_band(pack: DataPack) -> None:
    """The fault the issue found (children silently missing) fails the band check."""
    rates = pack.rates.copy()
    rates[:, :, :3] = 0.0  # bands 0-4, 5-9, 10-14
    rows = calibration_table(dataclasses.replace(pack, rates=rates))
    assert not _row(rows, "emergency admissions").in_band
    assert not _row(rows, "paediatric general and acute beds occupied").in_band
    assert not _row(rows, "A&E attendances").in_band


def test_trust_equivalent_by_hand() -> None:
    flow = Flow(resident_share=0.9, trust_share=0.8)
    assert flow.trust_equivalent(90.0) == pytest.approx(80.0)  # 90 x 0.8 / 0.9
    assert flow.resident_equivalent(80.0) == pytest.approx(90.0)
    assert financial_year(2023) == "2023-24" and financial_year(2099) == "2099-00"


def test_apportion_known_answer() -> None:
    assert apportion(10, np.array([1.0, 1.0, 1.0])).tolist() == [4.0, 3.0, 3.0]
    assert apportion(7, np.array([0.0, 2.0, 5.0])).tolist() == [0.0, 2.0, 5.0]
    assert apportion(0, np.array([1.0, 2.0])).tolist() == [0.0, 0.0]


@given(
    total=st.integers(min_value=0, max_value=5000),
    weights=st.lists(st.floats(min_value=0.01, max_value=1e4), min_size=1, max_size=8),
)
def test_apportion_sums_to_the_total_and_stays_within_one_of_exact(total: int, weights: list[float]) -> None:
    w = np.array(weights)
    out = apportion(total, w)
    assert out.sum() == total
    assert np.all(np.abs(out - total * w / w.sum()) < 1 + 1e-9)


def test_todays_acute_beds_are_the_sitrep_stock_and_localities_sum_to_the_county(pack: DataPack) -> None:
    base = np.array([100.0, 200.0, 150.0, 120.0, 250.0, 160.0, 980.0])
    beds = today_beds(pack, "acute_beds", base)
    # mean G&A beds available 2023-24 (1,018.005) x s / c = x 0.82 / 0.88
    assert beds[-1] == round(1018.005 * 0.82 / 0.88) == 949
    assert beds[:-1].sum() == beds[-1]
    other = today_beds(pack, "virtual_ward", np.array([10.2, 20.1, 5.0, 7.0, 3.0, 1.0, 46.3]))
    assert other[-1] == 47 and other[:-1].sum() == 47


def test_a_run_plans_against_todays_beds_and_its_localities_sum_to_the_county(pack: DataPack) -> None:
    results = run(sample_scenarios()["do-nothing"], pack, iterations=20, seed=3)
    df = results.summary()
    base = df[(df.year == pack.base_year) & (df.setting == "acute_beds") & (df.measure == "p_turned_away")]
    assert len(base) == len(pack.localities) + 1
    occupied = df[(df.setting == "acute_beds") & (df.measure == "mean_occupied_beds") & (df.year == 2023)]
    county = occupied[occupied.locality == "county"].p50.iloc[0]
    assert county == pytest.approx(
        966.3 * 0.82 / 0.88, rel=0.01
    )  # the sitrep's occupied, resident-equivalent


def test_variants_are_drawn_with_the_packs_probabilities(pack: DataPack) -> None:
    scenario = sample_scenarios()["do-nothing"]
    scenario = scenario.override(projection={"variant": None, "sample_variants": True})
    variant = run_params(scenario, pack, 6000, seed=11).variant[1:]
    shares = np.bincount(variant, minlength=len(pack.variants)) / len(variant)
    assert np.allclose(shares, pack.variant_weights(), atol=0.02)


def test_baseline_snapshot(pack: DataPack) -> None:
    """The calibration table, rounded to 4 significant figures (regenerate as in test_snapshots)."""
    frame = calibration_frame(pack)
    for column in ("published", "modelled", "ratio"):
        frame[column] = frame[column].map(lambda v: float(f"{v:.4g}") if v == v else v)
    text = frame[["measure", "organisation", "period", "published", "modelled", "ratio"]].to_csv(index=False)
    if os.environ.get("CARESHIFT_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text)
    assert SNAPSHOT.read_text() == text, "baseline.csv changed; review, then regenerate"


def test_the_fullest_month_is_the_annual_mean_times_the_winter_profile(pack: DataPack) -> None:
    """February 2024's 1,018 beds against 966 x Feb's index (an average winter); a flat year would put
    the fullest month out of band, as the table did before the winter was in the base year."""
    rows = calibration_table(pack)
    mean, peak = (
        _row(rows, "general and acute beds occupied"),
        _row(rows, "general and acute beds occupied, peak month"),
    )
    index = seasonality(pack).occupancy[1]  # February; acute beds carry the whole swing (e = 1)
    assert peak.period == "2024-02" and peak.published == pytest.approx(1018.0, abs=1)
    assert peak.modelled == pytest.approx(mean.modelled * index) and peak.in_band
    flat = {k: v for k, v in pack.estimates.items() if not k.startswith("seasonality:occupancy:")}
    flat_peak = _row(calibration_table(dataclasses.replace(pack, estimates=flat)), peak.measure)
    assert flat_peak.modelled == pytest.approx(mean.modelled) and not flat_peak.in_band


def test_the_flow_reproduces_todays_delays_and_says_when_it_does_not(pack: DataPack) -> None:
    rows = calibration_table(pack)
    waiting = _row(rows, "patients not meeting the criteria to reside")
    assert waiting.published == pytest.approx(184.6, abs=0.05) and waiting.in_band
    assert waiting.modelled == pytest.approx(waiting.published, rel=1e-6)  # the queues, not the target
    left = _row(rows, "discharges of patients not meeting the criteria to reside, a day")
    assert left.published == pytest.approx(116.7, abs=0.05) and left.in_band
    share = _row(
        rows, "share of general and acute beds occupied by patients not meeting the criteria to reside"
    )
    assert share.published == pytest.approx(184.6148 / 966.3, rel=1e-3)
    # residents delayed anywhere over residents' beds: OUH's share x s_delayed / s_beds = x 0.85 / 0.82
    assert share.modelled == pytest.approx(share.published * 0.85 / 0.82, rel=1e-3) and share.in_band
    # a pack whose flow was built from other figures than its published table: out of band
    stale = dict(pack.estimates)
    old = stale["discharge:not_meeting_criteria"]
    stale["discharge:not_meeting_criteria"] = dataclasses.replace(old, value=old.value * 1.2)
    assert not _row(calibration_table(dataclasses.replace(pack, estimates=stale)), waiting.measure).in_band
