"""Where should k new hubs go? Today's hospitals stay open; the p-median or maximal covering problem
(careshift.analysis.location) chooses the k candidate sites that add most, and the gain over today's
network is reported in minutes and in people within the service standard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from careshift.analysis import access
from careshift.analysis.location import MCLP, PMedian

TODAY_KINDS = ("acute_hospital", "community_hospital")


@dataclass(frozen=True)
class Proposal:
    method: str
    hubs: list[tuple[str, str]]  # (code, name) of the new hubs
    today_mean: float
    proposed_mean: float
    today_within: float  # share of the weight within the standard
    proposed_within: float
    standard: float
    optimal: bool


Progress = Callable[[int, int, str], None]
STEPS = 3


def _quiet(done: int, total: int, message: str) -> None:
    return None


def propose(
    hubs: int, kind: str, method: str, standard: float, weight: str, progress: Progress = _quiet
) -> Proposal:
    """The best ``hubs`` new sites among the candidates of ``kind``; ``progress(done, total, message)``
    is told before each step (travel times, the solver, the gain)."""
    from careshift.apps.appraisal.access import small_areas
    from careshift.apps.places import data

    progress(0, STEPS, "Estimating travel times")

    areas = small_areas()
    sites = data.sites().reset_index(drop=True)
    today = sites[sites["kind"].isin(TODAY_KINDS)]
    candidates = sites[(sites["kind"] == kind) if kind != "all" else ~sites["kind"].isin(TODAY_KINDS)]
    network = pd.concat([today, candidates]).reset_index(drop=True)
    cost = access.estimate_travel_minutes(
        areas["lat"], areas["lon"], areas["rural"].to_numpy(), network["lat"], network["lon"]
    )
    weights = areas[weight].to_numpy(dtype=float)
    fixed = list(range(len(today)))
    p = len(today) + hubs
    progress(1, STEPS, f"Solving the {'maximal covering' if method == 'mclp' else 'p-median'} problem")
    if method == "mclp":
        result = MCLP.from_cost_matrix(cost, weights, p, standard, fixed=fixed).solve()
    else:
        result = PMedian.from_cost_matrix(cost, weights, p, fixed=fixed).solve()
    new = [j for j in result.sites if j not in fixed]
    progress(2, STEPS, "Measuring the gain over today's sites")
    before = access.coverage(access.nearest_minutes(cost, fixed), weights, (standard,))
    after = access.coverage(access.nearest_minutes(cost, list(result.sites)), weights, (standard,))
    return Proposal(
        method,
        [(str(network.loc[j, "code"]), str(network.loc[j, "name"])) for j in new],
        before.mean_minutes,
        after.mean_minutes,
        before.share_within[standard],
        after.share_within[standard],
        standard,
        result.optimal and bool(np.isfinite(after.mean_minutes)),
    )


def to_json(proposal: Proposal) -> dict[str, Any]:
    return asdict(proposal)


def from_json(data: dict[str, Any]) -> Proposal:
    return Proposal(**{**data, "hubs": [tuple(h) for h in data["hubs"]]})
