"""Winter, risk and the flow out of hospital: figures against the published data (not a timed test).

    .venv/bin/python benchmarks/bench_winter.py [--iterations 2000]

Prints, for the do-nothing sample on the shipped Oxfordshire pack: the base year's acute beds by month
against the OUH sitrep; the risk that an arriving patient finds no bed at today's planned beds and at
the sitrep's beds available; patients waiting to leave and the share of bed days they take against the
criteria-to-reside data; the discrete-event check of the bed and queue formulas; and the effect of 20
more reablement packages.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from careshift.datapack import load_pack
from careshift.model import run
from careshift.model.capacity import erlang_b, probability_no_bed
from careshift.model.des_check import simulate_beds, simulate_queue
from careshift.model.discharge import mean_waiting, resident_equivalent
from careshift.model.scenario import sample_scenarios
from careshift.model.seasonality import MONTH_NAMES, seasonality


def county(summary, measure: str, year: int, setting: str = "acute_beds") -> np.ndarray:
    row = summary[
        (summary.locality == "county")
        & (summary.measure == measure)
        & (summary.year == year)
        & (summary.setting == setting)
    ]
    return row[["p10", "p50", "p90"]].to_numpy()[0]


def des(sim: object) -> str:
    return f"{sim.value:.4f} ± {sim.se:.4f}"  # type: ignore[attr-defined]


def fmt(q: np.ndarray, percent: bool = False) -> str:
    return " / ".join(f"{v:.1%}" if percent else f"{v:,.1f}" for v in q)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=2000)
    args = parser.parse_args()
    pack = load_pack()
    pub = pack.published
    base = pack.base_year
    scenario = sample_scenarios()["do-nothing"]
    start = time.perf_counter()
    result = run(scenario, pack, iterations=args.iterations, seed=1)
    print(f"do-nothing, {args.iterations} iterations: {time.perf_counter() - start:.2f} s")
    s = result.summary()
    print(f"\n== Winter (acute beds, county, {base}; P10 / P50 / P90) ==")
    occupied = pub.monthly("beds_monthly", "ga_occupied", "RTH")
    ouh_occupied = pub.mean("beds_monthly", "ga_occupied", "RTH", "2023-24")
    print(f"mean occupied beds        {fmt(county(s, 'mean_occupied_beds', base))}")
    print(f"peak month occupied beds  {fmt(county(s, 'peak_month_occupied_beds', base))}")
    print(f"sitrep OUH G&A occupied: 2023-24 mean {ouh_occupied:.0f}, fullest month {occupied.max():.0f}")
    profile = seasonality(pack)
    print(
        "profile (beds occupied / year mean): "
        + ", ".join(f"{m} {v:.3f}" for m, v in zip(MONTH_NAMES, profile.occupancy, strict=True))
    )
    print(f"\n== Risk that an arriving patient finds no bed (county acute, {base}) ==")
    print(
        f"planned beds (today's at 92%): occupancy {fmt(county(s, 'occupancy', base), True)}; "
        f"p_no_bed year {fmt(county(s, 'p_no_bed', base), True)}; "
        f"peak month {fmt(county(s, 'p_no_bed_peak_month', base), True)}"
    )
    print(
        f"beds for the 5% target {fmt(county(s, 'beds_for_risk', base))}; "
        f"in the peak month {fmt(county(s, 'beds_for_risk_peak_month', base))}"
    )
    print(f"Erlang loss at the planned beds {fmt(county(s, 'p_turned_away', base), True)}")
    available = pub.monthly("beds_monthly", "ga_available", "RTH")
    fy = [m for m in occupied.index if "2023-04" <= str(m) <= "2024-03"]
    loads, beds = occupied[fy].to_numpy(float), available[fy].to_numpy(float)
    risk = np.mean([probability_no_bed(a, int(n)) for a, n in zip(loads, beds, strict=True)])
    print(
        f"sitrep 2023-24 month by month (beds occupied as the load, beds available as the beds): "
        f"p_no_bed {risk:.1%}; occupancy {loads.mean() / beds.mean():.1%}"
    )
    print(f"\n== The flow out of hospital (county, {base}) ==")
    waiting = pub.mean("discharges_daily", "not_meeting_criteria_to_reside", "RTH", "2023-24")
    resident = resident_equivalent(pack)
    print(
        f"patients waiting to leave: modelled {fmt(county(s, 'discharge_waiting', base, 'all'))}; "
        f"published OUH {waiting:.1f} x s / c {resident:.4f} = {waiting * resident:.1f}"
    )
    share = county(s, "discharge_delayed_share", base, "all")
    print(
        f"share of acute bed days spent waiting: modelled {fmt(share, True)}; "
        f"OUH {waiting:.0f} / {ouh_occupied:.0f} beds occupied"
    )
    for p in ("p0", "p1", "p2", "p3"):
        print(f"  waiting {p}: {fmt(county(s, f'discharge_waiting_{p}', base, 'all'))}")
    more = scenario.override(
        discharge={
            "levers": [
                {
                    "name": "20 packages",
                    "kind": "add_capacity",
                    "pathway": "p1",
                    "places": 20,
                    "start_year": base + 2,
                    "full_effect_year": base + 2,
                }
            ]
        }
    )
    m = run(more, pack, iterations=args.iterations, seed=1).summary()
    y = base + 2
    freed = county(m, "discharge_acute_beds_freed", y, "all")
    print(
        f"20 more reablement packages from {y}: acute beds freed {fmt(freed)}; "
        f"savings {fmt(county(m, 'savings_vs_do_nothing', y, 'all') / 1e6)} £m a year"
    )
    print("\n== Discrete-event check (simpy, batch-means standard errors) ==")
    for load, n in ((18.0, 22), (18.0, 18), (90.0, 100)):
        sim = simulate_beds(load, n, lose_when_full=False, days=20_000, seed=1)
        print(f"no bed   A={load:g} n={n}: formula {probability_no_bed(load, n):.4f}  DES {des(sim)}")
        sim = simulate_beds(load, n, lose_when_full=True, days=20_000, seed=2)
        print(f"Erlang B A={load:g} n={n}: formula {erlang_b(load, n):.4f}  DES {des(sim)}")
    flat, days = np.ones(12), np.full(12, 365 / 12)
    for lam, stay, c in ((4.0, 4.0, 18), (10.0, 5.0, 60)):
        sim = simulate_queue(lam, stay, c, days=20_000, seed=3)
        model = float(mean_waiting(np.array(lam), np.array(stay), np.array(lam * stay / c), flat, days))
        print(f"M/M/c queue lambda={lam:g} T={stay:g} c={c}: Sakasegawa {model:.3f}  DES {des(sim)}")


if __name__ == "__main__":
    main()
