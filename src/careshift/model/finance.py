"""Money: the cost of activity, savings against doing nothing and against the target.

* Cost of an iteration ``i``, year and locality: ``sum_a units[a, i] * unit_cost[a, i] + bed_days[a, i]
  * bed_day_cost[setting(a), i]``, at each iteration's own costs (the pack's central costs times the
  sampled multipliers of ``careshift.model.assumptions``). The data pack splits costs so the two terms
  do not overlap (an admission's unit cost excludes its bed days). Staff costs are inside these unit and
  bed-day costs, so workforce WTE are reported but not costed again (no double counting).
* Savings against do-nothing = cost of the same iteration after demography and growth but before any
  lever, minus the scenario's cost, minus implementation costs (one-off in a lever's start year,
  recurring every year from it). Same random draws for both, so the difference is the levers' effect.
* Savings against target = savings against do-nothing minus the year's savings target (the latest
  target given for that year or an earlier one; 0 before the first).
* County-wide money (implementation costs, targets) is apportioned to localities by population share.
"""

from __future__ import annotations

import numpy as np

from careshift.datapack.pack import FloatArray
from careshift.model.scenario import Scenario


def activity_cost(
    unit_cost: FloatArray, bed_day_cost: FloatArray, units: FloatArray, bed_days: FloatArray
) -> FloatArray:
    """Cost ``[year, locality, i]`` of units and bed days ``[activity, year, locality, i]`` at each
    iteration's unit and bed-day costs ``[activity, i]``."""
    out = np.einsum("ayli,ai->yli", units, unit_cost)
    out += np.einsum("ayli,ai->yli", bed_days, bed_day_cost)
    return out


def implementation_cost(scenario: Scenario, years: tuple[int, ...]) -> FloatArray:
    """County implementation cost of all levers by year ``[year]``."""
    out = np.zeros(len(years))
    y = np.asarray(years)
    starts = [(lv.name, lv.start_year) for lv in scenario.levers]
    starts += [(lv.name, lv.start_year) for lv in scenario.discharge.levers]
    for name, start in starts:
        cost = scenario.finance.implementation_cost.get(name)
        if cost is None:
            continue
        out += np.where(y == start, cost.one_off, 0.0) + np.where(y >= start, cost.recurring, 0.0)
    return out


def savings_target(scenario: Scenario, years: tuple[int, ...]) -> FloatArray:
    """County savings target by year ``[year]``, carrying the latest stated target forward."""
    targets = sorted(scenario.finance.savings_target.items())
    out = np.zeros(len(years))
    for i, year in enumerate(years):
        stated = [value for y, value in targets if y <= year]
        out[i] = stated[-1] if stated else 0.0
    return out
