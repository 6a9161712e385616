"""Comparing options fairly: paired per-iteration differences under common random numbers.

Two scenarios run with the same seed and number of iterations share every draw they have in common
(``careshift.model.montecarlo``), so iteration ``i`` of each is the same state of the world with and
without the difference between the options. For each measure, locality (and the county) and year the
comparison is the distribution of ``d_i = other_i - base_i`` over the ensemble:

* ``p10``, ``p50``, ``p90`` of ``d`` (order statistics, as in the summary);
* ``p_lower``: the share of iterations where ``other`` is below ``base`` (``d_i < 0``), the
  probability that the other option needs less (or, for savings, saves less) than the base.

This is narrower than, and not the same as, the difference of the two runs' quantiles: the spread that
both options share (demography, growth, prices) cancels. ``compare`` pairs the county totals
(``careshift.model.totals``: activity, bed days, beds, WTE, cost, savings) and, by locality and for the
county, bed days, beds, cost and the bed risks: occupancy, the probability that an arriving patient
finds no bed and Erlang's turn-away probability, for the year and the peak month
(``careshift.model.paired``). Before any lever of ``other`` starts, every ``d_i`` is exactly 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from careshift.datapack.pack import DataPack
from careshift.errors import ModelError
from careshift.model.paired import LocalityIterations
from careshift.model.results import Results
from careshift.model.scenario import Scenario
from careshift.model.summary import COUNTY, quantiles
from careshift.model.totals import IterationTotals

DIFFERENCE_COLUMNS = ["year", "locality", "setting", "measure", "p10", "p50", "p90", "p_lower"]


def paired(base: IterationTotals, other: IterationTotals) -> bool:
    """Whether two runs' iterations can be paired: same years and number of iterations."""
    return base.years == other.years and base.iterations == other.iterations


def differences(
    base: IterationTotals,
    other: IterationTotals,
    base_localities: LocalityIterations | None = None,
    other_localities: LocalityIterations | None = None,
) -> pd.DataFrame:
    """``other - base`` per iteration for every county series both runs have (``DIFFERENCE_COLUMNS``),
    and, given both runs' ``LocalityIterations``, every locality's series and the bed risks (occupancy,
    no-bed probability, turn-away probability) for localities and county."""
    if not paired(base, other):
        raise ModelError(
            f"Cannot pair runs of {base.iterations} and {other.iterations} iterations "
            f"(years {base.years[0]}-{base.years[-1]} and {other.years[0]}-{other.years[-1]}).",
            hint="Run both scenarios with the same --iterations, --seed and horizon year.",
        )
    mine = [(COUNTY, s, m, v) for s, m, v in base.series()]
    theirs = {(COUNTY, s, m): v for s, m, v in other.series()}
    if base_localities is not None and other_localities is not None:
        mine += list(base_localities.series())
        theirs |= {(k, s, m): v for k, s, m, v in other_localities.series()}
    years = np.asarray(base.years)
    frames = [
        _difference(years, key, theirs[key] - values)
        for *head, values in mine
        if (key := tuple(head)) in theirs
    ]
    return pd.concat(frames, ignore_index=True)[DIFFERENCE_COLUMNS]


def _difference(years: np.ndarray, key: tuple[str, ...], d: np.ndarray) -> pd.DataFrame:
    """One series' paired difference ``d[year, i]``: its quantiles and the share below 0."""
    locality, setting, measure = key
    p_lower = (d < 0).mean(axis=-1)
    q = quantiles(d, inplace=True)
    return pd.DataFrame(
        {
            "year": years,
            "locality": locality,
            "setting": setting,
            "measure": measure,
            "p10": q[0],
            "p50": q[1],
            "p90": q[2],
            "p_lower": p_lower,
        }
    )


def series_difference(
    base: IterationTotals, other: IterationTotals, setting: str, measure: str
) -> pd.DataFrame:
    """The paired difference for one county series (``setting`` falls back to ``all``); empty when
    either run does not keep it."""
    diff = differences(base, other)
    rows = diff[(diff.setting == setting) & (diff.measure == measure)]
    return rows if len(rows) else diff[(diff.setting == "all") & (diff.measure == measure)]


def compare(
    base: Scenario,
    others: Sequence[Scenario],
    pack: DataPack | None = None,
    *,
    iterations: int | None = None,
    seed: int | None = None,
    **run_options: Any,
) -> tuple[list[Results], pd.DataFrame]:
    """Run ``base`` and each of ``others`` with one seed and number of iterations (default: the base
    scenario's) and return their results and the paired differences from ``base``, one block per
    other scenario (column ``scenario``)."""
    from careshift.model import default_pack, run

    pack = pack if pack is not None else default_pack()
    n = iterations if iterations is not None else base.iterations
    s = seed if seed is not None else base.seed
    first = run(base, pack, iterations=n, seed=s, paired_localities=True, **run_options)
    results, frames = [first], []
    for scenario in others:
        result = run(scenario, pack, iterations=n, seed=s, paired_localities=True, **run_options)
        assert first.iterations is not None and result.iterations is not None
        diff = differences(first.iterations, result.iterations, first.localities, result.localities)
        frames.append(diff.assign(scenario=scenario.name))
        results.append(result)
    return results, pd.concat(frames, ignore_index=True)
