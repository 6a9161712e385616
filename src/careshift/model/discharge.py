"""The flow out of hospital (discharge to assess): patients medically fit but waiting in acute beds.

Patients who no longer meet the criteria to reside leave by one of four pathways: P0 home without new
support, P1 home with support (reablement or home care places), P2 a rehabilitation or reablement bed, P3
a care home. The model follows the IPACS model used for discharge-to-assess capacity planning in
Bristol, North Somerset and South Gloucestershire (Wood, Murch et al., BNSSG ICB modelling and analytics,
"IPACS: Improving Patient flow between Acute, Community and Social care"): each of P1-P3 is a queue with
``c`` downstream places (visit-based for P1, bed-based for P2 and P3), arrivals of patients ready to
leave at rate ``lambda`` a day and a stay ``T`` in the service; a patient who finds every place taken
waits in an acute bed. IPACS simulates patients; this engine, vectorised over iterations, uses a
queueing approximation per pathway, locality and iteration:

* utilisation ``rho = lambda T / c``; in month ``m`` arrivals follow the emergency-admissions profile
  ``a_m`` (``careshift.model.seasonality``), so ``rho_m = rho a_m``;
* the stationary M/M/c queue by Sakasegawa's approximation ``L_q = rho^sqrt(2(c + 1)) / (1 - rho)``
  (Sakasegawa 1977, *Ann. Inst. Stat. Math.* 29; Hopp and Spearman, *Factory Physics*, eq. 8.21), with
  ``rho_m`` capped at 0.95: near full use the queue takes months to build (its relaxation time grows
  as ``T / (c (1 - sqrt(rho))^2)``, about 80 days for 550 places at 95%), so a month does not reach the
  stationary queue, and beyond 100% the fluid backlog below takes over (the waiting is continuous and
  increasing in ``rho``);
* a fluid backlog for months when arrivals exceed what the places can serve: ``B_m = max(B_{m-1} +
  (lambda_m - c / T) days_m, 0)`` (the pointwise stationary fluid flow approximation of Tipper and
  Sundareshan 1990, *IEEE JSAC* 8(9)), starting from none in April, after the winter has cleared;
* the patients waiting in month ``m``: ``L_q(min(rho_m, cap)) + (B_{m-1} + B_m) / 2``; the year's mean
  weights months by days. P0 waits are internal (transport, medicines): ``lambda_0 W_0``.

**Calibration.** In the base year the patients waiting by pathway equal the published figure (OUH
patients no longer meeting the criteria to reside, ``discharge:not_meeting_criteria``) as a
resident-equivalent, ``x s / c`` (``s`` the share who are Oxfordshire residents,
``discharge:resident_share``; ``c`` the share of residents' admissions and bed days at OUH, the pack's
``calibration`` table, as for today's beds: residents delayed in other trusts' beds wait for the same
services), times the assumed share by pathway, split over localities by their emergency bed days;
arrivals are the published discharges a day, ``x s / c``, times the pathway shares. The base
year's utilisation ``rho_0`` per pathway and locality is solved (bisection) so the queue model
reproduces those waits; today's places are then ``c_0 = lambda_0 T / rho_0`` (in every iteration, with
its own draws of shares and stays).

**Years ahead.** Arrivals follow the emergency admissions of the scenario (after its levers); places
follow the do-nothing demand (``discharge.capacity_growth: demand``, the default, as every other
setting's capacity does) or stay at today's (``fixed``); ``add_capacity`` levers add places and
``faster_discharge`` levers shorten the stay (P0: the internal wait). The acute bed days of the driver
activity are today's bed days with today's delays taken out in proportion and the modelled delays put
back: ``D += 365 (waiting - waiting_0 x D / D_0)``; added places add their activity (``365 c / T``
episodes, and bed days for bed-based services) so they are costed and staffed like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from careshift.datapack.pack import DataPack, FloatArray
from careshift.errors import ModelError
from careshift.model.assumptions import multiplier, stream_name
from careshift.model.distributions import Distribution, Fixed, Parameter
from careshift.model.levers import ramp
from careshift.model.scenario import DischargeLever, Scenario, to_distribution
from careshift.model.seasonality import DAYS, seasonality

PATHWAYS = ("p0", "p1", "p2", "p3")
QUEUED = ("p1", "p2", "p3")
APRIL_FIRST = np.r_[3:12, 0:3]  # financial-year order of calendar months
DELAYS_TRUST = (
    "RTH"  # the trust whose delays the pack's discharge figures count (datapack/build/discharge.py)
)
STATIONARY_UP_TO = 0.95  # utilisation above which a month is too short to reach the stationary queue


@dataclass(frozen=True)
class FlowData:
    """A pack's discharge flow in the base year, calibrated (central values).

    ``arrivals[p, l]`` discharges a day of residents ready to leave, ``waiting[p, l]`` patients waiting,
    ``stay[q]`` days in the P1-P3 services, ``utilisation[q, l]`` the calibrated base-year ``rho_0``,
    ``wait0`` the P0 internal wait (days), ``season[m]`` and ``days[m]`` April first, ``driver`` and
    ``service[q]`` activity indices, ``bed_based[q]``; the share and stay multipliers' distributions.
    """

    driver: int
    service: tuple[int, ...]
    bed_based: tuple[bool, ...]
    arrivals: FloatArray
    waiting: FloatArray
    stay: FloatArray
    utilisation: FloatArray
    wait0: float
    season: FloatArray
    days: FloatArray
    share_dists: tuple[Distribution, ...]
    stay_dists: tuple[Distribution, ...]


def _estimate(pack: DataPack, key: str) -> float:
    if key not in pack.estimates:
        raise ModelError(
            f"The data pack has discharge figures but no {key!r}.",
            hint="Give every discharge:* figure (docs/background/method.md, 'The flow out of hospital').",
        )
    return float(pack.estimates[key].value)


def _flagged(pack: DataPack, prefix: str) -> str:
    found = [k.removeprefix(prefix) for k in pack.estimates if k.startswith(prefix)]
    if len(found) != 1:
        raise ModelError(f"The data pack needs exactly one {prefix}<activity> estimate, not {len(found)}.")
    return found[0]


def trust_share(pack: DataPack) -> float:
    """``c``: the share of residents' admissions and bed days that are at the trust whose delays the pack
    counts (its ``calibration`` row 'emergency admissions'); 1 when the pack has none."""
    cal = pack.published.calibration if pack.published is not None else None
    if cal is None or cal.empty:
        return 1.0
    hit = cal[(cal["measure"] == "emergency admissions") & (cal["organisation"] == DELAYS_TRUST)]
    return float(hit["trust_share"].iloc[0]) if len(hit) else 1.0


def resident_equivalent(pack: DataPack) -> float:
    """``s / c``: the trust's delayed patients (and their discharges) as residents delayed wherever they
    are (module docs; the assumption: residents' delays in other trusts' beds as common as at this
    one's)."""
    return _estimate(pack, "discharge:resident_share") / trust_share(pack)


def flow_data(pack: DataPack, driver_bed_days: FloatArray) -> FlowData | None:
    """The pack's flow (``None`` when it has no ``discharge:*`` figures). ``driver_bed_days[l]`` are the
    base year's bed days of the driver activity, which split the county's figures over localities."""
    if "discharge:not_meeting_criteria" not in pack.estimates:
        return None
    resident = resident_equivalent(pack)
    total_wait = _estimate(pack, "discharge:not_meeting_criteria") * resident
    total_leave = _estimate(pack, "discharge:discharges_per_day") * resident
    share = np.array([_estimate(pack, f"discharge:pathway_share:{p}") for p in PATHWAYS])
    delay = np.array([_estimate(pack, f"discharge:delay_share:{p}") for p in PATHWAYS])
    split = driver_bed_days / driver_bed_days.sum()
    arrivals = total_leave * (share / share.sum())[:, None] * split[None, :]
    waiting = total_wait * (delay / delay.sum())[:, None] * split[None, :]
    stay = np.array([_estimate(pack, f"discharge:downstream_los:{q}") for q in QUEUED])
    services = [pack.activity_index(_flagged(pack, f"discharge:service:{q}:")) for q in QUEUED]
    profile = seasonality(pack).admissions[APRIL_FIRST]
    days = DAYS[APRIL_FIRST]
    return FlowData(
        driver=pack.activity_index(_flagged(pack, "discharge:driver:")),
        service=tuple(services),
        bed_based=tuple(bool(pack.los[a].max() > 0) for a in services),
        arrivals=arrivals,
        waiting=waiting,
        stay=stay,
        utilisation=calibrate(arrivals[1:], stay[:, None], waiting[1:], profile, days),
        wait0=float(waiting[0].sum() / arrivals[0].sum()),
        season=profile,
        days=days,
        share_dists=tuple(_dist(pack, f"discharge:pathway_share:{p}") for p in PATHWAYS),
        stay_dists=tuple(_dist(pack, f"discharge:downstream_los:{q}") for q in QUEUED),
    )


def _dist(pack: DataPack, key: str) -> Distribution:
    return multiplier(key, pack.estimates[key]) if key in pack.estimates else Fixed(1.0)


def mean_waiting(
    arrivals: FloatArray, stay: FloatArray, rho: FloatArray, season: FloatArray, days: FloatArray
) -> FloatArray:
    """Mean patients waiting over a year (see the module docstring), elementwise over broadcast arrays of
    ``arrivals`` (a day), ``stay`` (days) and base utilisation ``rho``; ``season[m]``, ``days[m]`` from
    April.

    The same arithmetic as ``mean_waiting_reference``, element for element and in the same order, so the
    numbers are identical; it is only arranged for speed: the stationary queue runs over blocks of
    ``BLOCK`` elements that stay in the CPU cache with reused buffers, and the fluid backlog only over
    the elements where some month's arrivals exceed what the places can serve (elsewhere it is exactly
    0, and the reference's ``(queue + 0) x days`` equals ``queue x days``)."""
    arrivals, stay, rho = np.broadcast_arrays(
        np.asarray(arrivals, float), np.asarray(stay, float), np.maximum(rho, 1e-9)
    )
    shape = rho.shape
    a, r = np.ravel(arrivals), np.ravel(rho)
    served = a / r  # completions a day with every place in use
    over = np.flatnonzero(a * season.max() - served > 0)  # a backlog can build in some month
    if len(over) in (0, a.size):  # one kind of element: no gathering
        total = _blocked_days(a, np.ravel(stay), r, season, days, backlog=len(over) > 0)
    else:
        total = np.empty(a.size)
        under = np.ones(a.size, bool)
        under[over] = False
        total[under] = _blocked_days(a[under], np.ravel(stay)[under], r[under], season, days, backlog=False)
        total[over] = _blocked_days(a[over], np.ravel(stay)[over], r[over], season, days, backlog=True)
    total /= days.sum()
    return total.reshape(shape)


BLOCK = 16_384  # elements per block of the stationary queue (a few arrays of this fit the L2 cache)


def _blocked_days(
    a: FloatArray, stay: FloatArray, rho: FloatArray, season: FloatArray, days: FloatArray, backlog: bool
) -> FloatArray:
    """``sum_m days_m (L_q(m) + mean backlog(m))`` for 1-d arrays, by blocks (without the backlog
    when ``backlog`` is false: the caller knows it is 0)."""
    places = a * stay
    places /= rho
    np.maximum(places, 1.0, out=places)
    beta = places
    beta += 1.0
    beta *= 2.0
    np.sqrt(beta, out=beta)
    log_rho = np.log(rho)
    served = a / rho
    total = np.zeros(a.size)
    size = min(BLOCK, a.size)
    buffers = [np.empty(size) for _ in range(5)]
    for start in range(0, a.size, BLOCK):
        block = slice(start, min(start + BLOCK, a.size))
        n = block.stop - start
        parts = (rho[block], log_rho[block], beta[block], a[block], served[block], total[block])
        _months(*parts, season, days, backlog, *(b[:n] for b in buffers))
    return total


def _months(
    rho: FloatArray,
    log_rho: FloatArray,
    beta: FloatArray,
    a: FloatArray,
    served: FloatArray,
    out: FloatArray,
    season: FloatArray,
    days: FloatArray,
    backlog: bool,
    c: FloatArray,
    q: FloatArray,
    start: FloatArray,
    end: FloatArray,
    mean: FloatArray,
) -> None:
    """One block, month by month, in place on ``out``; the operations (and their order) of
    ``_reference_days`` element for element (``x + y == y + x`` exactly)."""
    log_cap = np.log(STATIONARY_UP_TO)
    start[:] = 0.0
    for m in range(len(days)):
        np.add(log_rho, np.log(season[m]), out=c)
        np.minimum(c, log_cap, out=c)
        np.multiply(beta, c, out=q)
        np.exp(q, out=q)  # rho_m ** beta
        np.multiply(rho, season[m], out=c)
        np.minimum(c, STATIONARY_UP_TO, out=c)
        np.subtract(1.0, c, out=c)
        q /= c  # L_q
        if backlog:
            np.multiply(a, season[m], out=end)
            end -= served
            end *= days[m]
            end += start
            np.maximum(end, 0.0, out=end)
            np.add(start, end, out=mean)
            mean *= 0.5
            q += mean
            start, end = end, start
        q *= days[m]
        out += q


def mean_waiting_reference(
    arrivals: FloatArray, stay: FloatArray, rho: FloatArray, season: FloatArray, days: FloatArray
) -> FloatArray:
    """``mean_waiting`` written plainly, month by month over whole arrays (the reference it is tested
    against, and what it computes for elements with a backlog)."""
    return np.asarray(_reference_days(arrivals, stay, rho, season, days) / days.sum(), float)


def _reference_days(
    arrivals: FloatArray, stay: FloatArray, rho: FloatArray, season: FloatArray, days: FloatArray
) -> FloatArray:
    """``sum_m days_m (L_q(m) + mean backlog(m))``, month by month."""
    rho = np.maximum(rho, 1e-9)
    places = np.maximum(arrivals * stay / rho, 1.0)
    beta = np.sqrt(2.0 * (places + 1.0))
    log_cap = np.log(STATIONARY_UP_TO)
    log_rho = np.log(rho)
    served = arrivals / rho  # completions a day with every place in use
    backlog = np.zeros(np.broadcast(arrivals, rho, stay).shape)
    total = np.zeros_like(backlog)
    for m in range(len(days)):
        # rho_m ** beta / (1 - rho_m) with rho_m = min(rho a_m, cap): the power as exp(beta log rho_m)
        capped = np.minimum(log_rho + np.log(season[m]), log_cap)
        queue = np.exp(beta * capped) / (1.0 - np.minimum(rho * season[m], STATIONARY_UP_TO))
        end = np.maximum(backlog + (arrivals * season[m] - served) * days[m], 0.0)
        total += (queue + 0.5 * (backlog + end)) * days[m]
        backlog = end
    return total


def calibrate(
    arrivals: FloatArray, stay: FloatArray, waiting: FloatArray, season: FloatArray, days: FloatArray
) -> FloatArray:
    """The utilisation ``rho_0`` at which ``mean_waiting`` equals ``waiting`` (bisection on [0.01, 3];
    the waiting increases with ``rho``)."""
    lo, hi = np.full(np.shape(waiting), 0.01), np.full(np.shape(waiting), 3.0)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        high = mean_waiting(arrivals, stay, mid, season, days) > waiting
        lo, hi = np.where(high, lo, mid), np.where(high, mid, hi)
    return np.asarray(0.5 * (lo + hi), float)


# ---- scenario levers and one chunk of iterations ----


@dataclass(frozen=True)
class CompiledFlowLever:
    """A discharge lever: ``kind`` ``add_capacity`` (places, split over localities by
    ``locality_share[l]``) or ``faster_discharge`` (a fractional change of the stay), on ``pathway``
    (index into ``PATHWAYS``), ramping in by ``ramp[year]``."""

    name: str
    kind: str
    pathway: int
    ramp: FloatArray
    locality_share: FloatArray


@dataclass(frozen=True)
class FlowContext:
    """Everything a chunk needs for the flow: the pack's ``data``, the scenario's levers, whether places
    stay fixed, the base year's driver units and bed days by locality (central), and the index of the
    first year any lever (of demand or discharge) has an effect: before it the scenario's flow is the
    do-nothing flow exactly, so it is not computed twice."""

    data: FlowData
    levers: tuple[CompiledFlowLever, ...]
    fixed_capacity: bool
    base_units: FloatArray
    base_bed_days: FloatArray
    first_lever_year: int = 0


@dataclass(frozen=True)
class FlowDraws:
    """One chunk's draws: ``share[i, p]`` and ``stay[i, q]`` multipliers, ``lever[i, k]`` lever values."""

    share: FloatArray
    stay: FloatArray
    lever: FloatArray


@dataclass(frozen=True)
class FlowState:
    """Patients waiting ``waiting[p, y, l, i]`` and arrivals a day ``arrivals[p, y, l, i]``."""

    waiting: FloatArray
    arrivals: FloatArray

    @property
    def total(self) -> FloatArray:
        return np.asarray(self.waiting.sum(axis=0), float)


#: per-iteration rows a chunk keeps (``measures``): patients waiting by pathway, arrivals a day on P1-P3
#: (for the mean wait), acute beds freed against doing nothing, and the cost of the delayed bed days.
ROWS = (
    *(f"waiting_{p}" for p in PATHWAYS),
    *(f"arrivals_{q}" for q in QUEUED),
    "acute_beds_freed",
    "delay_cost",
)


def _effect(
    fc: FlowContext, draws: FlowDraws, kind: str, pathway: int, upto: int, years: slice
) -> FloatArray:
    """Sum over levers ``< upto`` of ``kind`` on ``pathway``: ``ramp[y] x value[i]``: ``[y, l, i]``
    for the ``years`` (places are split over localities; a stay change is the same everywhere)."""
    n_y, n_l = len(fc.levers[0].ramp[years]) if fc.levers else 0, len(fc.base_units)
    out = np.zeros((n_y, n_l, len(draws.share))) if fc.levers else np.zeros((1, 1, 1))
    for k, lever in enumerate(fc.levers[:upto]):
        if lever.kind == kind and lever.pathway == pathway:
            share = lever.locality_share if kind == "add_capacity" else np.ones(n_l)
            out = out + lever.ramp[years, None, None] * share[None, :, None] * draws.lever[None, None, :, k]
    return out


def waiting(
    fc: FlowContext,
    draws: FlowDraws,
    units: FloatArray,
    do_nothing_units: FloatArray,
    upto: int,
    years: slice = slice(None),
) -> tuple[FlowState, list[tuple[FloatArray, FloatArray]]]:
    """Patients waiting by pathway for driver ``units[y, l, i]`` (and the do-nothing units that set the
    places), with the first ``upto`` levers; and per P1-P3 the places added and the stay ``[y, l, i]``;
    for the ``years`` only."""
    d = fc.data
    units, do_nothing_units = units[years], do_nothing_units[years]
    ratio = units / fc.base_units[None, :, None]
    places_growth = 1.0 if fc.fixed_capacity else do_nothing_units / fc.base_units[None, :, None]
    arrivals = d.arrivals[:, None, :, None] * draws.share.T[:, None, None, :] * ratio[None]
    waits = [
        arrivals[0] * d.wait0 * np.maximum(1 + _effect(fc, draws, "faster_discharge", 0, upto, years), 0.0)
    ]
    added: list[tuple[FloatArray, FloatArray]] = []
    for q in range(len(QUEUED)):
        stay0 = d.stay[q] * draws.stay[:, q]  # [i]
        base_arrivals = d.arrivals[q + 1][:, None] * draws.share[:, q + 1][None, :]  # [l, i]
        places = (base_arrivals * stay0 / d.utilisation[q][:, None])[None] * places_growth
        more = _effect(fc, draws, "add_capacity", q + 1, upto, years)
        stay = stay0[None, None, :] * np.maximum(
            1 + _effect(fc, draws, "faster_discharge", q + 1, upto, years), 0.05
        )
        total = np.maximum(places + more, 1e-6)
        rho = arrivals[q + 1] * stay / total
        waits.append(mean_waiting(arrivals[q + 1], stay, rho, d.season, d.days))
        added.append((np.broadcast_to(more, rho.shape), np.broadcast_to(stay, rho.shape)))
    return FlowState(np.stack(waits), arrivals), added


def apply_flow(
    fc: FlowContext,
    draws: FlowDraws,
    units: FloatArray,
    bed_days: FloatArray,
    do_nothing: FloatArray,
    upto: int,
    before: FlowState,
) -> FlowState:
    """Put the modelled delays into the driver's bed days and the added places' activity into their
    services, in place on ``units[a, y, l, i]`` and ``bed_days[a, y, l, i]``; ``do_nothing`` is the
    driver's do-nothing units ``[y, l, i]`` and ``before`` the do-nothing flow, which is the scenario's
    until the first lever year (``FlowContext.first_lever_year``)."""
    d = fc.data
    state = _scenario_state(fc, draws, units, bed_days, do_nothing, upto, before)
    today = d.waiting.sum(axis=0)[None, :, None] * bed_days[d.driver] / fc.base_bed_days[None, :, None]
    bed_days[d.driver] = np.maximum(bed_days[d.driver] + 365.0 * (state.total - today), 0.0)
    return state


def _scenario_state(
    fc: FlowContext,
    draws: FlowDraws,
    units: FloatArray,
    bed_days: FloatArray,
    do_nothing: FloatArray,
    upto: int,
    before: FlowState,
) -> FlowState:
    """The scenario's flow: the do-nothing flow up to the first lever year, the queues from then on
    (adding the added places' activity to their services, in place on ``units`` and ``bed_days``)."""
    first, d = fc.first_lever_year, fc.data
    if first >= len(do_nothing):
        return before
    later = slice(first, None)
    state, added = waiting(fc, draws, units[d.driver], do_nothing, upto, later)
    for (places, stay), activity, beds in zip(added, d.service, d.bed_based, strict=True):
        if fc.levers:
            units[activity, later] += places * 365.0 / stay
            if beds:
                bed_days[activity, later] += places * 365.0
    if first == 0:
        return state
    return FlowState(
        np.concatenate([before.waiting[:, :first], state.waiting], axis=1),
        np.concatenate([before.arrivals[:, :first], state.arrivals], axis=1),
    )


def do_nothing_extra_bed_days(
    fc: FlowContext, draws: FlowDraws, units: FloatArray, bed_days: FloatArray
) -> tuple[FlowState, FloatArray]:
    """The do-nothing delays and the change they make to the driver's bed days ``[y, l, i]`` (without
    changing the arrays)."""
    d = fc.data
    state, _ = waiting(fc, draws, units, units, 0)
    today = d.waiting.sum(axis=0)[None, :, None] * bed_days / fc.base_bed_days[None, :, None]
    return state, np.maximum(bed_days + 365.0 * (state.total - today), 0.0) - bed_days


@dataclass
class FlowOutcome:
    """What a chunk's flow produced: the do-nothing delays and the bed days they change, and the
    scenario's delays (filled in by ``pipeline.steps``)."""

    do_nothing: FlowState | None = None
    do_nothing_extra: FloatArray | None = None
    state: FlowState | None = None


def compile_flow(
    scenario: Scenario,
    pack: DataPack,
    base_units: FloatArray,
    base_bed_days: FloatArray,
    years: tuple[int, ...],
) -> FlowContext | None:
    """The scenario's flow on ``pack`` (``None`` when the pack has no discharge figures, and then the
    scenario's discharge levers do nothing, so one scenario runs on any pack); ``base_units``
    and ``base_bed_days`` ``[activity, locality]`` are the base year's (principal projection)."""
    data = flow_data(pack, base_bed_days[_driver(pack)]) if _driver(pack) >= 0 else None
    if data is None:
        return None  # no flow to act on: discharge levers have no effect on such a pack
    split = data.arrivals.sum(axis=0) / data.arrivals.sum()
    return FlowContext(
        data=data,
        levers=tuple(_compile_lever(lv, pack, years, split) for lv in scenario.discharge.levers),
        fixed_capacity=scenario.discharge.capacity_growth == "fixed",
        base_units=base_units[data.driver],
        base_bed_days=base_bed_days[data.driver],
        first_lever_year=first_lever_year(scenario, years),
    )


def first_lever_year(scenario: Scenario, years: tuple[int, ...]) -> int:
    """The index of the first of ``years`` in which a lever of demand or discharge has an effect (its ramp
    is above 0; ramps never fall back), or ``len(years)`` when none does."""
    spans = [(lv.start_year, lv.full_effect_year) for lv in scenario.levers]
    spans += [(lv.start_year, lv.full_effect_year) for lv in scenario.discharge.levers]
    ramps = [ramp(years, start, full) for start, full in spans]
    active = np.flatnonzero(np.any(ramps, axis=0)) if ramps else np.zeros(0, np.int64)
    return int(active[0]) if active.size else len(years)


@dataclass(frozen=True)
class Today:
    """The flow in the base year from the calibrated queues (central values, county): residents waiting
    on an average day (``waiting``), their discharges a day (``discharges``), and ``s / c``
    (``resident_equivalent``), which divides them back to the trust's count."""

    waiting: float
    discharges: float
    resident_equivalent: float


def today(pack: DataPack, base_bed_days: FloatArray) -> Today | None:
    """``Today`` for ``pack`` (``None`` without discharge figures); ``base_bed_days[activity, locality]``
    are the base year's bed days, as ``compile_flow`` takes them. The waiting is the queue model's own
    output at today's places (``mean_waiting`` at the calibrated utilisation, plus the P0 internal
    waits), so it checks the calibration rather than restating its target."""
    data = flow_data(pack, base_bed_days[_driver(pack)]) if _driver(pack) >= 0 else None
    if data is None:
        return None
    queued = mean_waiting(data.arrivals[1:], data.stay[:, None], data.utilisation, data.season, data.days)
    waiting = float(queued.sum() + data.arrivals[0].sum() * data.wait0)
    return Today(waiting, float(data.arrivals.sum()), resident_equivalent(pack))


def _driver(pack: DataPack) -> int:
    found = [k.removeprefix("discharge:driver:") for k in pack.estimates if k.startswith("discharge:driver:")]
    return pack.activity_index(found[0]) if found else -1


def _compile_lever(
    lever: DischargeLever, pack: DataPack, years: tuple[int, ...], split: FloatArray
) -> CompiledFlowLever:
    share = split.copy()
    if lever.localities:
        keep = np.zeros(len(split), bool)
        keep[[pack.locality_index(code) for code in lever.localities]] = True
        share = np.where(keep, split, 0.0)
    return CompiledFlowLever(
        name=lever.name,
        kind=lever.kind,
        pathway=PATHWAYS.index(lever.pathway),
        ramp=ramp(years, lever.start_year, lever.full_effect_year),
        locality_share=share / share.sum(),
    )


def drawn_keys() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The pack's ``discharge:*`` estimates a run draws per iteration (with ``uncertainty.assumptions``):
    the pathway shares and the downstream stays. Every other ``discharge:*`` figure (the published
    counts, the residents' share, the delay shares) is used at its central value: the counts and delay
    shares are calibration targets that every iteration reproduces."""
    shares = tuple(f"discharge:pathway_share:{p}" for p in PATHWAYS)
    return shares, tuple(f"discharge:downstream_los:{q}" for q in QUEUED)


def flow_parameters(
    scenario: Scenario, pack: DataPack
) -> tuple[list[Parameter], list[Parameter], list[Parameter]]:
    """The named uncertain parameters of the flow: pathway-share and stay multipliers (the pack's) and
    each discharge lever's value (the scenario's)."""
    if "discharge:not_meeting_criteria" not in pack.estimates:
        return [], [], []

    def named(key: str) -> Parameter:
        return Parameter(stream_name(key), _dist(pack, key))

    share_keys, stay_keys = drawn_keys()
    shares = [named(key) for key in share_keys]
    stays = [named(key) for key in stay_keys]
    levers = [
        Parameter(
            f"discharge_levers:{lv.name}:value",
            to_distribution((lv.places if lv.kind == "add_capacity" else lv.los_change) or 0.0),
        )
        for lv in scenario.discharge.levers
    ]
    return shares, stays, levers


def flow_draws(fc: FlowContext, share: FloatArray, stay: FloatArray, lever: FloatArray) -> FlowDraws:
    """One chunk's draws, the pathway-share multipliers rescaled so the shares still add up to one."""
    base = fc.data.arrivals.sum(axis=1)
    base = base / base.sum()
    share = np.maximum(share, 0.0)
    floor = np.array([0.0 if lv.kind == "add_capacity" else -0.95 for lv in fc.levers])
    lever = np.maximum(lever, floor) if fc.levers else lever
    return FlowDraws(share / (share * base).sum(axis=1, keepdims=True), np.maximum(stay, 0.05), lever)


def measures(fc: FlowContext, out: FlowOutcome, bed_day_cost: FloatArray) -> FloatArray:
    """``[row, y, l, i]`` in the order of ``ROWS`` (``bed_day_cost[i]`` of the driver)."""
    assert out.state is not None and out.do_nothing is not None
    state = out.state
    total = state.total
    return np.concatenate(
        [
            state.waiting,
            state.arrivals[1:],
            (out.do_nothing.total - total)[None],
            (total * 365.0 * bed_day_cost[None, None, :])[None],
        ]
    )
