"""From per-iteration arrays to P10/P50/P90 by year, locality (+ county) and setting.

Quantiles are order statistics (``numpy.quantile(method="inverted_cdf")``), so for any increasing map
``f`` (beds at occupancy, WTE, Erlang B, beds for a risk) ``quantile(f(x)) == f(quantile(x))`` exactly;
the engine therefore applies those maps to three quantiles per cell, not to every iteration.
County totals are sums over localities within each iteration; county beds for a risk come from the
pooled county load (one county-wide pool of beds).

Winter (``careshift.model.seasonality``): the load in month ``m`` of iteration ``i`` is
``A_i (1 + e k_i d_m)`` (year's mean load ``A_i``, winter strength ``k_i``, ``d_m = c_m - 1``). The peak
month's quantiles are exact order statistics of the per-iteration peak loads. The other months use, at
each quantile ``p``, the *effective* winter strength that reproduces the peak quantile from the year's,
``e k_p = (Q_p(peak) / Q_p(A) - 1) / d_peak``, so ``Q_p(month m) ~ Q_p(A) (1 + e k_p d_m)`` (exact for the
peak month and for a fixed winter; one partition per setting instead of twelve). A year's risk (and the
beds for the risk target) averages those months' risks over arrivals at each quantile; the by-month
measures sort the three values (a strong winter comes with a quieter summer, so in summer months P90
of the year is the low end).
"""

from __future__ import annotations

import math
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from careshift.datapack.pack import DataPack, FloatArray
from careshift.model import baseline, capacity, finance, workforce
from careshift.model.discharge import PATHWAYS, QUEUED
from careshift.model.pipeline import ChunkResult, EngineContext
from careshift.model.scenario import Scenario
from careshift.model.seasonality import Seasonality, seasonality
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
    select(work, sorted(set(ks)))
    return np.stack([work[..., k] for k in ks])


def select(x: FloatArray, ks: list[int]) -> None:
    """Partition ``x`` in place along its last axis so that ``x[..., k]`` is the ``k``-th smallest for
    every ``k`` in the ascending list ``ks``: one partition at the middle ``k``, then the parts on either
    side for the smaller and the larger ``k`` (NumPy's one-``k`` partition is vectorised and several
    times faster than one call with a list of ``k``)."""
    if not ks:
        return
    middle = len(ks) // 2
    k = ks[middle]
    x.partition(k, axis=-1)
    select(x[..., :k], ks[:middle])
    select(x[..., k + 1 :], [j - k - 1 for j in ks[middle + 1 :]])


def with_county(x: FloatArray) -> FloatArray:
    """Append the county total (sum over the last axis, localities) as one more locality."""
    return np.concatenate([x, x.sum(axis=-1, keepdims=True)], axis=-1)


class Collector:
    """Gathers chunk results as they complete into ``[..., year, locality + county, iteration]`` arrays
    (iterations last and contiguous, for fast quantiles), so memory holds the ensemble once plus the
    chunks in flight. The county is the sum of localities within each iteration."""

    NAMES = ("activity", "bed_days", "cost", "cost_do_nothing", "discharge")

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


def peak_loads(bed_days: FloatArray, index: FloatArray, peak_month: int) -> FloatArray:
    """Quantiles of the peak month's load ``bed_days[y, L+1, i] / 365 x index[peak, i]`` (exact; before
    the year's quantiles reorder the iterations): ``[3, y, L+1]``."""
    return quantiles(capacity.mean_occupied_beds(bed_days) * index[peak_month])


