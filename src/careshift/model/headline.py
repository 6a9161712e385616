"""The answer first: a run's headline figures for one year, from its summary rows and its iterations.

Every figure is a median and the P10-P90 range of the ensemble (8 in 10 iterations lie inside), for the
county in one year (the horizon year unless another is asked for):

* **beds needed** in each bed setting (beds at the capacity policy's target occupancy), beside
  **today's beds** (``baseline.today_beds``: the published stock for general and acute beds, else the
  base year's beds at target occupancy) and **against doing nothing**. Against doing nothing is the
  paired difference ``scenario_i - do_nothing_i`` of a run of a scenario without levers that used the
  same seed and number of iterations (common random numbers: iteration ``i`` of each is the same state
  of the world; ``careshift.model.compare``). Without such a run, at the horizon year, the waterfall's
  median run gives one figure (its bed days after demography and growth, before any lever), no range;
* the **risk of turning patients away** at the planned beds, by the policy's measure (``no_bed``: the
  probability that an arriving patient finds no bed, over the year; ``erlang_loss``: Erlang B in the
  peak month), beside the policy's limit, and the **occupancy** at the planned beds beside its target;
* **workforce** (total WTE), **cost**, and **savings against doing nothing** with the year's savings
  target and the **probability of meeting it**: the share of iterations with ``savings_i >= target``
  (from the run's per-iteration county totals, ``careshift.model.totals``);
* **alerts**: each bed setting whose median risk or occupancy is past its policy in that year.

Pure: plain rows (``{"setting", "measure", "p10", "p50", "p90"}``) and arrays in, frozen dataclasses out;
words and links are the site's business.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from careshift.datapack.pack import DataPack, FloatArray
from careshift.model import baseline, capacity
from careshift.model.scenario import Scenario
from careshift.model.summary import ALL, occupancy, quantiles
from careshift.model.totals import IterationTotals

RISK_MEASURE = {"no_bed": "p_no_bed", "erlang_loss": "p_turned_away_peak_month"}
MEASURES = (
    "beds_at_target_occupancy",
    "mean_occupied_beds",
    "occupancy",
    *RISK_MEASURE.values(),
    "wte_total",
    "cost",
    "savings_vs_do_nothing",
)
WATERFALL_DO_NOTHING = ("baseline", "demography", "non_demographic_growth")
Row = Mapping[str, Any]


@dataclass(frozen=True)
class Spread:
    """A median and its P10-P90 range (8 in 10 iterations lie between ``low`` and ``high``)."""

    low: float
    median: float
    high: float

    def __post_init__(self) -> None:
        if not self.low <= self.median <= self.high:
            raise ValueError(
                f"A spread needs low <= median <= high, not {self.low}, {self.median}, {self.high}."
            )

    @classmethod
    def from_row(cls, row: Row) -> Spread:
        """A summary row's P10, P50 and P90 (in order: a measure averaged over months, such as a year's
        risk, can cross its quantiles by a hair)."""
        low, median, high = sorted(float(row[q]) for q in ("p10", "p50", "p90"))
        return cls(low, median, high)

    @classmethod
    def of(cls, values: FloatArray) -> Spread:
        """P10, P50 and P90 of ``values`` as order statistics, as the summary's (``summary.quantiles``)."""
        q = quantiles(np.asarray(values, float))
        return cls(float(q[0]), float(q[1]), float(q[2]))


def chance_at_least(values: FloatArray, threshold: float) -> float:
    """The share of iterations whose value is at least ``threshold``."""
    values = np.asarray(values, float)
    if values.size == 0:
        raise ValueError("There are no iterations to count.")
    return float(np.mean(values >= threshold))


@dataclass(frozen=True)
class Policy:
    """A bed setting's capacity policy: target occupancy, highest acceptable risk and its measure."""

    target_occupancy: float
    max_risk: float
    risk_measure: Literal["no_bed", "erlang_loss"] = "no_bed"


def policies(scenario: Scenario, pack: DataPack) -> dict[str, Policy]:
    """Each bed setting's policy: the scenario's, else the data pack's occupancy and a 5% no-bed risk."""
    occ = occupancy(scenario, pack)
    out = {}
    for s, setting in enumerate(pack.settings):
        if setting.capacity_kind != "beds":
            continue
        policy = scenario.capacity.get(setting.code)
        risk, measure = (policy.max_turn_away_risk, policy.risk_measure) if policy else (0.05, "no_bed")
        out[setting.code] = Policy(float(occ[s]), float(risk), measure)
    return out


