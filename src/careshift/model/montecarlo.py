"""The run-parameter table: every random draw of a Monte Carlo run, made up front from one master seed.

Row 0 is the **central case**: every distribution at its central value (``Interval``: the median;
``Triangular``: the mode; every pack multiplier 1) and the scenario's projection variant. It is kept
apart from the ensemble: rows ``1..n`` are the ``n`` ensemble iterations whose quantiles are reported.
Row ``i`` holds iteration ``i``'s projection variant, annual non-demographic growth rate per activity,
each lever's value (share, growth or LOS change) and conversion, and the multipliers of the data pack's
own assumptions (``careshift.model.assumptions``): activity rate, LOS and unit cost per activity, bed-day
cost per setting.

**Keyed streams (common random numbers).** Every named uncertain parameter draws from its own stream,
keyed by its name under the master seed: the stream of ``name`` is, for ensemble rows in block ``b``
(``BLOCK`` rows each), ``default_rng(SeedSequence(seed, spawn_key=(*key(name), b)))`` with ``key`` four
32-bit words of the name's BLAKE2b digest (stable across processes and Python versions, unlike
``hash``). A stream gives standard normal draws ``z``; the parameter's distribution maps them to values
(``Distribution.from_normal``). So

* two scenarios run with the same seed share every draw they have in common (the same lever name, the
  same growth key, the same pack assumption), and their differences are paired;
* adding, removing or reordering a lever, or switching a group of draws off, moves no other draw;
* the first ``n`` rows are the same whatever the total number of iterations, and the engine, which only
  slices this table, gives the same numbers whatever the chunk size, the number of workers, the executor
  or the order chunks finish in (the practice of the NHP model's ``generate_run_params``).

Parameter names: ``projection.variant``; ``non_demographic_growth:<activity>`` and one shared
``non_demographic_growth:*`` for every activity the scenario does not list (one draw per iteration, so
the ``'*'`` range moves all of them together); ``levers:<lever name>:value`` and
``levers:<lever name>:conversion``; and ``assumptions:<stream>`` for the pack's estimates, where the
stream is the estimate's key unless ``careshift.model.assumptions.CORRELATED`` puts it in a group that
shares one draw.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

from careshift.datapack.pack import DataPack
from careshift.model.assumptions import assumption_parameters, stream_name
from careshift.model.discharge import flow_parameters
from careshift.model.distributions import Fixed, Parameter, normal_cdf
from careshift.model.scenario import Lever, Scenario, to_distribution
from careshift.model.seasonality import AMPLITUDE, seasonality

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BLOCK = 1024
VARIANT = "projection.variant"
_LIMITS = {"avoid": (0.0, 1.0), "shift": (0.0, 1.0), "growth": (-1.0, np.inf), "efficiency": (-1.0, np.inf)}


@dataclass(frozen=True)
class RunParams:
    """Per-iteration parameters: ``variant[i]``, ``growth[i, activity]``, ``lever_value[i, lever]``,
    ``lever_conversion[i, lever]``, and the pack multipliers ``rate[i, activity]``, ``los[i, activity]``,
    ``unit_cost[i, activity]``, ``bed_day_cost[i, setting]``, and ``winter[i]``, the strength of the
    winter (``careshift.model.seasonality``)."""

    variant: IntArray
    growth: FloatArray
    lever_value: FloatArray
    lever_conversion: FloatArray
    rate: FloatArray
    los: FloatArray
    unit_cost: FloatArray
    bed_day_cost: FloatArray
    winter: FloatArray  # [i]: the strength of the winter (careshift.model.seasonality)
    flow_share: FloatArray  # [i, pathway]: pathway-share multipliers (careshift.model.discharge)
    flow_stay: FloatArray  # [i, P1-P3]: downstream-stay multipliers
    flow_lever: FloatArray  # [i, discharge lever]: each discharge lever's places or stay change

    def __len__(self) -> int:
        return len(self.variant)

    def rows(self, start: int, stop: int) -> RunParams:
        return RunParams(
            *(getattr(self, f.name)[start:stop] for f in fields(self))  # type: ignore[arg-type]
        )

    def take(self, index: IntArray) -> RunParams:
        """The rows at ``index`` (in that order)."""
        return RunParams(*(getattr(self, f.name)[index] for f in fields(self)))  # type: ignore[arg-type]

    @property
    def central(self) -> RunParams:
        """Row 0, the central case."""
        return self.rows(0, 1)

    @property
    def ensemble(self) -> RunParams:
        """Rows ``1..n``, the ensemble."""
        return self.rows(1, len(self))


def stream_key(name: str) -> tuple[int, int, int, int]:
    """Four 32-bit words of the BLAKE2b digest of ``name``: the stream's ``spawn_key`` prefix."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=16).digest()
    w = [int.from_bytes(digest[k : k + 4], "little") for k in range(0, 16, 4)]
    return w[0], w[1], w[2], w[3]


