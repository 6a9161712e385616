"""Which uncertain inputs drive the spread of a run's results: rank correlations (a tornado chart).

Every uncertain input draws from its own named random stream (``careshift.model.montecarlo``), so the
draws of a run can be rebuilt exactly from its scenario, pack and seed, and the first ``n`` iterations of
any run with that seed are the same iterations. For each measure in a year (county cost, savings against
doing nothing, mean occupied acute beds) the driver of its spread is measured by the Spearman rank
correlation between each input's draws and the measure over the ensemble: +0.6 means runs with a high
draw of that input tend to have a high value of the measure. Inputs fixed in the run (no range, or
uncertainty switched off) are left out; inputs that share a stream (a correlated group) are one input.
The projection variant, a category, is not ranked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from careshift.datapack.pack import DataPack, FloatArray
from careshift.errors import ModelError
from careshift.model.assumptions import CORRELATED, assumption_parameters, stream_name
from careshift.model.discharge import flow_parameters
from careshift.model.montecarlo import (
    RunParams,
    growth_parameters,
    lever_conversion_parameter,
    lever_value_parameter,
)
from careshift.model.scenario import Scenario
from careshift.model.seasonality import AMPLITUDE
from careshift.model.totals import IterationTotals

MEASURES = {
    "cost": "Cost (£)",
    "savings": "Savings against doing nothing (£)",
    "acute_beds": "Mean occupied acute beds",
}
MIN_ITERATIONS = 30
SPREAD_TOLERANCE = 1e-3  # a measure spread less than this (in £ or beds) is taken as fixed


@dataclass(frozen=True)
class Input:
    """One uncertain input: its stream name, a label in words and its ensemble draws."""

    name: str
    label: str
    draws: FloatArray


def inputs(scenario: Scenario, pack: DataPack, params: RunParams) -> list[Input]:
    """Every uncertain input of the run with its draws over the ensemble (rows 1..n of ``params``)."""
    ensemble = params.ensemble
    pack_params = assumption_parameters(pack)
    shares, stays, flow_levers = flow_parameters(scenario, pack)
    columns = [
        (growth_parameters(scenario, pack), ensemble.growth),
        ([lever_value_parameter(lv) for lv in scenario.levers], ensemble.lever_value),
        ([lever_conversion_parameter(lv) for lv in scenario.levers], ensemble.lever_conversion),
        (pack_params[0], ensemble.rate),
        (pack_params[1], ensemble.los),
        (pack_params[2], ensemble.unit_cost),
        (pack_params[3], ensemble.bed_day_cost),
        (shares, ensemble.flow_share),
        (stays, ensemble.flow_stay),
        (flow_levers, ensemble.flow_lever),
    ]
    found: dict[str, Input] = {}
    for parameters, draws in columns:
        for j, p in enumerate(parameters):
            column = np.asarray(draws[:, j], dtype=float)
            if p.name in found or np.ptp(column) == 0:
                continue
            found[p.name] = Input(p.name, label(p.name, pack), column)
    winter = np.asarray(ensemble.winter, dtype=float)
    if np.ptp(winter) > 0:
        found[stream_name(AMPLITUDE)] = Input(stream_name(AMPLITUDE), "Strength of the winter", winter)
    return list(found.values())


def label(name: str, pack: DataPack) -> str:
    """An input's stream name in words: 'levers:Virtual wards:value' -> 'Virtual wards: size'."""
    activities = {a.code: a.label for a in pack.activities}
    settings = {s.code: s.label for s in pack.settings}
    groups = {g.name for g in CORRELATED}
    parts = name.split(":")
    if parts[0] == "levers":
        what = "size" if parts[-1] == "value" else "conversion"
        return f"{':'.join(parts[1:-1])}: {what}"
    if parts[0] == "discharge_levers":
        return f"{':'.join(parts[1:-1])}: places or stay change"
    if parts[0] == "non_demographic_growth":
        code = parts[1]
        return (
            "Non-demographic growth, every activity"
            if code == "*"
            else f"Growth: {activities.get(code, code)}"
        )
    if parts[0] == "assumptions":
        key = parts[1:]
        if len(key) == 1 and key[0] in groups:
            return f"{key[0].replace('_', ' ').capitalize()} (one draw for the group)"
        kinds = {"rates": "Activity rate", "los": "Length of stay", "unit_costs": "Unit cost"}
        if key[0] in kinds and len(key) == 2:
            return f"{kinds[key[0]]}: {activities.get(key[1], key[1])}"
        if key[0] == "bed_day_costs" and len(key) == 2:
            return f"Cost per bed day: {settings.get(key[1], key[1])}"
        if key[:2] == ["discharge", "pathway_share"]:
            return f"Share of discharges on pathway {key[2].upper()}"
        if key[:2] == ["discharge", "downstream_los"]:
            return f"Stay in the pathway {key[2].upper()} service"
        return ":".join(key)
    return name


def outputs(totals: IterationTotals, year: int) -> dict[str, FloatArray]:
    """The headline measures per iteration in ``year``: county cost, savings, mean occupied acute beds."""
    if year not in totals.years:
        raise ModelError(
            f"The run has no results for {year}.",
            hint=f"Choose a year from {totals.years[0]} to {totals.years[-1]}.",
        )
    y = totals.years.index(year)
    found = {"cost": totals.cost[y], "savings": totals.savings[y]}
    if "acute_beds" in totals.bed_settings:
        found["acute_beds"] = totals.bed_days[totals.bed_settings.index("acute_beds"), y] / 365.0
    return {k: np.asarray(v, dtype=float) for k, v in found.items()}


def drivers(found: list[Input], measures: dict[str, FloatArray], top: int = 8) -> pd.DataFrame:
    """Rank correlation of every input with every measure: the ``top`` inputs by absolute value per
    measure, columns ``measure, measure_label, input, label, rho``, strongest first. A measure with no
    spread (e.g. savings when nothing differs) has no rows."""
    rows = []
    for measure, values in measures.items():
        if len(values) < MIN_ITERATIONS:
            raise ModelError(
                f"{len(values)} iterations are too few to rank what drives the spread.",
                hint=f"Run at least {MIN_ITERATIONS} iterations.",
            )
        if np.ptp(values) <= SPREAD_TOLERANCE:  # no spread to explain (only rounding noise)
            continue
        scored = []
        for item in found:
            if len(item.draws) != len(values):
                raise ModelError("Inputs and results have different numbers of iterations.")
            rho = float(stats.spearmanr(item.draws, values).statistic)
            if np.isfinite(rho):
                scored.append((item, rho))
        scored.sort(key=lambda pair: -abs(pair[1]))
        rows += [
            {
                "measure": measure,
                "measure_label": MEASURES[measure],
                "input": i.name,
                "label": i.label,
                "rho": r,
            }
            for i, r in scored[:top]
        ]
    return pd.DataFrame(rows, columns=["measure", "measure_label", "input", "label", "rho"])


def tornado(
    scenario: Scenario, pack: DataPack, iterations: int, seed: int, year: int, top: int = 8
) -> pd.DataFrame:
    """Run ``scenario`` (``iterations`` at ``seed``: the first iterations of any run with that seed) and
    rank what drives the spread of its headline measures in ``year`` (see :func:`drivers`)."""
    from careshift.model import run
    from careshift.model.montecarlo import run_params

    results = run(scenario, pack, iterations=iterations, seed=seed)
    assert results.iterations is not None
    params = run_params(scenario, pack, iterations, seed)
    return drivers(inputs(scenario, pack, params), outputs(results.iterations, year), top)