def today_beds(pack: DataPack, setting: str, base_beds: float) -> float:
    """Today's county beds (``baseline.today_beds``): the published stock for general and acute beds,
    else the base year's beds at target occupancy (``base_beds``), rounded up."""
    acute = baseline.today_acute_beds(pack) if setting == baseline.ACUTE_SETTING else None
    return float(round(acute) if acute is not None else math.ceil(base_beds - 1e-9))


@dataclass(frozen=True)
class DoNothing:
    """Beds needed against doing nothing: ``difference`` (scenario minus do-nothing) per iteration when
    ``paired``; else the median run's one figure (``difference`` has low == median == high)."""

    beds: float  # the do-nothing's median beds needed
    difference: Spread
    paired: bool
    run: int | None = None  # the do-nothing run paired with, when it is another run


@dataclass(frozen=True)
class SettingBeds:
    """One bed setting in the year: beds needed, today's, planned, and the risk and occupancy there."""

    setting: str
    needed: Spread
    today: float
    planned: float
    risk: Spread
    occupancy: Spread
    policy: Policy
    do_nothing: DoNothing | None = None


@dataclass(frozen=True)
class Savings:
    """Savings against doing nothing, the year's target and the chance of meeting it (None when the
    run kept no per-iteration totals, or the scenario sets no target for the year)."""

    spread: Spread
    target: float
    p_meeting: float | None
    iterations: int = 0


@dataclass(frozen=True)
class Alert:
    """A bed setting whose median risk (``kind="risk"``) or occupancy is past its policy."""

    setting: str
    kind: Literal["risk", "occupancy"]
    median: float
    limit: float
    today: float | None = None  # the same measure's median in the base year
    do_nothing: float | None = None  # its median in the do-nothing run, when there is one

    @property
    def pushed(self) -> bool:
        """Doing nothing stays within the policy: the scenario takes the setting past it."""
        return self.do_nothing is not None and self.do_nothing <= self.limit

    @property
    def worse(self) -> bool:
        """The scenario's median is above doing nothing's."""
        return self.do_nothing is not None and self.median > self.do_nothing


@dataclass(frozen=True)
class Headline:
    year: int
    years: tuple[int, ...]
    beds: tuple[SettingBeds, ...]
    workforce: Spread | None
    cost: Spread | None
    savings: Savings | None
    alerts: tuple[Alert, ...] = field(default_factory=tuple)


def _index(rows: Iterable[Row], year: int) -> dict[tuple[str, str], Row]:
    return {(str(r["setting"]), str(r["measure"])): r for r in rows if int(r["year"]) == year}


def _spread(found: dict[tuple[str, str], Row], setting: str, measure: str) -> Spread | None:
    row = found.get((setting, measure))
    return Spread.from_row(row) if row is not None else None


def setting_beds(
    found: dict[tuple[str, str], Row], code: str, policy: Policy, today: float
) -> SettingBeds | None:
    """One bed setting's figures from a year's rows (``found``), or None when it has none."""
    needed = _spread(found, code, "beds_at_target_occupancy")
    risk = _spread(found, code, RISK_MEASURE[policy.risk_measure])
    occ = _spread(found, code, "occupancy")
    load = _spread(found, code, "mean_occupied_beds")
    if needed is None or risk is None or occ is None or load is None:
        return None
    planned = float(round(load.median / occ.median)) if occ.median > 0 else today
    return SettingBeds(code, needed, today, planned, risk, occ, policy)


def alerts(
    beds: Sequence[SettingBeds],
    base: dict[tuple[str, str], Row],
    do_nothing: dict[tuple[str, str], Row] | None = None,
) -> tuple[Alert, ...]:
    """Every setting whose median risk or occupancy is past its policy, with the base year's median and
    the do-nothing run's (``do_nothing``: its rows for the year): first those the scenario takes past
    the policy, then those it makes worse than doing nothing, risk before occupancy, the worst first."""
    out = []

    def p50(rows: dict[tuple[str, str], Row] | None, key: tuple[str, str]) -> float | None:
        row = (rows or {}).get(key)
        return float(row["p50"]) if row is not None else None

    for b in beds:
        risk_key, occ_key = (b.setting, RISK_MEASURE[b.policy.risk_measure]), (b.setting, "occupancy")
        if b.risk.median > b.policy.max_risk:
            limit = b.policy.max_risk
            out.append(
                Alert(b.setting, "risk", b.risk.median, limit, p50(base, risk_key), p50(do_nothing, risk_key))
            )
        if b.occupancy.median > b.policy.target_occupancy:
            limit = b.policy.target_occupancy
            today, nothing = p50(base, occ_key), p50(do_nothing, occ_key)
            out.append(Alert(b.setting, "occupancy", b.occupancy.median, limit, today, nothing))
    return tuple(
        sorted(out, key=lambda a: (not a.pushed, not a.worse, a.kind != "risk", -(a.median / a.limit)))
    )


