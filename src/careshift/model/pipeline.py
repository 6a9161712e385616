"""The model as a named pipeline of steps, each recording its effect (for the waterfall).

Steps, in order, on arrays ``units[a, y, l, i]`` and ``bed_days[a, y, l, i]`` for a chunk of iterations:

1. ``demography``: the deterministic base demand for each iteration's projection variant
   (``careshift.model.demand``); the base year of this is the ``baseline``.
2. ``non_demographic_growth``: ``U *= (1 + g[i, a]) ** (year - base_year) * m_rate[i, a]`` and
   ``D *= (1 + g[i, a]) ** (year - base_year) * m_rate[i, a] * m_los[i, a]``: the pack's rate and LOS
   multipliers (``careshift.model.assumptions``; 1 in the central run) ride on the growth factor, so
   they cost one small multiply.
3. one step per lever, in scenario order (``careshift.model.levers``), on the activities' disjoint
   cohort parts (``careshift.model.cohorts``) so that overlapping cohorts are exact; activity shifted
   in arrives at the target's LOS times its multiplier.

Cost uses each iteration's unit and bed-day costs ``[activity, i]`` (the pack's costs times their
multipliers).

After step 2 the chunk's cost is the *do-nothing* cost of the same iteration: the same variant and
growth draws with no levers, so savings carry no noise from demography or growth.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from careshift.datapack.pack import DataPack, FloatArray, IntArray
from careshift.model.cohorts import Partition, partition
from careshift.model.demand import base_demand
from careshift.model.discharge import (
    FlowContext,
    FlowOutcome,
    apply_flow,
    compile_flow,
    do_nothing_extra_bed_days,
    flow_draws,
)
from careshift.model.discharge import measures as flow_measures
from careshift.model.finance import activity_cost
from careshift.model.levers import (
    CompiledLever,
    LeverDraws,
    VariantPick,
    apply_lever,
    check_against_pack,
    compile_lever,
    start_parts,
)
from careshift.model.montecarlo import RunParams
from careshift.model.population import horizon_years, projected_population
from careshift.model.scenario import Scenario


@dataclass(frozen=True)
class EngineContext:
    """Everything a chunk needs, computed once per run (picklable; shipped once to Dask workers)."""

    years: tuple[int, ...]
    units0: FloatArray  # [activity, variant, year, locality]
    bed_days0: FloatArray  # [activity, variant, year, locality]
    years_since_base: FloatArray  # [year]
    levers: tuple[CompiledLever, ...]
    partition: Partition  # the disjoint cohort parts of the activities levers act on
    setting_matrix: FloatArray  # [setting, activity] 0/1
    bed_settings: tuple[int, ...]  # indices of bed settings
    unit_cost: FloatArray  # [activity]
    bed_day_cost: FloatArray  # [activity]: the cost of a bed day in the activity's setting
    activity_setting: IntArray  # [activity]: index of the activity's setting
    flow: FlowContext | None = None  # the flow out of hospital (careshift.model.discharge)


@dataclass(frozen=True)
class ChunkResult:
    """Per-iteration outputs of one chunk (iteration axis second)."""

    start: int
    activity: FloatArray  # [setting, year, locality, i]
    bed_days: FloatArray  # [bed setting, year, locality, i]
    cost: FloatArray  # [year, locality, i]
    cost_do_nothing: FloatArray  # [year, locality, i]
    discharge: FloatArray  # [discharge measure, year, locality, i] (discharge.MEASURES; none without a flow)


@dataclass(frozen=True)
class StepTrace:
    """One step's state for some runs: activity and bed days ``[setting, year, locality, i]``, cost
    ``[year, locality, i]``."""

    step: str
    activity: FloatArray
    bed_days: FloatArray
    cost: FloatArray  # [year, locality, i]


def build_context(scenario: Scenario, pack: DataPack) -> EngineContext:
    check_against_pack(scenario, pack)
    years = horizon_years(pack, scenario.horizon_year)
    pop = projected_population(pack, len(years), scenario.include_housing_growth)
    base = base_demand(pack, pop)
    setting_of = pack.activity_setting()
    matrix = (setting_of[None, :] == np.arange(len(pack.settings))[:, None]).astype(np.float64)
    parts = partition(pack, pop, base, scenario.levers)
    return EngineContext(
        years=years,
        units0=base.units,
        bed_days0=base.bed_days,
        years_since_base=np.asarray(years, float) - pack.base_year,
        levers=tuple(compile_lever(k, lv, pack, parts, base, years) for k, lv in enumerate(scenario.levers)),
        partition=parts,
        setting_matrix=matrix,
        bed_settings=tuple(i for i, s in enumerate(pack.settings) if s.capacity_kind == "beds"),
        unit_cost=np.asarray(pack.unit_cost, float),
        bed_day_cost=np.asarray(pack.bed_day_cost, float)[setting_of],
        activity_setting=setting_of,
        flow=compile_flow(scenario, pack, base.units[:, 0, 0], base.bed_days[:, 0, 0], years),
    )


def iteration_costs(ctx: EngineContext, params: RunParams) -> tuple[FloatArray, FloatArray]:
    """Each iteration's unit cost and bed-day cost per activity, ``[activity, i]`` each."""
    unit = ctx.unit_cost[:, None] * params.unit_cost.T
    bed_day = ctx.bed_day_cost[:, None] * params.bed_day_cost[:, ctx.activity_setting].T
    return np.ascontiguousarray(unit), np.ascontiguousarray(bed_day)


def _variant_pick(variant: np.ndarray) -> VariantPick:
    return int(variant[0]) if (variant == variant[0]).all() else variant


