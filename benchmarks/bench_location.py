"""Location benchmark: p-median and maximal covering for Oxfordshire's small areas (prints figures).

    .venv/bin/python benchmarks/bench_location.py [--candidates 60] [--p 8]

Demand: the shipped pack's 428 small areas (LSOA 2021) weighted by residents, at their centres.
Candidates: the first N sites of the pack (GP practices, community and acute hospitals; sorted by code),
travel times estimated by car (careshift.analysis.access). Solved to optimality with HiGHS.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from careshift.analysis.access import estimate_travel_minutes
from careshift.analysis.location import MCLP, PMedian
from careshift.datapack.places import load_places


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=60)
    parser.add_argument("--p", type=int, default=8)
    args = parser.parse_args()
    places, sites = load_places()
    areas = places[places["kind"] == "small_area"].dropna(subset=["lat", "lon"])
    sites = sites.sort_values("code").head(args.candidates)
    rural = np.zeros(len(areas), dtype=bool)  # the benchmark times the solver; urban speeds throughout
    cost = estimate_travel_minutes(areas["lat"], areas["lon"], rural, sites["lat"], sites["lon"])
    weights = areas["population"].fillna(0).to_numpy()
    print(f"{len(areas)} small areas x {len(sites)} candidate sites, p = {args.p}")
    for name, problem in (
        ("p-median", PMedian.from_cost_matrix(cost, weights, args.p)),
        ("MCLP (30 min)", MCLP.from_cost_matrix(cost, weights, args.p, 30.0)),
    ):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            result = problem.solve()
            best = min(best, time.perf_counter() - start)
        print(
            f"{name:14s} best of 3: {best:6.2f} s  optimal={result.optimal}  gap={result.mip_gap:.2g}  "
            f"objective={result.objective:,.0f}  sites={list(result.sites)}"
        )


if __name__ == "__main__":
    main()
