"""From per-iteration arrays to P10/P50/P90 by year, locality (+ county) and setting.

Quantiles are order statistics (``numpy.quantile(method="inverted_cdf")``), so for any increasing map
``f`` (beds at occupancy, WTE, Erlang B, beds for a risk) ``quantile(f(x)) == f(quantile(x))`` exactly;
the engine therefore applies those maps to three quantiles per cell, not to every iteration.
County totals are sums over localities within each iteration; county beds for a risk come from the
pooled county load (one county-wide pool of beds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from careshift.datapack.pack import DataPack, FloatArray
from careshift.model import baseline, capacity, finance, workforce
from careshift.model.pipeline import ChunkResult, EngineContext
from careshift.model.scenario import Scenario
from careshift.model.totals import staff_ratios

QUANTILES = (0.1, 0.5, 0.9)
COUNTY = "county"
ALL = "all"


@dataclass(frozen=True)
class Block:
    """One measure for one setting: ``values[quantile, year, locality]`` (localities then county)."""

    setting: str
    measure: str
    values: FloatArray


def quantiles(x: FloatArray, inplace: bool = False) -> FloatArray:
    """P10/P50/P90 over the last axis (iterations) as order statistics: ``[3, ...]``.

    The order statistic ``x_(k)`` with ``k = ceil(n p)`` (numpy's ``inverted_cdf``). With
    ``inplace=True`` the array is partitioned in place (its iteration order is lost).
    """
    n = x.shape[-1]
    ks = [max(math.ceil(n * p) - 1, 0) for p in QUANTILES]
    work = x if inplace else x.copy()
    work.partition(sorted(set(ks)), axis=-1)
    return np.stack([work[..., k] for k in ks])


def with_county(x: FloatArray) -> FloatArray:
    """Append the county total (sum over the last axis, localities) as one more locality."""
    return np.concatenate([x, x.sum(axis=-1, keepdims=True)], axis=-1)


class Collector:
    """Gathers chunk results as they complete into ``[..., year, locality + county, iteration]`` arrays
    (iterations last and contiguous, for fast quantiles), so memory holds the ensemble once plus the
    chunks in flight. The county is the sum of localities within each iteration."""

    NAMES = ("activity", "bed_days", "cost", "cost_do_nothing")

    def __init__(self, iterations: int) -> None:
        self.iterations = iterations
        self.arrays: dict[str, FloatArray] = {}

    def add(self, chunk: ChunkResult) -> int:
        """Store one chunk; returns its number of iterations."""
        n = chunk.cost.shape[-1]
        for name in self.NAMES:
            part = getattr(chunk, name)  # [..., year, locality, i]
            if name not in self.arrays:
                *lead, n_l, _ = part.shape
                self.arrays[name] = np.empty((*lead, n_l + 1, self.iterations))
            out = self.arrays[name]
            out[..., :-1, chunk.start : chunk.start + n] = part
            out[..., -1, chunk.start : chunk.start + n] = part.sum(axis=-2)
        return n


def occupancy(scenario: Scenario, pack: DataPack) -> FloatArray:
    """Target occupancy by setting: the scenario's policy, else the pack's default."""
    out = []
    for s in pack.settings:
        policy = scenario.capacity.get(s.code)
        out.append(policy.target_occupancy if policy and policy.target_occupancy else s.target_occupancy)
    return np.array(out)


def planned_beds(scenario: Scenario, pack: DataPack, setting: str, base_beds: FloatArray) -> FloatArray:
    """Planned beds by locality + county ``[L+1]``; default: today's beds (``baseline.today_beds``: the
    sitrep's stock for general and acute beds, else the base year's beds at target occupancy).

    ``base_beds[L+1]`` are the base year's median beds at target occupancy. A county figure without
    locality figures is apportioned by the base year's shares; localities always sum to the county.
    """
    today = baseline.today_beds(pack, setting, base_beds)
    policy = scenario.capacity.get(setting)
    if policy is None or (policy.planned_beds is None and not policy.planned_beds_by_locality):
        return today
    out = today.copy()
    if policy.planned_beds is not None:
        out[:-1], out[-1] = baseline.apportion(policy.planned_beds, base_beds[:-1]), policy.planned_beds
    for code, beds in policy.planned_beds_by_locality.items():
        out[pack.locality_index(code)] = beds
    if policy.planned_beds is None:
        out[-1] = out[:-1].sum()
    return out


def _bed_blocks(
    scenario: Scenario, pack: DataPack, s: int, q_bed_days: FloatArray, occ: float
) -> list[Block]:
    code = pack.settings[s].code
    policy = scenario.capacity.get(code)
    risk = policy.max_turn_away_risk if policy else 0.05
    load = capacity.mean_occupied_beds(q_bed_days)
    at_target = capacity.beds_at_occupancy(q_bed_days, occ)
    planned = planned_beds(scenario, pack, code, at_target[1, 0])
    ratio = pack.wte_per_capacity[s]
    return [
        Block(code, "bed_days", q_bed_days),
        Block(code, "mean_occupied_beds", load),
        Block(code, "beds_at_target_occupancy", at_target),
        Block(code, "beds_for_risk", capacity.beds_for_risk_array(load, risk).astype(float)),
        Block(code, "p_turned_away", capacity.erlang_b_array(load, planned[None, None, :].astype(np.int64))),
        *_wte_blocks(code, at_target, ratio, pack.staff_groups),
    ]


def _wte_blocks(setting: str, cap: FloatArray, ratio: FloatArray, staff: tuple[str, ...]) -> list[Block]:
    blocks = [Block(setting, f"wte_{g}", cap * r) for g, r in zip(staff, ratio, strict=True) if r > 0]
    return [*blocks, Block(setting, "wte_total", cap * ratio.sum())]


def summarise(
    ctx: EngineContext, scenario: Scenario, pack: DataPack, collected: Collector, population_share: FloatArray
) -> list[Block]:
    """Every measure's quantiles. ``population_share[year, locality]`` apportions county money.
    Consumes ``collected`` (its arrays are partitioned in place)."""
    arrays = collected.arrays
    activity, bed_days = arrays["activity"], arrays["bed_days"]  # [s or b, y, L+1, N]
    occ = occupancy(scenario, pack)
    staff = _staff_totals(ctx, pack, activity, bed_days, occ)  # before quantiles reorder iterations
    money = _money_blocks(ctx, scenario, arrays["cost"], arrays["cost_do_nothing"], population_share)
    return _setting_blocks(ctx, scenario, pack, activity, bed_days, occ) + money + staff


def _setting_blocks(
    ctx: EngineContext,
    scenario: Scenario,
    pack: DataPack,
    activity: FloatArray,
    bed_days: FloatArray,
    occ: FloatArray,
) -> list[Block]:
    q_act, q_bed = quantiles(activity, inplace=True), quantiles(bed_days, inplace=True)  # [3, s, y, L+1]
    blocks: list[Block] = []
    for s, setting in enumerate(pack.settings):
        blocks.append(Block(setting.code, "activity", q_act[:, s]))
        if s in ctx.bed_settings:
            blocks += _bed_blocks(scenario, pack, s, q_bed[:, ctx.bed_settings.index(s)], float(occ[s]))
        else:
            ratio = pack.wte_per_capacity[s]
            blocks += _wte_blocks(setting.code, q_act[:, s] / 1000, ratio, pack.staff_groups)
    return blocks


def _money_blocks(
    ctx: EngineContext, scenario: Scenario, cost: FloatArray, do_nothing: FloatArray, share: FloatArray
) -> list[Block]:
    savings = do_nothing  # [y, L+1, N], reused in place
    savings -= cost
    savings -= (finance.implementation_cost(scenario, ctx.years)[:, None] * with_county(share))[..., None]
    target = finance.savings_target(scenario, ctx.years)[:, None] * with_county(share)
    q_savings = quantiles(savings, inplace=True)
    return [
        Block(ALL, "cost", quantiles(cost, inplace=True)),
        Block(ALL, "savings_vs_do_nothing", q_savings),
        Block(ALL, "savings_vs_target", q_savings - target[None]),
    ]


def _staff_totals(
    ctx: EngineContext, pack: DataPack, activity: FloatArray, bed_days: FloatArray, occ: FloatArray
) -> list[Block]:
    contact, beds, used = staff_ratios(ctx, pack, occ)
    per_group = workforce.wte_all_settings(
        activity, bed_days, contact[:, used], beds[:, used]
    )  # [g, y, L+1, N]
    total = per_group.sum(axis=0)
    q = quantiles(per_group, inplace=True)
    blocks = [Block(ALL, f"wte_{pack.staff_groups[g]}", q[:, k]) for k, g in enumerate(used)]
    return [*blocks, Block(ALL, "wte_total", quantiles(total, inplace=True))]