def steps(
    ctx: EngineContext, params: RunParams, flow: FlowOutcome | None = None, detailed: bool = False
) -> Iterator[tuple[str, FloatArray, FloatArray]]:
    """Run the pipeline, yielding ``(step name, units, bed_days)`` after each step (arrays are live).
    With a flow out of hospital the last step is ``discharge_flow`` (``detailed``: then one step per
    discharge lever), and ``flow`` receives its outcome.

    Arrays are ``[activity, year, locality, iteration]``: iterations last, so broadcasting a
    per-iteration draw over years and localities runs NumPy's inner loop over the long axis."""
    vidx = _variant_pick(params.variant)
    # [activity, year, 1, iteration]
    growth = np.power(1 + params.growth.T[:, None, :], ctx.years_since_base[None, :, None])[:, :, None, :]
    unit_growth = growth * params.rate.T[:, None, None, :]
    bed_growth = unit_growth * params.los.T[:, None, None, :]
    if isinstance(vidx, int):
        units, bed_days = ctx.units0[:, vidx][..., None], ctx.bed_days0[:, vidx][..., None]
    else:
        units, bed_days = np.moveaxis(ctx.units0[:, vidx], 1, -1), np.moveaxis(ctx.bed_days0[:, vidx], 1, -1)
    shape = (*units.shape[:3], len(params))
    yield "demography", np.broadcast_to(units, shape), np.broadcast_to(bed_days, shape)
    units = np.multiply(units, unit_growth, order="C")
    bed_days = np.multiply(bed_days, bed_growth, order="C")
    yield "non_demographic_growth", units, bed_days
    fc, out = ctx.flow, flow if flow is not None else FlowOutcome()
    if fc is not None:
        fd = flow_draws(fc, params.flow_share, params.flow_stay, params.flow_lever)
        dn_units = units[fc.data.driver].copy()
        out.do_nothing, out.do_nothing_extra = do_nothing_extra_bed_days(
            fc, fd, dn_units, bed_days[fc.data.driver]
        )
    parts = start_parts(ctx.partition, units, bed_days, vidx)
    for k, lever in enumerate(ctx.levers):
        los_scale = params.los[:, lever.target] if lever.target >= 0 else None
        draws = LeverDraws(params.lever_value[:, k], params.lever_conversion[:, k], los_scale)
        apply_lever(lever, units, bed_days, parts, draws, vidx)
        yield lever.name, units, bed_days
    if fc is not None:
        assert out.do_nothing is not None
        names = ["discharge_flow", *(lv.name for lv in fc.levers)] if detailed else ["discharge_flow"]
        upto = range(len(names)) if detailed else [len(fc.levers)]
        after_levers = (units.copy(), bed_days.copy()) if detailed else (units, bed_days)
        for name, k in zip(names, upto, strict=True):
            u, b = (after_levers[0].copy(), after_levers[1].copy()) if detailed else after_levers
            out.state = apply_flow(fc, fd, u, b, dn_units, k, out.do_nothing)
            yield name, u, b


def _by_setting(matrix: FloatArray, arr: FloatArray) -> FloatArray:
    """``matrix @ arr`` over the first axis for a 0/1 ``matrix[setting, activity]``: each setting's
    activities added in order (no BLAS product, whose threads and multiplications by 0 cost more)."""
    out = np.empty((matrix.shape[0], *arr.shape[1:]))
    for s, row in enumerate(matrix):
        members = np.flatnonzero(row)
        if members.size == 0:
            out[s] = 0.0
            continue
        np.copyto(out[s], arr[members[0]])
        for a in members[1:]:
            out[s] += arr[a]
    return out


def run_chunk(ctx: EngineContext, params: RunParams, start: int = 0) -> ChunkResult:
    """Run iterations ``params`` (rows ``start..``) and keep what the summary needs."""
    cost_do_nothing: FloatArray | None = None
    units = bed_days = ctx.units0[:, :0]
    costs = iteration_costs(ctx, params)
    flow = FlowOutcome()
    for name, units, bed_days in steps(ctx, params, flow):
        if name == "non_demographic_growth":
            cost_do_nothing = activity_cost(*costs, units, bed_days)
    assert cost_do_nothing is not None
    beds = ctx.setting_matrix[list(ctx.bed_settings)]
    measures = np.zeros((0, *cost_do_nothing.shape))
    if ctx.flow is not None:
        driver_cost = costs[1][ctx.flow.data.driver]  # [i]
        assert flow.do_nothing_extra is not None
        cost_do_nothing = cost_do_nothing + flow.do_nothing_extra * driver_cost[None, None, :]
        measures = flow_measures(ctx.flow, flow, driver_cost)
    return ChunkResult(
        start=start,
        activity=_by_setting(ctx.setting_matrix, units),
        bed_days=_by_setting(beds, bed_days),
        cost=activity_cost(*costs, units, bed_days),
        cost_do_nothing=cost_do_nothing,
        discharge=measures,
    )


def trace(ctx: EngineContext, params: RunParams) -> list[StepTrace]:
    """The state after each step for the runs ``params`` (``[..., i]`` per run), for the waterfall."""
    beds = ctx.setting_matrix[list(ctx.bed_settings)]
    costs = iteration_costs(ctx, params)
    out = []
    for name, units, bed_days in steps(ctx, params, detailed=True):
        out.append(
            StepTrace(
                name,
                _by_setting(ctx.setting_matrix, units),
                _by_setting(beds, bed_days),
                activity_cost(*costs, units, bed_days),
            )
        )
    return out
