"""The headline figures (``careshift.model.headline``) on small inputs with answers worked by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from careshift.datapack.pack import DataPack
from careshift.model import headline as hl
from careshift.model.scenario import sample_scenarios
from careshift.model.totals import IterationTotals

pytestmark = pytest.mark.unit
YEARS = (2024, 2040)


def totals(bed_days: list[float], savings: list[float], target: float = 25.0) -> IterationTotals:
    """County totals of one bed setting (occupancy 1, so beds at target occupancy = bed days / 365)
    for the years 2024 and 2040, the same in both years."""
    n = len(bed_days)
    days = np.array([bed_days, bed_days], float)[None]  # [bed setting, year, i]
    money = np.array([savings, savings], float)
    return IterationTotals(
        years=YEARS,
        settings=("acute_beds",),
        bed_settings=("acute_beds",),
        occupancy=np.array([1.0]),
        wte_ratio=np.array([1.0]),
        activity=np.ones((1, 2, n)),
        bed_days=days,
        cost=np.ones((2, n)),
        savings=money,
        wte_total=np.ones((2, n)),
        target=np.array([0.0, target]),
    )


def row(year: int, setting: str, measure: str, p10: float, p50: float, p90: float) -> dict[str, Any]:
    return {"year": year, "setting": setting, "measure": measure, "p10": p10, "p50": p50, "p90": p90}


def bed_rows(year: int, setting: str, needed: float, occupancy: float, risk: float) -> list[dict[str, Any]]:
    return [
        row(year, setting, "beds_at_target_occupancy", needed - 10, needed, needed + 10),
        row(year, setting, "mean_occupied_beds", 100 * occupancy - 10, 100 * occupancy, 100 * occupancy + 10),
        row(year, setting, "occupancy", occupancy - 0.05, occupancy, occupancy + 0.05),
        row(year, setting, "p_no_bed", risk / 2, risk, min(1.0, risk * 2)),
    ]


def test_a_spread_is_the_order_statistics_the_summary_reports() -> None:
    assert hl.Spread.of(np.arange(1.0, 11.0)) == hl.Spread(1.0, 5.0, 9.0)  # k = ceil(n p) - 1
    assert hl.Spread.of(np.array([7.0])) == hl.Spread(7.0, 7.0, 7.0)
    with pytest.raises(ValueError, match="low <= median <= high"):
        hl.Spread(2.0, 1.0, 3.0)


def test_the_chance_of_meeting_a_target_counts_iterations_at_or_above_it() -> None:
    assert hl.chance_at_least(np.array([1.0, 2.0, 3.0, 4.0]), 3.0) == 0.5  # 3 counts: at least
    assert hl.chance_at_least(np.array([1.0, 2.0]), 5.0) == 0.0
    with pytest.raises(ValueError, match="no iterations"):
        hl.chance_at_least(np.array([]), 1.0)


def test_savings_carry_the_probability_of_meeting_the_target() -> None:
    found = {("all", "savings_vs_do_nothing"): row(2040, "all", "savings_vs_do_nothing", 10, 30, 50)}
    run = totals([365.0] * 5, [10.0, 20.0, 30.0, 40.0, 50.0])
    s = hl.savings(found, 25.0, run, 2040)
    assert s is not None and s.p_meeting == pytest.approx(0.6) and s.iterations == 5
    assert s.spread == hl.Spread(10, 30, 50) and s.target == 25.0
    met_exactly = hl.savings(found, 30.0, run, 2040)
    assert met_exactly is not None and met_exactly.p_meeting == pytest.approx(0.6)  # 30 meets 30
    no_target = hl.savings(found, 0.0, run, 2040)
    assert no_target is not None and no_target.p_meeting is None
    no_iterations = hl.savings(found, 25.0, None, 2040)
    assert no_iterations is not None and no_iterations.p_meeting is None
    assert hl.savings({}, 25.0, run, 2040) is None


def test_beds_against_doing_nothing_are_paired_differences() -> None:
    scenario = totals([365 * b for b in (100.0, 110.0, 120.0, 130.0, 140.0)], [0.0] * 5)
    nothing = totals([365 * b for b in (110.0, 125.0, 130.0, 150.0, 150.0)], [0.0] * 5)
    d = hl.paired_do_nothing(scenario, nothing, "acute_beds", 2040, run=3)
    assert d is not None and d.paired and d.run == 3
    # differences -10, -15, -10, -20, -10: sorted -20, -15, -10, -10, -10
    assert d.difference.low == pytest.approx(-20.0)
    assert d.difference.median == pytest.approx(-10.0) and d.difference.high == pytest.approx(-10.0)
    assert d.beds == pytest.approx(130.0)  # the do-nothing's own median
    # unlike the difference of the medians (120 - 130) and of the ends (-10 to -10 and 110 - 100)
    assert hl.paired_do_nothing(scenario, totals([365.0] * 4, [0.0] * 4), "acute_beds", 2040) is None
    assert hl.paired_do_nothing(scenario, nothing, "virtual_ward", 2040) is None
    assert hl.paired_do_nothing(scenario, nothing, "acute_beds", 2030) is None


def test_the_median_run_gives_one_do_nothing_figure_without_a_range() -> None:
    steps = [
        ("baseline", 365 * 100.0),
        ("demography", 365 * 10.0),
        ("non_demographic_growth", 365 * 5.0),
        ("Virtual wards", -365 * 20.0),
        ("final", 365 * 95.0),
    ]
    beds = hl.SettingBeds(
        "acute_beds",
        hl.Spread(180, 190, 200),
        150.0,
        150.0,
        hl.Spread(0, 0.1, 0.2),
        hl.Spread(0.4, 0.5, 0.6),
        hl.Policy(0.5, 0.05),
    )
    d = hl.median_run_do_nothing(steps, beds)
    assert d is not None and not d.paired
    assert d.beds == pytest.approx(230.0)  # 115 mean occupied beds at 50% occupancy
    assert d.difference == hl.Spread(-40.0, -40.0, -40.0)  # 190 - 230
    assert hl.median_run_do_nothing(steps[:2], beds) is None


def test_the_headline_names_settings_past_their_policy_worst_risk_first() -> None:
    rows = [
        *bed_rows(2024, "acute_beds", 400, 0.90, 0.03),
        *bed_rows(2040, "acute_beds", 450, 0.95, 0.04),  # occupancy past 92%, risk within 5%
        *bed_rows(2024, "virtual_ward", 40, 0.70, 0.02),
        *bed_rows(2040, "virtual_ward", 60, 0.85, 0.25),  # both past policy
        *bed_rows(2040, "community_beds", 80, 0.50, 0.01),  # within policy
        row(2040, "all", "wte_total", 900, 1000, 1100),
        row(2040, "all", "cost", 1e8, 2e8, 3e8),
        row(2040, "all", "savings_vs_do_nothing", 21e6, 30e6, 55e6),
    ]
    policies = {
        "acute_beds": hl.Policy(0.92, 0.05),
        "virtual_ward": hl.Policy(0.80, 0.05),
        "community_beds": hl.Policy(0.90, 0.05),
        "care_home": hl.Policy(0.90, 0.05),  # no rows: left out
    }
    head = hl.headline(
        rows,
        2040,
        years=YEARS,
        base_year=2024,
        policies=policies,
        today={"acute_beds": 420.0},
        target=25e6,
    )
    assert [b.setting for b in head.beds] == ["acute_beds", "virtual_ward", "community_beds"]
    acute = head.beds[0]
    assert acute.needed == hl.Spread(440, 450, 460) and acute.today == 420.0
    assert acute.planned == 100.0  # mean occupied beds / occupancy: 95 / 0.95
    assert head.workforce == hl.Spread(900, 1000, 1100) and head.cost == hl.Spread(1e8, 2e8, 3e8)
    assert head.savings is not None and head.savings.p_meeting is None  # no iterations given
    assert [(a.setting, a.kind) for a in head.alerts] == [
        ("virtual_ward", "risk"),
        ("virtual_ward", "occupancy"),
        ("acute_beds", "occupancy"),
    ]
    risk = head.alerts[0]
    assert risk.median == 0.25 and risk.limit == 0.05 and risk.today == 0.02  # today: the base year
    with pytest.raises(ValueError, match="no results for 2050: choose from 2024 to 2040"):
        hl.headline(rows, 2050, years=YEARS, base_year=2024, policies=policies, today={}, target=0)


def test_a_headline_with_iterations_and_a_do_nothing_pairing() -> None:
    rows = [
        *bed_rows(2040, "acute_beds", 120, 0.9, 0.01),
        row(2040, "all", "savings_vs_do_nothing", 10, 30, 50),
    ]
    scenario = totals([365 * b for b in (100.0, 110.0, 120.0, 130.0, 140.0)], [10.0, 20.0, 30.0, 40.0, 50.0])
    head = hl.headline(
        rows,
        2040,
        years=YEARS,
        base_year=2024,
        policies={"acute_beds": hl.Policy(0.92, 0.05)},
        today={"acute_beds": 100.0},
        target=25.0,
        totals=scenario,
    )
    assert head.savings is not None and head.savings.p_meeting == pytest.approx(0.6)
    assert head.alerts == () and head.beds[0].do_nothing is None
    paired = hl.with_do_nothing(
        head, {"acute_beds": hl.paired_do_nothing(scenario, scenario, "acute_beds", 2040)}
    )
    d = paired.beds[0].do_nothing
    assert d is not None and d.difference == hl.Spread(0.0, 0.0, 0.0)  # itself: exactly 0


def test_policies_and_todays_beds_come_from_the_scenario_and_the_pack(small_pack: DataPack) -> None:
    scenario = sample_scenarios()["care-closer-to-home"]
    found = hl.policies(scenario, small_pack)
    beds = [s.code for s in small_pack.settings if s.capacity_kind == "beds"]
    assert list(found) == beds
    assert found["acute_beds"] == hl.Policy(0.92, 0.05, "no_bed")  # the scenario's policy
    virtual = next(s for s in small_pack.settings if s.code == "virtual_ward")
    assert found["virtual_ward"].target_occupancy == virtual.target_occupancy  # the pack's default
    assert hl.today_beds(small_pack, "virtual_ward", 12.2) == 13.0  # rounded up
    assert hl.today_beds(small_pack, "virtual_ward", 12.0) == 12.0


def test_alerts_put_first_the_settings_the_scenario_takes_past_their_policy() -> None:
    rows = [
        *bed_rows(2040, "acute_beds", 450, 0.95, 0.30),  # the worst risk, but doing nothing is worse
        *bed_rows(2040, "virtual_ward", 60, 0.85, 0.25),
    ]
    nothing = [
        *bed_rows(2040, "acute_beds", 500, 0.99, 0.50),
        *bed_rows(2040, "virtual_ward", 30, 0.70, 0.03),  # within policy without the scenario
    ]
    policies = {"acute_beds": hl.Policy(0.92, 0.05), "virtual_ward": hl.Policy(0.80, 0.05)}
    common: dict[str, Any] = {
        "years": YEARS,
        "base_year": 2024,
        "policies": policies,
        "today": {},
        "target": 0,
    }
    alone = hl.headline(rows, 2040, **common)
    assert [(a.setting, a.kind) for a in alone.alerts][:2] == [
        ("acute_beds", "risk"),
        ("virtual_ward", "risk"),
    ]
    assert all(a.do_nothing is None and not a.pushed and not a.worse for a in alone.alerts)
    head = hl.headline(rows, 2040, do_nothing_rows=nothing, **common)
    assert [(a.setting, a.kind, a.pushed, a.worse) for a in head.alerts] == [
        ("virtual_ward", "risk", True, True),
        ("virtual_ward", "occupancy", True, True),
        ("acute_beds", "risk", False, False),
        ("acute_beds", "occupancy", False, False),
    ]
    assert head.alerts[0].do_nothing == 0.03 and head.alerts[2].do_nothing == 0.50


def test_an_erlang_loss_policy_is_judged_by_the_peak_months_turn_away_risk() -> None:
    rows = [
        *bed_rows(2040, "acute_beds", 450, 0.90, 0.01),  # no-bed risk within 5%
        row(2040, "acute_beds", "p_turned_away_peak_month", 0.04, 0.08, 0.12),  # Erlang B past 5%
    ]
    policies = {"acute_beds": hl.Policy(0.92, 0.05, "erlang_loss")}
    head = hl.headline(rows, 2040, years=YEARS, base_year=2024, policies=policies, today={}, target=0)
    assert head.beds[0].risk == hl.Spread(0.04, 0.08, 0.12)
    assert [(a.kind, a.median) for a in head.alerts] == [("risk", 0.08)]


def test_a_summary_row_whose_quantiles_cross_by_a_hair_is_read_in_order() -> None:
    assert hl.Spread.from_row({"p10": 0.30000001, "p50": 0.3, "p90": 0.4}) == hl.Spread(0.3, 0.30000001, 0.4)
