"""Per-iteration values by locality, with the bed risks, for paired comparisons of two options.

``careshift.model.totals`` keeps county totals per iteration (stored with every run). A comparison by
locality, and of the risk of turning patients away, needs more: each locality's bed days and cost per
iteration, and the bed risks evaluated per iteration, not on quantiles. ``LocalityIterations`` keeps
them when a run is asked to (``run(..., paired_localities=True)``, as ``careshift model compare``
does): ``bed_days[b, year, L+1, i]`` and ``cost[year, L+1, i]`` (localities then the county), the
planned beds ``beds[b, L+1]`` (the summary's, ``summary.planned_beds``) and each iteration's monthly
load index (``careshift.model.seasonality``). That is the bed settings' share of the ensemble's arrays,
and only for the runs being compared.

For iteration ``i`` with mean occupied beds ``A_i`` (bed days / 365), month loads
``A_{m,i} = A_i x index[m, i]``, arrival weights ``w_m`` and ``n`` planned beds:

* ``occupancy = A_i / n``; ``peak_month_occupancy = A_{peak,i} / n``;
* ``p_no_bed = sum_m w_m P(N_m >= n)`` with ``N_m ~ Poisson(A_{m,i})``: the probability that an arriving
  patient finds every bed taken, over the year; ``p_no_bed_peak_month`` the same in the peak month;
* ``p_turned_away = B(A_i, n)``, Erlang's loss formula on the year's load.

These are the summary's measures (``careshift.model.summary``), per iteration. The Poisson tail is the
regularised incomplete gamma function, ``P(N >= n) = P(n, A)`` (``scipy.special.gammainc``), and Erlang
B is ``pmf(n) / cdf(n)`` of the same Poisson variable; both agree with ``careshift.model.capacity``'s
functions (to its Wilson-Hilferty error, 1e-4, for loads above 300) and are fast enough to run on
every iteration. The same loads and beds give the same values, so before any lever starts every
paired difference is exactly 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import gammainc, gammaincc, gammaln

from careshift.datapack.pack import DataPack, FloatArray
from careshift.model import capacity
from careshift.model.pipeline import EngineContext
from careshift.model.scenario import Scenario
from careshift.model.seasonality import seasonality
from careshift.model.summary import COUNTY, planned_beds, quantiles

RISK_MEASURES = ("occupancy", "p_no_bed", "p_turned_away", "peak_month_occupancy", "p_no_bed_peak_month")
LOCAL_MEASURES = ("bed_days", "mean_occupied_beds", "beds_at_target_occupancy")


def poisson_tail(loads: FloatArray, beds: FloatArray | float) -> FloatArray:
    """``P(N >= beds)``, ``N ~ Poisson(loads)``, elementwise (1 for no beds, 0 for no load)."""
    a = np.maximum(np.asarray(loads, float), 0.0)
    n = np.broadcast_to(np.asarray(beds, float), a.shape)
    with np.errstate(invalid="ignore"):
        tail = gammainc(np.maximum(n, 1.0), a)
    return np.asarray(np.where(n <= 0, 1.0, tail), float)


SPREAD = 45.0  # standard deviations either side of the beds covered by the tail's table
STEPS = 200  # table points per standard deviation


@lru_cache(maxsize=512)
def _table(kind: str, beds: float) -> tuple[float, float, FloatArray]:
    """``(first load, step, f(first + j step))`` for ``f`` the Poisson tail or Erlang B at ``beds``: an
    even grid of loads that depends only on ``beds``."""
    sd = math.sqrt(max(beds, 1.0))
    low, high = max(beds - SPREAD * sd, 0.0), beds + SPREAD * sd
    points = math.ceil((high - low) / sd * STEPS) + 1
    loads = np.linspace(low, high, points)
    values = poisson_tail(loads, beds) if kind == "tail" else erlang_loss(loads, beds)
    return low, float(loads[1] - loads[0]), values


def _read(kind: str, loads: FloatArray, beds: float) -> FloatArray:
    """``f(loads)`` by linear interpolation in ``_table(kind, beds)`` (past its ends: its end values)."""
    low, step, values = _table(kind, float(beds))
    position = np.clip((np.asarray(loads, float) - low) / step, 0.0, len(values) - 1.0)
    j = np.minimum(position.astype(np.int64), len(values) - 2)
    return np.asarray(values[j] + (position - j) * (values[j + 1] - values[j]), float)


def poisson_tail_at(loads: FloatArray, beds: float) -> FloatArray:
    """``poisson_tail`` for one number of beds, read off its table (within 1e-5 of the exact tail;
    outside the table the tail is 0 or 1 to within 1e-300). The same loads always give the same values."""
    if beds <= 0:
        return np.ones(np.shape(loads))
    return _read("tail", loads, beds)


def erlang_loss_at(loads: FloatArray, beds: float) -> FloatArray:
    """``erlang_loss`` for one number of beds, read off its table (within 1e-5); loads above the table
    (``beds + 45 sd``) exactly."""
    loads = np.asarray(loads, float)
    if beds <= 0:
        return np.ones(loads.shape)  # every arrival finds no bed
    out = _read("erlang", loads, beds)
    above = loads > beds + SPREAD * math.sqrt(max(beds, 1.0))
    if above.any():
        out[above] = erlang_loss(loads[above], beds)
    return out


def erlang_loss(loads: FloatArray, beds: FloatArray | float) -> FloatArray:
    """Erlang B, ``P(N = n) / P(N <= n)`` for ``N ~ Poisson(A)``, elementwise; where both underflow (a
    load far above the beds) its limit ``1 - n / A``."""
    a = np.maximum(np.asarray(loads, float), 0.0)
    n = np.broadcast_to(np.asarray(beds, float), a.shape)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        pmf = np.exp(n * np.log(a) - a - gammaln(n + 1.0))
        cdf = gammaincc(n + 1.0, a)
        b = np.where(cdf > 0, pmf / cdf, 1.0 - n / a)
    b = np.where(a <= 0, np.where(n <= 0, 1.0, 0.0), b)
    return np.asarray(np.clip(b, 0.0, 1.0), float)


@dataclass(frozen=True)
class LocalityIterations:
    """Per-iteration bed days and cost by locality + county, and what the bed risks need (module docs)."""

    years: tuple[int, ...]
    localities: tuple[str, ...]  # the pack's locality codes, then "county"
    bed_settings: tuple[str, ...]
    occupancy_target: FloatArray  # [b]
    beds: FloatArray  # [b, L+1] planned beds (whole numbers)
    month_index: FloatArray  # [b, month, i]
    weights: FloatArray  # [month]: shares of arrivals
    peak_month: int
    bed_days: FloatArray  # [b, year, L+1, i]
    cost: FloatArray  # [year, L+1, i]

    @property
    def iterations(self) -> int:
        return int(self.cost.shape[-1])

    def series(self) -> Iterator[tuple[str, str, str, FloatArray]]:
        """``(locality, setting, measure, values[year, i])``: bed days, beds and cost for each locality
        (the county's are in ``IterationTotals``) and the risk measures for localities and county."""
        for b, code in enumerate(self.bed_settings):
            for k, locality in enumerate(self.localities):
                if locality != COUNTY:
                    yield from self._local(b, k, locality, code)
                yield from self._risks(b, k, locality, code)
        for k, locality in enumerate(self.localities[:-1]):
            yield locality, "all", "cost", self.cost[:, k]

    def _local(self, b: int, k: int, locality: str, code: str) -> Iterator[tuple[str, str, str, FloatArray]]:
        days = self.bed_days[b, :, k]
        yield locality, code, "bed_days", days
        yield locality, code, "mean_occupied_beds", capacity.mean_occupied_beds(days)
        yield (
            locality,
            code,
            "beds_at_target_occupancy",
            capacity.beds_at_occupancy(days, float(self.occupancy_target[b])),
        )

    def _risks(self, b: int, k: int, locality: str, code: str) -> Iterator[tuple[str, str, str, FloatArray]]:
        load = capacity.mean_occupied_beds(self.bed_days[b, :, k])  # [year, i]
        beds = self.beds[b, k]
        index = self.month_index[b]  # [month, i]
        peak = load * index[self.peak_month]
        yield locality, code, "occupancy", load / max(beds, 1.0)
        yield locality, code, "p_no_bed", self._year_no_bed(load, index, beds)
        yield locality, code, "p_turned_away", erlang_loss_at(load, beds)
        yield locality, code, "peak_month_occupancy", peak / max(beds, 1.0)
        yield locality, code, "p_no_bed_peak_month", poisson_tail_at(peak, beds)

    def _year_no_bed(self, load: FloatArray, index: FloatArray, beds: float) -> FloatArray:
        """``sum_m w_m P(N_m >= beds)``, month by month (one tail for a flat year)."""
        if np.all(index == 1.0):
            return poisson_tail_at(load, beds)
        out = np.zeros(load.shape)
        for m, w in enumerate(self.weights):
            out += w * poisson_tail_at(load * index[m], beds)
        return out


def locality_iterations(
    ctx: EngineContext,
    scenario: Scenario,
    pack: DataPack,
    arrays: dict[str, FloatArray],
    occ: FloatArray,
    winter: FloatArray,
) -> LocalityIterations:
    """Copy what ``LocalityIterations`` keeps from the collected ensemble ``arrays`` (before the summary
    reorders them); ``occ`` is the target occupancy by setting, ``winter[i]`` each iteration's winter
    strength."""
    profile = seasonality(pack)
    bed_idx = list(ctx.bed_settings)
    bed_days = np.array(arrays["bed_days"], copy=True)
    beds = []
    for b, s in enumerate(bed_idx):
        base = quantiles(capacity.beds_at_occupancy(bed_days[b, 0], float(occ[s])))[1]  # [L+1], as summary
        beds.append(planned_beds(scenario, pack, pack.settings[s].code, base))
    weights = profile.arrival_weights
    return LocalityIterations(
        years=ctx.years,
        localities=(*pack.localities, COUNTY),
        bed_settings=tuple(pack.settings[s].code for s in bed_idx),
        occupancy_target=np.asarray(occ, float)[bed_idx],
        beds=np.asarray(beds, float),
        month_index=np.stack([profile.index(s, winter) for s in bed_idx]),
        weights=np.asarray(weights / weights.sum(), float),
        peak_month=profile.peak_month,
        bed_days=bed_days,
        cost=np.array(arrays["cost"], copy=True),
    )
