"""The flow out of hospital: calibration to the criteria-to-reside data, levers reading through to beds
and money, and the queue approximation against a discrete-event simulation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from careshift.datapack import load_pack
from careshift.errors import ScenarioError
from careshift.model import run
from careshift.model.des_check import simulate_queue
from careshift.model.discharge import BLOCK, mean_waiting, mean_waiting_reference, trust_share
from careshift.model.scenario import sample_scenarios
from careshift.model.seasonality import DAYS as MONTH_DAYS

FLAT = np.ones(12)
DAYS = np.full(12, 365 / 12)
P1_PLACES = {
    "name": "20 packages",
    "kind": "add_capacity",
    "pathway": "p1",
    "places": 20,
    "start_year": 2025,
    "full_effect_year": 2025,
}


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def _county(summary, measure: str, year: int, setting: str = "all") -> np.ndarray:
    row = summary[
        (summary.locality == "county")
        & (summary.measure == measure)
        & (summary.year == year)
        & (summary.setting == setting)
    ]
    return row[["p10", "p50", "p90"]].to_numpy()[0]


@pytest.fixture(scope="module")
def do_nothing(pack):
    return run(sample_scenarios()["do-nothing"], pack, iterations=60, seed=3)


def test_today_matches_the_criteria_to_reside_data(pack, do_nothing) -> None:
    published = pack.estimates["discharge:not_meeting_criteria"].value  # 184.6 OUH patients a day
    # residents delayed wherever they are: x s / c, as today's beds (0.85 / 0.88, the pack's shares)
    residents = published * pack.estimates["discharge:resident_share"].value / trust_share(pack)
    assert trust_share(pack) == 0.88 and residents == pytest.approx(178.3, abs=0.05)
    central = do_nothing.central()
    central = central[(central.locality == "county") & (central.year == pack.base_year)]
    waiting = dict(zip(central.measure, central.value, strict=True))
    assert waiting["discharge_waiting"] == pytest.approx(residents, rel=0.01)
    share = pack.estimates["discharge:delay_share:p2"].value
    assert waiting["discharge_waiting_p2"] == pytest.approx(residents * share, rel=0.02)
    # the share of acute bed days delayed: OUH's 184.6 / 966.3 = 0.191, x 0.85 / 0.82 (module docs)
    delayed = _county(do_nothing.summary(), "discharge_delayed_share", pack.base_year)[1]
    assert delayed == pytest.approx(184.6148 / 966.29 * 0.85 / 0.82, rel=0.02)


def _central(result, measure: str, setting: str, year: int = 2030) -> float:
    c = result.central()
    pick = (c.locality == "county") & (c.year == year) & (c.measure == measure) & (c.setting == setting)
    return float(c[pick].value.iloc[0])


def test_adding_reablement_frees_acute_beds_and_money(pack, do_nothing) -> None:
    scenario = sample_scenarios()["do-nothing"].override(discharge={"levers": [P1_PLACES]})
    result = run(scenario, pack, iterations=60, seed=3)
    more, before = result.summary(), do_nothing.summary()
    assert (_county(more, "discharge_waiting_p1", 2030) < _county(before, "discharge_waiting_p1", 2030)).all()
    assert (_county(more, "discharge_acute_beds_freed", 2030) > 0).all()
    fewer = _central(do_nothing, "mean_occupied_beds", "acute_beds") - _central(
        result, "mean_occupied_beds", "acute_beds"
    )
    assert fewer == pytest.approx(_central(result, "discharge_acute_beds_freed", "all"), rel=1e-6)
    assert _county(more, "savings_vs_do_nothing", 2030)[1] > 0
    extra = _central(result, "activity", "reablement") - _central(do_nothing, "activity", "reablement")
    assert extra == pytest.approx(20 * 365 / 28)  # 20 places turning over every 28 days (central stay)


def test_fixed_places_make_growing_demand_wait(pack, do_nothing) -> None:
    fixed = run(
        sample_scenarios()["do-nothing"].override(discharge={"capacity_growth": "fixed"}),
        pack,
        iterations=60,
        seed=3,
    ).summary()
    assert (
        _county(fixed, "discharge_waiting", 2035)[1]
        > 1.5 * _county(do_nothing.summary(), "discharge_waiting", 2035)[1]
    )


def test_a_pack_without_discharge_figures(small_pack) -> None:
    scenario = sample_scenarios()["do-nothing"]
    summary = run(scenario, small_pack, iterations=5, seed=1).summary()
    assert not summary.measure.str.startswith("discharge").any()
    same = run(scenario.override(discharge={"levers": [P1_PLACES]}), small_pack, iterations=5, seed=1)
    assert same.summary().equals(summary)  # no flow to act on


@pytest.mark.parametrize(
    ("lever", "message"),
    [
        ({**P1_PLACES, "pathway": "p0"}, "p0 has no downstream places"),
        ({k: v for k, v in P1_PLACES.items() if k != "places"}, "needs places"),
        ({**P1_PLACES, "kind": "faster_discharge"}, "needs los_change"),
        ({**P1_PLACES, "places": -3}, "less than 0"),
    ],
)
def test_discharge_levers_are_validated(lever: dict, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        sample_scenarios()["do-nothing"].override(discharge={"levers": [lever]})


@given(st.floats(1, 50), st.floats(2, 40), st.floats(0.3, 1.3), st.floats(0.3, 1.3))
def test_waiting_grows_with_utilisation(arrivals: float, stay: float, rho: float, other: float) -> None:
    lo, hi = sorted((rho, other))
    a, b = (mean_waiting(np.array(arrivals), np.array(stay), np.array(r), FLAT, DAYS) for r in (lo, hi))
    assert a <= b + 1e-9


def test_queue_approximation_against_simulation() -> None:
    # 18 places, 4 arrivals a day staying 4 days: utilisation 0.89; Sakasegawa is an approximation, so
    # the check allows it 25% on top of the simulation's own error
    sim = simulate_queue(4.0, 4.0, 18, days=4_000, seed=5)
    model = float(mean_waiting(np.array(4.0), np.array(4.0), np.array(16 / 18), FLAT, DAYS))
    assert abs(model - sim.value) < 4 * sim.se + 0.25 * sim.value


@pytest.mark.parametrize("spread", [0.0, 0.1, 0.3])  # all below capacity, mixed, most with a winter backlog
def test_blocked_waiting_is_the_plain_formula_exactly(spread: float) -> None:
    # the fast path is only arranged differently: every element equals the month-by-month reference
    rng = np.random.default_rng(7)
    shape = (3, 4, BLOCK // 5)  # more than one block
    arrivals = rng.uniform(0.5, 30, shape)
    stay = rng.uniform(5, 40, (1, 1, shape[-1]))  # broadcast, as in the engine
    rho = rng.uniform(0.6, 0.9, shape) * (1 + spread * rng.uniform(0, 1.5, shape))
    season = np.array([1.04, 1.02, 0.96, 0.98, 0.94, 0.99, 1.01, 1.03, 1.0, 1.02, 1.03, 0.97])
    fast = mean_waiting(arrivals, stay, rho, season, MONTH_DAYS)
    assert fast.shape == shape
    assert np.array_equal(fast, mean_waiting_reference(arrivals, stay, rho, season, MONTH_DAYS))


def test_queue_denominator_is_the_logarithmic_form_to_rounding() -> None:
    # 1 - rho_m, computed as 1 - min(rho a_m, cap), is -expm1(min(log rho + log a_m, log cap)) (the
    # form it replaced, without a transcendental per month) to rounding
    rng = np.random.default_rng(3)
    arrivals, stay = rng.uniform(0.5, 30, 5_000), rng.uniform(5, 40, 5_000)
    rho = rng.uniform(0.3, 1.4, 5_000)
    season = np.array([1.04, 1.02, 0.96, 0.98, 0.94, 0.99, 1.01, 1.03, 1.0, 1.02, 1.03, 0.97])
    beta = np.sqrt(2.0 * (np.maximum(arrivals * stay / rho, 1.0) + 1.0))
    served, backlog, total = arrivals / rho, np.zeros(5_000), np.zeros(5_000)
    for m in range(12):
        capped = np.minimum(np.log(rho) + np.log(season[m]), np.log(0.95))
        end = np.maximum(backlog + (arrivals * season[m] - served) * MONTH_DAYS[m], 0.0)
        total += (np.exp(beta * capped) / -np.expm1(capped) + 0.5 * (backlog + end)) * MONTH_DAYS[m]
        backlog = end
    fast = mean_waiting(arrivals, stay, rho, season, MONTH_DAYS)
    np.testing.assert_allclose(fast, total / MONTH_DAYS.sum(), rtol=1e-12)


@pytest.mark.parametrize("slug", ["do-nothing", "care-closer-to-home"])
def test_years_before_any_lever_reuse_the_do_nothing_flow_exactly(pack, slug: str) -> None:
    # the scenario's queues are only computed from the first lever year; computing every year gives
    # the same numbers bit for bit
    from dataclasses import fields, replace

    from careshift.model.montecarlo import run_params
    from careshift.model.pipeline import build_context, run_chunk

    scenario = sample_scenarios()[slug]
    ctx = build_context(scenario, pack)
    assert ctx.flow is not None
    assert ctx.flow.first_lever_year == (3 if slug == "care-closer-to-home" else len(ctx.years))
    every_year = replace(ctx, flow=replace(ctx.flow, first_lever_year=0))
    params = run_params(scenario, pack, 40, seed=2).ensemble
    fast, full = run_chunk(ctx, params), run_chunk(every_year, params)
    for f in fields(fast):
        assert np.array_equal(getattr(fast, f.name), getattr(full, f.name)), f.name