def standard_normals(seed: int, name: str, n: int) -> FloatArray:
    """The first ``n`` ensemble draws ``z ~ N(0, 1)`` of the stream ``name`` under ``seed``."""
    key = stream_key(name)
    blocks = [
        np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(*key, b))).standard_normal(BLOCK)
        for b in range(-(-n // BLOCK))
    ]
    return np.concatenate(blocks)[:n] if blocks else np.zeros(0)


def growth_parameters(scenario: Scenario, pack: DataPack) -> list[Parameter]:
    """Annual non-demographic growth per activity: the listed ones by name, the rest share ``'*'``
    (one draw for all of them), or 0 without a ``'*'``."""
    table = scenario.non_demographic_growth
    default = Parameter("non_demographic_growth:*", to_distribution(table["*"]) if "*" in table else Fixed(0))
    return [
        Parameter(f"non_demographic_growth:{a.code}", to_distribution(table[a.code]))
        if a.code in table
        else default
        for a in pack.activities
    ]


def lever_value_parameter(lever: Lever) -> Parameter:
    value = lever.los_change if lever.kind == "efficiency" else lever.share
    return Parameter(f"levers:{lever.name}:value", to_distribution(value if value is not None else 0.0))


def lever_conversion_parameter(lever: Lever) -> Parameter:
    return Parameter(f"levers:{lever.name}:conversion", to_distribution(lever.conversion))


def draw(params: list[Parameter], seed: int, n: int, sampled: bool) -> FloatArray:
    """The column block ``[n + 1, len(params)]``: row 0 central, rows ``1..n`` from each parameter's
    stream (all central when not ``sampled``). Parameters sharing a name share one stream."""
    out = np.empty((n + 1, len(params)))
    z: dict[str, FloatArray] = {}
    for j, p in enumerate(params):
        out[0, j] = p.dist.central
        if not sampled or isinstance(p.dist, Fixed):
            out[1:, j] = p.dist.central
            continue
        if p.name not in z:
            z[p.name] = standard_normals(seed, p.name, n)
        out[1:, j] = p.dist.from_normal(z[p.name])
    return out


def _variants(scenario: Scenario, pack: DataPack, seed: int, n: int) -> IntArray:
    """Row 0: the scenario's variant (or the principal); with ``sample_variants``, variants drawn with
    the pack's probabilities (``DataPack.variant_weights``) by inverting their cumulative weights at
    ``Phi(z)`` of the ``projection.variant`` stream."""
    variant0 = pack.variants.index(scenario.projection.variant) if scenario.projection.variant else 0
    out = np.full(n + 1, variant0, dtype=np.int64)
    if scenario.projection.sample_variants:
        u = normal_cdf(standard_normals(seed, VARIANT, n))
        edges = np.cumsum(pack.variant_weights())
        out[1:] = np.minimum(np.searchsorted(edges, u, side="right"), len(pack.variants) - 1)
    return out


def run_params(scenario: Scenario, pack: DataPack, iterations: int, seed: int) -> RunParams:
    """The run-parameter table: row 0 central, rows ``1..iterations`` the ensemble, from ``seed``."""
    scenario_on, pack_on = scenario.uncertainty.parameter_uncertainty, scenario.uncertainty.assumptions
    n = iterations
    pack_params = assumption_parameters(pack)
    flow_share, flow_stay, flow_lever = flow_parameters(scenario, pack)
    growth = draw(growth_parameters(scenario, pack), seed, n, scenario_on)
    value = draw([lever_value_parameter(lv) for lv in scenario.levers], seed, n, scenario_on)
    conversion = draw([lever_conversion_parameter(lv) for lv in scenario.levers], seed, n, scenario_on)
    rate, los, unit_cost, bed_day_cost = (draw(column, seed, n, pack_on) for column in pack_params)
    return RunParams(
        _variants(scenario, pack, seed, n),
        np.clip(growth, -0.99, None),
        _clip_levers(scenario.levers, value),
        np.clip(conversion, 0.0, None),
        np.clip(rate, 0.0, None),
        np.clip(los, 0.0, None),
        np.clip(unit_cost, 0.0, None),
        np.clip(bed_day_cost, 0.0, None),
        draw([Parameter(stream_name(AMPLITUDE), seasonality(pack).amplitude)], seed, n, pack_on)[:, 0],
        draw(flow_share, seed, n, pack_on),
        draw(flow_stay, seed, n, pack_on),
        np.clip(draw(flow_lever, seed, n, scenario_on), -0.95, None),
    )


def _clip_levers(levers: list[Lever], values: FloatArray) -> FloatArray:
    """Keep sampled values meaningful: shares in [0, 1]; growth and LOS changes no lower than -1."""
    lo = np.array([_LIMITS[lv.kind][0] for lv in levers])
    hi = np.array([_LIMITS[lv.kind][1] for lv in levers])
    return np.clip(values, lo, hi) if levers else values
