"""From per-iteration arrays to P10/P50/P90 by year, locality (+ county) and setting.

Quantiles are order statistics (``numpy.quantile(method="inverted_cdf")``), so for any increasing map
``f`` (beds at occupancy, WTE, Erlang B, beds for a risk) ``quantile(f(x)) == f(quantile(x))`` exactly;
the engine therefore applies those maps to three quantiles per cell, not to every iteration.
County totals are sums over localities within each iteration; county beds for a risk come from the
pooled county load (one county-wide pool of beds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from careshift.datapack.pack import DataPack, FloatArray
from careshift.model import capacity, finance, workforce
from careshift.model.pipeline import ChunkResult, EngineContext
from careshift.model.scenario import Scenario

QUANTILES = (0.1, 0.5, 0.9)
COUNTY = "county"
ALL = "all"


@dataclass(frozen=True)
class Block:
    """One measure for one setting: ``values[quantile, year, locality]`` (localities then county)."""

    setting: str
    measure: str
    values: FloatArray


def quantiles(x: FloatArray, axis: int) -> FloatArray:
    return np.quantile(x, QUANTILES, axis=axis, method="inverted_cdf")


def with_county(x: FloatArray) -> FloatArray:
    """Append the county total (sum over the last axis, localities) as one more locality."""
    return np.concatenate([x, x.sum(axis=-1, keepdims=True)], axis=-1)


def _gather(chunks: list[ChunkResult], name: str, axis: int) -> FloatArray:
    ordered = sorted(chunks, key=lambda c: c.start)
    return np.concatenate([getattr(c, name) for c in ordered], axis=axis)


def occupancy(scenario: Scenario, pack: DataPack) -> FloatArray:
    """Target occupancy by setting: the scenario's policy, else the pack's default."""
    out = []
    for s in pack.settings:
        policy = scenario.capacity.get(s.code)
        out.append(policy.target_occupancy if policy and policy.target_occupancy else s.target_occupancy)
    return np.array(out)


def planned_beds(scenario: Scenario, pack: DataPack, setting: str, base_beds: FloatArray) -> FloatArray:
    """Planned beds by locality + county ``[L+1]``; default: today's beds at target occupancy.

    ``base_beds[L+1]`` are the base year's median beds at target occupancy. A county figure without
    locality figures is apportioned by the base year's shares.
    """
    today = np.ceil(base_beds - 1e-9)
    policy = scenario.capacity.get(setting)
    if policy is None or (policy.planned_beds is None and not policy.planned_beds_by_locality):
        return today
    out = today.copy()
    if policy.planned_beds is not None:
        share = base_beds[:-1] / max(base_beds[-1], 1e-12)
        out[:-1], out[-1] = np.round(policy.planned_beds * share), policy.planned_beds
    for code, beds in policy.planned_beds_by_locality.items():
        out[pack.locality_index(code)] = beds
    if policy.planned_beds is None:
        out[-1] = out[:-1].sum()
    return out


def _bed_blocks(scenario: Scenario, pack: DataPack, s: int, q_bed_days: FloatArray, occ: float) -> list[Block]:
    code = pack.settings[s].code
    policy = scenario.capacity.get(code)
    risk = policy.max_turn_away_risk if policy else 0.05
    load = capacity.mean_occupied_beds(q_bed_days)
    at_target = capacity.beds_at_occupancy(q_bed_days, occ)
    planned = planned_beds(scenario, pack, code, at_target[1, 0])
    ratio = pack.wte_per_capacity[s]
    return [
        Block(code, "bed_days", q_bed_days), Block(code, "mean_occupied_beds", load),
        Block(code, "beds_at_target_occupancy", at_target),
        Block(code, "beds_for_risk", capacity.beds_for_risk_array(load, risk).astype(float)),
        Block(code, "p_turned_away", capacity.erlang_b_array(load, planned[None, None, :].astype(np.int64))),
        *_wte_blocks(code, at_target, ratio, pack.staff_groups),
    ]


def _wte_blocks(setting: str, cap: FloatArray, ratio: FloatArray, staff: tuple[str, ...]) -> list[Block]:
    blocks = [Block(setting, f"wte_{g}", cap * r) for g, r in zip(staff, ratio, strict=True) if r > 0]
    return [*blocks, Block(setting, "wte_total", cap * ratio.sum())]


def summarise(ctx: EngineContext, scenario: Scenario, pack: DataPack, chunks: list[ChunkResult],
              population_share: FloatArray) -> list[Block]:
    """Every measure's quantiles. ``population_share[year, locality]`` apportions county money."""
    activity = with_county(_gather(chunks, "activity", 1))  # [s, N, y, L+1]
    bed_days = with_county(_gather(chunks, "bed_days", 1))  # [b, N, y, L+1]
    occ = occupancy(scenario, pack)
    blocks = _setting_blocks(ctx, scenario, pack, activity, bed_days, occ)
    return blocks + _money_blocks(ctx, scenario, chunks, population_share) + _staff_totals(
        ctx, pack, activity, bed_days, occ)


def _setting_blocks(ctx: EngineContext, scenario: Scenario, pack: DataPack, activity: FloatArray,
                    bed_days: FloatArray, occ: FloatArray) -> list[Block]:
    q_act, q_bed = quantiles(activity, 1), quantiles(bed_days, 1)  # [3, s, y, L+1]
    blocks: list[Block] = []
    for s, setting in enumerate(pack.settings):
        blocks.append(Block(setting.code, "activity", q_act[:, s]))
        if s in ctx.bed_settings:
            blocks += _bed_blocks(scenario, pack, s, q_bed[:, ctx.bed_settings.index(s)], float(occ[s]))
        else:
            blocks += _wte_blocks(setting.code, q_act[:, s] / 1000, pack.wte_per_capacity[s], pack.staff_groups)
    return blocks


def _money_blocks(ctx: EngineContext, scenario: Scenario, chunks: list[ChunkResult],
                  share: FloatArray) -> list[Block]:
    cost = with_county(_gather(chunks, "cost", 0))  # [N, y, L+1]
    do_nothing = with_county(_gather(chunks, "cost_do_nothing", 0))
    impl = finance.implementation_cost(scenario, ctx.years)[:, None] * with_county(share)
    target = finance.savings_target(scenario, ctx.years)[:, None] * with_county(share)
    q_savings = quantiles(do_nothing - cost - impl[None], 0)
    return [Block(ALL, "cost", quantiles(cost, 0)), Block(ALL, "savings_vs_do_nothing", q_savings),
            Block(ALL, "savings_vs_target", q_savings - target[None])]


def _staff_totals(ctx: EngineContext, pack: DataPack, activity: FloatArray, bed_days: FloatArray,
                  occ: FloatArray) -> list[Block]:
    contact = pack.wte_per_capacity / 1000
    contact[list(ctx.bed_settings)] = 0
    beds = pack.wte_per_capacity[list(ctx.bed_settings)] / (capacity.DAYS_PER_YEAR * occ[list(ctx.bed_settings), None])
    q = quantiles(workforce.wte_all_settings(activity, bed_days, contact, beds), 1)  # [3, g, y, L+1]
    used = pack.wte_per_capacity.sum(axis=0) > 0
    blocks = [Block(ALL, f"wte_{g}", q[:, k]) for k, g in enumerate(pack.staff_groups) if used[k]]
    total = quantiles(workforce.wte_all_settings(activity, bed_days, contact.sum(1, keepdims=True),
                                                 beds.sum(1, keepdims=True))[0], 0)
    return [*blocks, Block(ALL, "wte_total", total)]