def month_loads(load: FloatArray, peak: FloatArray, profile: Seasonality, setting: int) -> FloatArray:
    """``[3, y, L+1, month]`` load quantiles by month from the year's and the peak month's (see the
    module docstring): ``Q_p(A) (1 + e k_p d_m)``."""
    swing = profile.occupancy - 1.0
    d_peak = swing[profile.peak_month]
    if profile.is_flat(setting) or d_peak <= 0:
        return np.repeat(load[..., None], 12, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        strength = np.where(load > 0, (peak / load - 1.0) / d_peak, 0.0)
    return np.asarray(load[..., None] * (1.0 + strength[..., None] * swing), float)


def _risk(scenario: Scenario, code: str) -> tuple[float, capacity.RiskMeasure]:
    policy = scenario.capacity.get(code)
    return (policy.max_turn_away_risk, policy.risk_measure) if policy else (0.05, "no_bed")


def _bed_blocks(
    scenario: Scenario, pack: DataPack, s: int, q_bed_days: FloatArray, occ: float, peak: FloatArray
) -> list[Block]:
    code = pack.settings[s].code
    risk, measure = _risk(scenario, code)
    load = capacity.mean_occupied_beds(q_bed_days)
    at_target = capacity.beds_at_occupancy(q_bed_days, occ)
    planned = planned_beds(scenario, pack, code, at_target[1, 0])
    beds = np.broadcast_to(planned.astype(np.int64), load.shape)
    profile = seasonality(pack)
    months = month_loads(load, peak, profile, s)
    weights = profile.arrival_weights
    if measure == "no_bed":
        for_risk = capacity.beds_for_no_bed_risk(months, weights, risk)
    else:
        for_risk = capacity.beds_for_risk_array(peak, risk, "erlang_loss")
    ratio = pack.wte_per_capacity[s]
    by_month = capacity.probability_no_bed_by_month(months, beds)  # [3, y, L+1, month]
    return [
        Block(code, "bed_days", q_bed_days),
        Block(code, "mean_occupied_beds", load),
        Block(code, "beds_at_target_occupancy", at_target),
        Block(code, "beds_for_risk", for_risk.astype(float)),
        Block(code, "occupancy", load / np.maximum(beds, 1)),
        Block(code, "p_no_bed", capacity.month_weighted(by_month, weights)),
        Block(code, "p_turned_away", capacity.erlang_b_array(load, beds)),
        *_peak_blocks(code, peak, beds, risk, measure),
        *(_month_blocks(code, months, by_month, beds) if not profile.is_flat(s) else []),
        *_wte_blocks(code, at_target, ratio, pack.staff_groups),
    ]


def _peak_blocks(
    code: str, peak: FloatArray, beds: np.ndarray, risk: float, measure: capacity.RiskMeasure
) -> list[Block]:
    one = np.ones(1)
    return [
        Block(code, "peak_month_occupied_beds", peak),
        Block(code, "peak_month_occupancy", peak / np.maximum(beds, 1)),
        Block(code, "p_no_bed_peak_month", capacity.probability_no_bed_array(peak[..., None], one, beds)),
        Block(code, "p_turned_away_peak_month", capacity.erlang_b_array(peak, beds)),
        Block(
            code, "beds_for_risk_peak_month", capacity.beds_for_risk_array(peak, risk, measure).astype(float)
        ),
    ]


def _month_blocks(code: str, months: FloatArray, by_month: FloatArray, beds: np.ndarray) -> list[Block]:
    """``month_MM_occupancy`` and ``month_MM_p_no_bed`` at the planned beds (seasonal settings only),
    from the month loads ``months[3, y, L+1, m]`` and their no-bed risks ``by_month``, each sorted over
    the quantile axis (beds are the same along it, so the risks sort with the loads)."""
    order = np.argsort(months, axis=0, kind="stable")
    loads, risks = np.take_along_axis(months, order, 0), np.take_along_axis(by_month, order, 0)
    blocks = []
    for m in range(12):
        blocks += [
            Block(code, f"month_{m + 1:02d}_occupancy", loads[..., m] / np.maximum(beds, 1)),
            Block(code, f"month_{m + 1:02d}_p_no_bed", risks[..., m]),
        ]
    return blocks


def _wte_blocks(setting: str, cap: FloatArray, ratio: FloatArray, staff: tuple[str, ...]) -> list[Block]:
    blocks = [Block(setting, f"wte_{g}", cap * r) for g, r in zip(staff, ratio, strict=True) if r > 0]
    return [*blocks, Block(setting, "wte_total", cap * ratio.sum())]


def summarise(
    ctx: EngineContext,
    scenario: Scenario,
    pack: DataPack,
    collected: Collector,
    population_share: FloatArray,
    winter: FloatArray,
    workers: int = 1,
) -> list[Block]:
    """Every measure's quantiles. ``population_share[year, locality]`` apportions county money;
    ``winter[i]`` is each iteration's winter strength. Consumes ``collected`` (its arrays are partitioned
    in place). ``workers`` threads share the independent parts (NumPy's partitions release the GIL);
    each part is computed the same way whatever the number of threads, so the numbers do not change."""
    arrays = collected.arrays
    activity, bed_days = arrays["activity"], arrays["bed_days"]  # [s or b, y, L+1, N]
    occ = occupancy(scenario, pack)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        # these read activity and bed days iteration by iteration, so they finish before the setting
        # quantiles reorder them in place; money has arrays of its own
        staff = pool.submit(_staff_totals, ctx, pack, activity, bed_days, occ)
        peaks = pool.submit(_winter, ctx, seasonality(pack), bed_days, winter)
        flow = pool.submit(_flow_blocks, ctx, pack, arrays["discharge"], bed_days)
        money = pool.submit(
            _money_blocks, ctx, scenario, arrays["cost"], arrays["cost_do_nothing"], population_share
        )
        staff_blocks, peak_quantiles, flow_blocks = staff.result(), peaks.result(), flow.result()
        settings = _setting_blocks(ctx, scenario, pack, activity, bed_days, occ, peak_quantiles, pool)
        return settings + flow_blocks + money.result() + staff_blocks


def _flow_blocks(ctx: EngineContext, pack: DataPack, rows: FloatArray, bed_days: FloatArray) -> list[Block]:
    """The flow out of hospital (``careshift.model.discharge``): patients waiting by pathway and in all,
    the mean wait (waiting / arrivals, per iteration), the share of the acute setting's bed days that
    are delayed, the acute beds freed against doing nothing and the cost of the delayed bed days."""
    if ctx.flow is None:
        return []
    waiting, arrivals = rows[:4], rows[4:7]
    total = waiting.sum(axis=0)
    acute = ctx.bed_settings.index(int(ctx.activity_setting[ctx.flow.data.driver]))
    with np.errstate(divide="ignore", invalid="ignore"):
        days = np.where(arrivals > 0, waiting[1:] / arrivals, 0.0)
        share = np.where(bed_days[acute] > 0, total * capacity.DAYS_PER_YEAR / bed_days[acute], 0.0)
    blocks = [
        Block(ALL, "discharge_waiting", quantiles(total)),
        Block(ALL, "discharge_delayed_share", quantiles(share)),
    ]
    q_wait, q_days = quantiles(waiting), quantiles(days)
    blocks += [Block(ALL, f"discharge_waiting_{p}", q_wait[:, k]) for k, p in enumerate(PATHWAYS)]
    blocks += [Block(ALL, f"discharge_wait_days_{p}", q_days[:, k]) for k, p in enumerate(QUEUED)]
    return [
        *blocks,
        Block(ALL, "discharge_acute_beds_freed", quantiles(rows[7])),
        Block(ALL, "discharge_delay_cost", quantiles(rows[8])),
    ]


def _winter(
    ctx: EngineContext, profile: Seasonality, bed_days: FloatArray, winter: FloatArray
) -> list[FloatArray]:
    """Peak-month load quantiles per bed setting (a flat setting's peak is its year)."""
    return [
        peak_loads(bed_days[b], profile.index(s, winter), profile.peak_month)
        for b, s in enumerate(ctx.bed_settings)
    ]


def _setting_blocks(
    ctx: EngineContext,
    scenario: Scenario,
    pack: DataPack,
    activity: FloatArray,
    bed_days: FloatArray,
    occ: FloatArray,
    peaks: list[FloatArray],
    pool: Executor,
) -> list[Block]:
    q_bed_f = pool.submit(quantiles, bed_days, True)
    q_act = quantiles(activity, inplace=True)  # [3, s, y, L+1]
    q_bed = q_bed_f.result()
    beds = {
        s: pool.submit(_bed_blocks, scenario, pack, s, q_bed[:, b], float(occ[s]), peaks[b])
        for b, s in enumerate(ctx.bed_settings)
    }
    blocks: list[Block] = []
    for s, setting in enumerate(pack.settings):
        blocks.append(Block(setting.code, "activity", q_act[:, s]))
        if s in beds:
            blocks += beds[s].result()
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
