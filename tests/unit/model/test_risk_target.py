"""The risk target: beds for it are never below the mean occupied beds (issue 8)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from careshift.model import run
from careshift.model.capacity import beds_for_risk, beds_for_risk_array
from careshift.model.scenario import sample_scenarios


@given(st.floats(0.0, 3_000), st.floats(0.001, 0.5))
def test_beds_for_risk_never_below_the_load(load: float, risk: float) -> None:
    assert beds_for_risk(load, risk) >= load
    assert beds_for_risk_array(np.array([load]), risk)[0] >= load


def test_a_large_hospital_needs_more_beds_than_it_fills() -> None:
    # 966 occupied beds on average (the OUH sitrep, 2023-24): a 5% risk needs more than 966 beds
    assert beds_for_risk(966.0, 0.05) > 966


def test_engine_beds_for_risk_cover_mean_occupied(small_pack) -> None:
    summary = run(sample_scenarios()["do-nothing"], small_pack, iterations=20, seed=1).summary()
    wide = summary[summary.measure.isin(["beds_for_risk", "mean_occupied_beds"])].pivot_table(
        index=["year", "locality", "setting"], columns="measure", values=["p10", "p50", "p90"]
    )
    for q in ("p10", "p50", "p90"):
        assert (wide[(q, "beds_for_risk")] >= wide[(q, "mean_occupied_beds")] - 1e-9).all(), q
