"""Stacked levers on overlapping cohorts against a cell-by-cell reference (``careshift.model.cohorts``)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careshift.datapack.pack import DataPack, Setting
from careshift.model import run
from careshift.model.demand import cohort_mask
from careshift.model.levers import ramp
from careshift.model.scenario import Lever, from_dict
from tests.unit.model.conftest import tiny_pack

ACTIVITIES = ("admission", "vw", "home_care")
YEARS = (2024, 2025)


def mixed_pack() -> DataPack:
    """The tiny pack with two localities, every age band and both sexes populated, and rates and
    lengths of stay that vary by age (so cohort shares of units and of bed days differ)."""
    pack = tiny_pack()
    rng = np.random.default_rng(0)
    n_age = pack.population.shape[3]
    pop = rng.uniform(50, 500, (1, 2, 2, n_age, 2))
    age = np.linspace(0.2, 2.0, n_age)[None, None, :, None]
    rates = np.stack([0.1 * age, 0.02 * age, 2.0 * age])[:, 0] * np.ones((3, 2, n_age, 2))
    los = np.stack([5 * age, 2 + 0 * age, 0 * age])[:, 0] * np.ones((3, 2, n_age, 2))
    return dataclasses.replace(
        pack,
        localities=("east", "west"),
        locality_names=("East", "West"),
        population=pop,
        rates=rates,
        los=los,
        settings=(*pack.settings[:2], Setting("home_care", "Home care", "contacts", 1.0)),
    )


def reference(pack: DataPack, levers: list[Lever]) -> tuple[np.ndarray, np.ndarray]:
    """Units and bed days ``[activity, year, locality]``, every lever applied cell by cell."""
    units = pack.population[0][None] * pack.rates[:, None]  # [a, y, l, g, s]
    bed_days = units * pack.los[:, None]
    base_u, base_d = units.sum(axis=(3, 4)), bed_days.sum(axis=(3, 4))
    for lever in levers:
        value = lever.los_change if lever.kind == "efficiency" else lever.share
        mask = cohort_mask(pack, lever.cohort)[:, None]  # [a, 1, l, g, s]
        e = (
            float(value)
            * ramp(YEARS, lever.start_year, lever.full_effect_year)[None, :, None, None, None]
            * mask
        )  # type: ignore[arg-type]
        if lever.kind == "efficiency":
            bed_days = bed_days + e * bed_days
            continue
        sign = 1.0 if lever.kind == "growth" else -1.0
        out = e * units
        units, bed_days = units + sign * out, bed_days + sign * e * bed_days
        if lever.kind == "shift":
            t = ACTIVITIES.index(lever.to_activity or "")
            amount = float(lever.conversion) * out.sum(axis=0)  # type: ignore[arg-type]
            los = (base_d[t] / base_u[t])[..., None, None]
            if lever.conversion_unit == "bed_days":
                units[t] += amount / los
                bed_days[t] += amount
            else:
                units[t] += amount
                bed_days[t] += amount * los
    return units.sum(axis=(3, 4)), bed_days.sum(axis=(3, 4))


@st.composite
def lever_stacks(draw: st.DrawFn) -> list[dict]:
    levers = []
    for k in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["avoid", "shift", "efficiency", "growth"]))
        acts = draw(st.lists(st.sampled_from(ACTIVITIES[:2]), min_size=1, max_size=2, unique=True))
        lo = draw(st.sampled_from([0, 45, 65, 75, 80]))
        hi = draw(st.sampled_from([None, 79, 84, 89]))
        lever = {
            "name": f"lever {k}",
            "kind": kind,
            "cohort": {
                "activities": acts,
                "ages": {"min_age": lo, "max_age": hi if hi is None or hi > lo else None},
                "sexes": draw(st.sampled_from([["female"], ["male"], ["female", "male"]])),
                "localities": draw(st.sampled_from([[], ["east"], ["west"]])),
            },
            "start_year": draw(st.sampled_from(YEARS)),
            "full_effect_year": 2025,
        }
        if kind == "efficiency":
            lever["los_change"] = draw(st.floats(-0.9, 0.5))
        else:
            lever["share"] = draw(st.floats(0, 1)) if kind != "growth" else draw(st.floats(-0.5, 2))
        if kind == "shift":
            lever["to_activity"] = draw(st.sampled_from([a for a in ACTIVITIES if a not in acts]))
            lever["conversion"] = draw(st.floats(0, 5))
            if lever["to_activity"] != "home_care":
                lever["conversion_unit"] = draw(st.sampled_from(["units", "bed_days"]))
        levers.append(lever)
    return levers


@settings(max_examples=60, deadline=None)
@given(levers=lever_stacks())
def test_stacked_levers_match_the_cell_by_cell_reference(levers: list[dict]) -> None:
    pack = mixed_pack()
    scenario = from_dict({"name": "stack", "horizon_year": 2025, "levers": levers})
    central = run(scenario, pack, iterations=1, seed=0).central()
    units, bed_days = reference(pack, scenario.levers)
    assert (units >= -1e-9).all() and (bed_days >= -1e-9).all()
    for a, setting in enumerate(("acute", "virtual_ward", "home_care")):
        got = central[(central.setting == setting) & (central.locality != "county")]
        act = got[got.measure == "activity"].pivot(index="year", columns="locality", values="value")
        assert act[list(pack.localities)].to_numpy() == pytest.approx(units[a], rel=1e-9, abs=1e-9)
        if a < 2:
            bed = got[got.measure == "bed_days"].pivot(index="year", columns="locality", values="value")
            assert bed[list(pack.localities)].to_numpy() == pytest.approx(bed_days[a], rel=1e-9, abs=1e-9)


def test_nested_cohorts_are_exact_where_demographic_shares_overstate() -> None:
    """65+, then 75+, then 80+ of one activity: each later lever acts on what the earlier ones left
    of its own cohort, not on its base-year share of the whole activity."""
    pack = mixed_pack()
    cohorts = [{"activities": ["admission"], "ages": {"min_age": age}} for age in (65, 75, 80)]
    levers = [
        {
            "name": f"avoid {k}",
            "kind": "avoid",
            "cohort": c,
            "share": 0.5,
            "start_year": 2024,
            "full_effect_year": 2024,
        }
        for k, c in enumerate(cohorts)
    ]
    scenario = from_dict({"name": "nested", "horizon_year": 2025, "levers": levers})
    got = run(scenario, pack, iterations=1, seed=0).central()
    got = got[(got.setting == "acute") & (got.measure == "activity") & (got.locality == "county")]
    units = pack.population[0] * pack.rates[0][None]  # [y, l, g, s]
    lower = np.arange(units.shape[2]) * 5
    keep = np.select([lower >= 80, lower >= 75, lower >= 65], [0.125, 0.25, 0.5], 1.0)[None, None, :, None]
    assert got.value.to_numpy() == pytest.approx((units * keep).sum(axis=(1, 2, 3)), rel=1e-12)