def savings(
    found: dict[tuple[str, str], Row], target: float, totals: IterationTotals | None, year: int
) -> Savings | None:
    spread = _spread(found, ALL, "savings_vs_do_nothing")
    if spread is None:
        return None
    if totals is None or year not in totals.years or target <= 0:
        return Savings(spread, target, None)
    values = totals.savings[totals.years.index(year)]
    return Savings(spread, target, chance_at_least(values, target), totals.iterations)


def paired_do_nothing(
    totals: IterationTotals, do_nothing: IterationTotals, setting: str, year: int, run: int | None = None
) -> DoNothing | None:
    """Beds needed against doing nothing by paired differences (None when either run lacks them)."""
    if (
        totals.years != do_nothing.years
        or totals.iterations != do_nothing.iterations
        or year not in totals.years
    ):
        return None
    mine = totals.values(setting, "beds_at_target_occupancy")
    theirs = do_nothing.values(setting, "beds_at_target_occupancy")
    if mine is None or theirs is None:
        return None
    y = totals.years.index(year)
    return DoNothing(Spread.of(theirs[y]).median, Spread.of(mine[y] - theirs[y]), True, run)


def median_run_do_nothing(steps: Sequence[tuple[str, float]], beds: SettingBeds) -> DoNothing | None:
    """Beds needed against doing nothing in the waterfall's median run (horizon year): its bed days
    after demography and growth, before any lever, at the target occupancy. ``steps`` are the bed-days
    waterfall's ``(step, value)`` in order (baseline, then changes, then final)."""
    values = dict(steps)
    if not all(s in values for s in (*WATERFALL_DO_NOTHING, "final")):
        return None
    occ = beds.policy.target_occupancy
    bed_days = np.array([sum(values[s] for s in WATERFALL_DO_NOTHING), values["final"]], float)
    before, after = (float(v) for v in capacity.beds_at_occupancy(bed_days, occ))
    change = after - before
    return DoNothing(before, Spread(change, change, change), False)


def headline(
    rows: Sequence[Row],
    year: int,
    *,
    years: Sequence[int],
    base_year: int,
    policies: Mapping[str, Policy],
    today: Mapping[str, float],
    target: float,
    totals: IterationTotals | None = None,
    do_nothing_rows: Sequence[Row] = (),
) -> Headline:
    """The headline for ``year`` (one of the run's ``years``) from the county's summary rows (``year``
    and ``base_year``), each bed
    setting's ``policies`` and ``today``'s beds, the year's savings ``target`` and, when the run kept
    them, its per-iteration county ``totals`` (for the chance of meeting the target) and the do-nothing
    run's county rows for ``year`` (for the alerts). Beds against doing nothing are added by
    :func:`with_do_nothing`."""
    if year not in years:
        raise ValueError(f"There are no results for {year}: choose from {min(years)} to {max(years)}.")
    found, base = _index(rows, year), _index(rows, base_year)
    beds = [
        b
        for code, policy in policies.items()
        if (b := setting_beds(found, code, policy, today.get(code, 0.0))) is not None
    ]
    return Headline(
        year=year,
        years=tuple(years),
        beds=tuple(beds),
        workforce=_spread(found, ALL, "wte_total"),
        cost=_spread(found, ALL, "cost"),
        savings=savings(found, target, totals, year),
        alerts=alerts(beds, base, _index(do_nothing_rows, year) if do_nothing_rows else None),
    )


def with_do_nothing(head: Headline, comparisons: Mapping[str, DoNothing | None]) -> Headline:
    """``head`` with each bed setting's comparison against doing nothing (by setting code)."""
    beds = tuple(replace(b, do_nothing=comparisons.get(b.setting)) for b in head.beds)
    return replace(head, beds=beds)
