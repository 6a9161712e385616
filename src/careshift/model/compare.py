"""Comparing options fairly: paired per-iteration differences under common random numbers.

Two scenarios run with the same seed and number of iterations share every draw they have in common
(``careshift.model.montecarlo``), so iteration ``i`` of each is the same state of the world with and
without the difference between the options. For each county measure and year the comparison is the
distribution of ``d_i = other_i - base_i`` over the ensemble:

* ``p10``, ``p50``, ``p90`` of ``d`` (order statistics, as in the summary);
* ``p_lower``: the share of iterations where ``other`` is below ``base`` (``d_i < 0``), the
  probability that the other option needs less (or, for savings, saves less) than the base.

This is narrower than, and not the same as, the difference of the two runs' quantiles: the spread that
both options share (demography, growth, prices) cancels. Before any lever of ``other`` starts, every
``d_i`` is exactly 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from careshift.datapack.pack import DataPack
from careshift.errors import ModelError
from careshift.model.results import Results
from careshift.model.scenario import Scenario
from careshift.model.summary import COUNTY, quantiles
from careshift.model.totals import IterationTotals

DIFFERENCE_COLUMNS = ["year", "locality", "setting", "measure", "p10", "p50", "p90", "p_lower"]


def paired(base: IterationTotals, other: IterationTotals) -> bool:
    """Whether two runs' iterations can be paired: same years and number of iterations."""
    return base.years == other.years and base.iterations == other.iterations


def differences(base: IterationTotals, other: IterationTotals) -> pd.DataFrame:
    """``other - base`` per iteration for every county series both runs have: ``DIFFERENCE_COLUMNS``."""
    if not paired(base, other):
        raise ModelError(
            f"Cannot pair runs of {base.iterations} and {other.iterations} iterations "
            f"(years {base.years[0]}-{base.years[-1]} and {other.years[0]}-{other.years[-1]}).",
            hint="Run both scenarios with the same --iterations, --seed and horizon year.",
        )
    theirs = {(s, m): v for s, m, v in other.series()}
    frames = []
    for setting, measure, mine in base.series():
        if (setting, measure) not in theirs:
            continue
        d = theirs[(setting, measure)] - mine  # [year, i]
        p_lower = (d < 0).mean(axis=-1)
        q = quantiles(d, inplace=True)
        frames.append(
            pd.DataFrame(
                {
                    "year": np.asarray(base.years),
                    "locality": COUNTY,
                    "setting": setting,
                    "measure": measure,
                    "p10": q[0],
                    "p50": q[1],
                    "p90": q[2],
                    "p_lower": p_lower,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[DIFFERENCE_COLUMNS]


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
    first = run(base, pack, iterations=n, seed=s, **run_options)
    results, frames = [first], []
    for scenario in others:
        result = run(scenario, pack, iterations=n, seed=s, **run_options)
        assert first.iterations is not None and result.iterations is not None
        frames.append(differences(first.iterations, result.iterations).assign(scenario=scenario.name))
        results.append(result)
    return results, pd.concat(frames, ignore_index=True)
