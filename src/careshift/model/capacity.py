"""Beds: occupancy arithmetic, the chance an arriving patient finds no bed, and the Erlang loss formula.

For a bed setting with ``D`` bed days a year, the mean number of occupied beds is ``A = D / 365`` and the
beds needed at a target occupancy ``rho`` are ``D / (365 rho)``. Two views of risk sit beside that:

**No bed (the default risk target).** Patients who find every bed full are not lost: they wait in the
emergency department, board on another ward or are cared for elsewhere. With Poisson admissions the
number of patients needing a bed at once is Poisson with mean ``A`` whatever the length-of-stay
distribution (the infinite-server queue M/G/inf; Kleinrock 1975, sec. 3.5; Palm's theorem), so the
probability that an arriving patient finds all ``n`` beds taken is, by PASTA (Wolff 1982),

    P_full(A, n) = P(N >= n) = sum_{k >= n} e^-A A^k / k!

which is also the share of time (of days) spent at or above full occupancy: a target of 0.05 reads
"no more than one day in twenty at or above full occupancy". Over a year with a winter peak the load is
``A_m`` in month ``m`` and the risk is the arrival-weighted mean over months
(``careshift.model.seasonality``). Beds for a risk ``r`` are the fewest ``n`` with ``P_full <= r``, and
never fewer than the mean occupied beds (``n >= ceil(A)``): a hospital cannot plan to fewer beds than it
fills on an average day.

**Loss (Erlang B).** Treating patients who find every bed full as turned away (or diverted), the
probability of turning a patient away is the Erlang loss formula with offered load ``A``:

    B(A, n) = (A^n / n!) / sum_{k=0}^{n} A^k / k!

also insensitive to the LOS distribution beyond its mean, evaluated by the stable recursion ``B(A, 0) =
1``, ``B(A, n) = A B(A, n-1) / (n + A B(A, n-1))``. For a large hospital ``B(A, n) ~ 1 - n / A`` below
``A``, so the loss view alone would size a 966-bed load at about 930 beds (it assumes the 36 patients a
day over are lost); ``beds_for_risk(..., measure="erlang_loss")`` therefore also keeps the floor
``n >= ceil(A)``.

References: A. K. Erlang (1917), "Solution of some problems in the theory of probabilities of
significance in automatic telephone exchanges", *Elektroteknikeren* 13; L. Kleinrock (1975), *Queueing
Systems, Volume 1: Theory*, Wiley, sections 3.5 (M/M/inf) and 3.7 (M/M/m/m); R. W. Wolff (1982),
"Poisson arrivals see time averages", *Operations Research* 30(2); applied to hospital beds by de Bruin
et al. (2010), "Dimensioning hospital wards using the Erlang loss model", *Annals of Operations Research*
178, and Bagust, Place and Posnett (1999), "Dynamics of bed use in accommodating emergency admissions:
stochastic simulation model", *BMJ* 319 (risk of a full hospital rising sharply above 85-90% occupancy).

**Quantiles commute with monotone maps.** Every risk here increases with the load for fixed beds and the
beds needed for a risk increase with the load; so the P10/P50/P90 of either over Monte Carlo runs equal
the map applied to the P10/P50/P90 of the load (with quantiles taken as order statistics). The engine
therefore evaluates them only on three quantiles per cell instead of on every iteration.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import numpy.typing as npt

from careshift.errors import ModelError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
DAYS_PER_YEAR = 365.0
RiskMeasure = Literal["no_bed", "erlang_loss"]
RISK_MEASURES: tuple[RiskMeasure, ...] = ("no_bed", "erlang_loss")


def _check_load(offered_load: float) -> float:
    if not math.isfinite(offered_load) or offered_load < 0:
        raise ModelError(f"offered_load {offered_load!r} must be a finite number >= 0 (mean occupied beds).")
    return float(offered_load)


def erlang_b(offered_load: float, beds: int) -> float:
    """Probability that an arrival finds all ``beds`` busy: Erlang B for offered load ``A`` (erlangs).

    ``B(0) = 1; B(n) = A B(n-1) / (n + A B(n-1))`` (Erlang 1917; Kleinrock 1975, eq. 3.44).

    >>> erlang_b(1.0, 1)
    0.5
    >>> round(erlang_b(2.0, 2), 6)
    0.4
    """
    load = _check_load(offered_load)
    if beds < 0 or int(beds) != beds:
        raise ModelError(f"beds {beds!r} must be a whole number >= 0.")
    b = 1.0
    for n in range(1, int(beds) + 1):
        b = load * b / (n + load * b)
    return b


def _check_risk(max_risk: float) -> float:
    if not 0 < max_risk < 1:
        raise ModelError(f"max_risk {max_risk!r} must be between 0 and 1 (e.g. 0.05 for a 5% risk).")
    return float(max_risk)


def _check_measure(measure: str) -> None:
    if measure not in RISK_MEASURES:
        raise ModelError(f"Unknown risk measure {measure!r}.", hint="Use 'no_bed' or 'erlang_loss'.")


def erlang_beds(offered_load: float, max_risk: float) -> int:
    """The smallest number of beds ``n`` with ``erlang_b(offered_load, n) <= max_risk`` (pure loss view,
    no floor: may be below the load).

    >>> erlang_beds(1.0, 0.5)
    1
    >>> erlang_beds(966.0, 0.05) < 966
    True
    """
    load, max_risk = _check_load(offered_load), _check_risk(max_risk)
    if load == 0:
        return 0
    b, n = 1.0, 0
    while b > max_risk:
        n += 1
        b = load * b / (n + load * b)
    return n


def probability_no_bed(offered_load: float, beds: int) -> float:
    """``P(N >= beds)``, ``N ~ Poisson(offered_load)``: the probability that an arriving patient finds
    every bed taken (and the share of days at or above full occupancy).

    >>> probability_no_bed(1.0, 0)
    1.0
    >>> round(probability_no_bed(2.0, 1), 6)  # 1 - e^-2
    0.864665
    """
    load = _check_load(offered_load)
    if beds <= 0:
        return 1.0
    if load == 0:
        return 0.0
    return float(probability_no_bed_array(np.array([[load]]), np.ones(1), np.array([int(beds)]))[0])


def beds_for_risk(offered_load: float, max_risk: float, measure: RiskMeasure = "no_bed") -> int:
    """The fewest beds, never fewer than the load (``ceil(offered_load)``), whose risk is at most
    ``max_risk``: ``measure="no_bed"`` (default) the probability an arrival finds no bed; ``"erlang_loss"``
    the Erlang B probability of turning a patient away.

    >>> beds_for_risk(10.0, 0.05)  # P(N >= 16) = 0.049 for N ~ Poisson(10)
    16
    >>> beds_for_risk(10.0, 0.05, "erlang_loss")  # B(10, 15) = 0.037
    15
    >>> beds_for_risk(0.0, 0.01)
    0
    """
    return int(beds_for_risk_array(np.array([_check_load(offered_load)]), _check_risk(max_risk), measure)[0])


# Above this many beds, the array versions switch from the vectorised recursion to a per-element search.
SMALL = 1_000


def _erlang_b_series(load: float, beds: int) -> float:
    """Erlang B by the downward series ``1/B = sum_j prod_{m<j} (n - m) / A``, truncated once terms are
    negligible: ``O(max(n - A, 0) + sqrt(A))`` steps instead of ``O(n)``; used for large ``n``."""
    if load == 0:
        return 0.0 if beds > 0 else 1.0
    total, term = 1.0, 1.0
    for m in range(beds):
        term *= (beds - m) / load
        total += term
        if term < 1e-17 * total:
            break
        if total > 1e300:
            return 0.0
    return 1.0 / total


def _beds_for_risk_search(load: float, max_risk: float) -> int:
    """``beds_for_risk`` for a large load. Start a little below the answer, at ``n0 = A (1 - risk) -
    4 sqrt(A)`` (for large ``A``, ``B(A, n) ~ 1 - n / A`` below ``A``), halving ``n0`` until
    ``B(A, n0) > max_risk`` (by the series), then walk up with the stable forward recursion
    ``B(n+1) = A B(n) / (n + 1 + A B(n))`` to the first ``n`` with ``B <= max_risk``."""
    n = max(0, int(load * (1 - max_risk) - 4 * math.sqrt(load)))
    b = _erlang_b_series(load, n)
    while n > 0 and b <= max_risk:
        n //= 2
        b = _erlang_b_series(load, n)
    while b > max_risk:
        n += 1
        b = load * b / (n + load * b)
    return n


def erlang_b_array(offered_load: FloatArray, beds: IntArray) -> FloatArray:
    """Vectorised ``erlang_b`` over arrays of loads and bed numbers (broadcast together).

    Elements with up to ``SMALL`` beds share one vectorised recursion, dropping out as they reach their
    own bed number; larger ones use the truncated series (same values to rounding).
    """
    load, beds = np.broadcast_arrays(np.asarray(offered_load, float), np.asarray(beds, np.int64))
    out = np.ones(load.shape)
    flat, loads, n_beds = out.reshape(-1), load.reshape(-1), beds.reshape(-1)
    small = np.flatnonzero(n_beds <= SMALL)
    order = small[np.argsort(n_beds[small], kind="stable")]
    a, n_sorted = loads[order], n_beds[order]
    b, first = np.ones(order.size), 0
    for n in range(1, int(n_sorted.max(initial=0)) + 1):
        while first < order.size and n_sorted[first] < n:
            first += 1
        b[first:] = a[first:] * b[first:] / (n + a[first:] * b[first:])
    flat[order] = b
    for i in np.flatnonzero(n_beds > SMALL):
        flat[i] = _erlang_b_series(float(loads[i]), int(n_beds[i]))
    return out


def beds_for_risk_array(
    offered_load: FloatArray, max_risk: float | FloatArray, measure: RiskMeasure = "no_bed"
) -> IntArray:
    """Vectorised ``beds_for_risk`` for a load even through the year (floored at ``ceil(load)``)."""
    _check_measure(measure)
    load = np.asarray(offered_load, float)
    if measure == "no_bed":
        return beds_for_no_bed_risk(load[..., None], np.ones(1), max_risk)
    return np.maximum(erlang_beds_array(load, max_risk), np.ceil(load - 1e-9).astype(np.int64))


def erlang_beds_array(offered_load: FloatArray, max_risk: float | FloatArray) -> IntArray:
    """Vectorised ``erlang_beds``: smallest ``n`` per element with ``B(A, n) <= max_risk`` (no floor)."""
    load = np.asarray(offered_load, float)
    risk = np.broadcast_to(np.asarray(max_risk, float), load.shape).reshape(-1)
    out = np.zeros(load.shape, np.int64)
    flat, loads = out.reshape(-1), load.reshape(-1)
    todo = np.flatnonzero((loads > 0) & (loads <= SMALL))
    a, r, b, n = loads[todo], risk[todo], np.ones(todo.size), 0
    while todo.size:
        n += 1
        b = a * b / (n + a * b)
        done = b <= r
        flat[todo[done]] = n
        keep = ~done
        todo, a, r, b = todo[keep], a[keep], r[keep], b[keep]
    for i in np.flatnonzero(loads > SMALL):
        flat[i] = _beds_for_risk_search(float(loads[i]), float(risk[i]))
    return out


# ---- the no-bed view: Poisson tails ----
SPREAD = 9.0  # standard deviations above the load covered by the exact sum (the rest is below 1e-18)
EXACT_UP_TO = 300.0  # loads up to this use the exact sum; larger ones the Wilson-Hilferty approximation
_lgamma = np.vectorize(math.lgamma, otypes=[float])
_erfc = np.vectorize(math.erfc, otypes=[float])


def poisson_pmf_grid(loads: FloatArray, first: IntArray, width: int) -> FloatArray:
    """``pmf(first + j)`` of ``Poisson(loads)`` for ``j < width``: ``[..., width]`` for ``loads`` and
    ``first`` broadcast together. One log-gamma and one exponential per cell give ``pmf(first) = exp(first
    log A - A - log first!)``; the rest follow from ``pmf(k) = pmf(k - 1) A / k`` (a running product, no
    logarithm or exponential per point; its relative rounding grows by about 1e-16 a step). A zero load
    has ``pmf(0) = 1``. Callers start at or below the mode, or above it where every term is negligible,
    so ``pmf(first)`` does not underflow where it matters (it is at least ``exp(-A)`` below the mode)."""
    loads, first = np.broadcast_arrays(np.asarray(loads, float), np.asarray(first, np.int64))
    some = loads > 0
    safe = np.where(some, loads, 1.0)
    out = np.empty((*loads.shape, width))
    out[..., 0] = np.exp(first * np.log(safe) - safe - _lgamma(first + 1.0))
    np.divide(safe[..., None], first[..., None] + np.arange(1, width), out=out[..., 1:])
    np.cumprod(out[..., 1:], axis=-1, out=out[..., 1:])
    out[..., 1:] *= out[..., :1]
    if not some.all():
        out[~some] = 0.0
        out[~some & (first == 0), 0] = 1.0
    return out


def _tail_exact(loads: FloatArray, beds: IntArray) -> FloatArray:
    """``P(N >= beds)``, ``N ~ Poisson(loads)``, elementwise (1-d), as ``1 - sum_{k < beds} pmf(k)`` for
    ``beds`` at or below the load and ``sum_{beds <= k} pmf(k)`` above it, each sum over a window of
    ``SPREAD`` standard deviations (``poisson_pmf_grid``)."""
    width = int(np.ceil(SPREAD * np.sqrt(max(float(loads.max(initial=0.0)), 1.0)) + 25))
    upper = beds > loads
    start = np.where(upper, beds, np.maximum(beds - width, 0))
    k = start[:, None] + np.arange(width)
    pmf = poisson_pmf_grid(loads, start, width)
    below = np.where(k < beds[:, None], pmf, 0.0).sum(axis=1)
    return np.where(upper, pmf.sum(axis=1), 1.0 - below).clip(0.0, 1.0)


def _tail_wilson_hilferty(loads: FloatArray, beds: IntArray) -> FloatArray:
    """``P(N >= n) = P(chi2_{2n} <= 2A)`` by the Wilson-Hilferty cube-root normal approximation of the
    chi-square (Wilson and Hilferty 1931, *PNAS* 17; absolute error below 1e-4 for ``A > 300``)."""
    nu = 2.0 * beds
    h = 2.0 / (9.0 * nu)
    z = (np.cbrt(2.0 * loads / nu) - (1.0 - h)) / np.sqrt(h)
    return np.asarray(0.5 * _erfc(-z / math.sqrt(2.0)), float)


def _tail(loads: FloatArray, beds: IntArray) -> FloatArray:
    """``P(N >= beds)`` elementwise for 1-d arrays (1 for no beds, 0 for no load)."""
    out = np.ones(loads.shape)
    some = (beds > 0) & (loads > 0)
    out[(beds > 0) & (loads <= 0)] = 0.0
    exact = some & (loads <= EXACT_UP_TO)
    large = some & ~exact
    if exact.any():
        out[exact] = _tail_exact(loads[exact], beds[exact])
    if large.any():
        out[large] = _tail_wilson_hilferty(loads[large], beds[large])
    return out


def _weighted_tail(loads: FloatArray, weights: FloatArray, beds: IntArray) -> FloatArray:
    """``sum_m w_m P(N_m >= beds)`` for ``loads[cell, m]`` and ``beds[cell]``."""
    return month_weighted(probability_no_bed_by_month(loads, beds), weights)


def probability_no_bed_by_month(loads: FloatArray, beds: IntArray) -> FloatArray:
    """``P(N_m >= beds)`` for each month's load ``loads[..., m]`` at ``beds[...]``: ``[..., m]``."""
    loads = np.maximum(np.asarray(loads, float), 0.0)
    beds = np.broadcast_to(np.asarray(beds, np.int64), loads.shape[:-1])
    n_m = loads.shape[-1]
    return _tail(loads.reshape(-1), np.repeat(beds.reshape(-1), n_m)).reshape(loads.shape)


def month_weighted(by_month: FloatArray, weights: FloatArray) -> FloatArray:
    """The mean over the last axis (months) weighted by ``weights[m]`` (shares of arrivals)."""
    w = np.asarray(weights, float)
    flat = by_month.reshape(-1, by_month.shape[-1]) @ (w / w.sum())
    return np.asarray(flat.reshape(by_month.shape[:-1]), float)


def probability_no_bed_array(loads: FloatArray, weights: FloatArray, beds: IntArray) -> FloatArray:
    """Vectorised ``probability_no_bed`` for cells with a load per month ``loads[..., m]`` and month
    weights ``weights[m]`` (shares of arrivals): the weighted mean over months of ``P(N_m >= beds)``."""
    return month_weighted(probability_no_bed_by_month(loads, beds), weights)


def _exact_curve(loads: FloatArray, w: FloatArray, floor: IntArray) -> tuple[IntArray, FloatArray]:
    """``(first[cell], risk[cell, j])``: ``sum_m w_m P(N_m >= first + j)`` on a grid of whole beds from
    the ``floor`` (no answer lies below it; at most ``SPREAD`` sd below the smallest month's load) to
    ``SPREAD`` sd above the largest (small loads: the grid is short). The months' pmfs on the grid
    (``poisson_pmf_grid``) are weighted first, then the upper tail is one reversed cumulative sum (the
    weighted tail is the tail of the weighted pmf)."""
    top = loads.max(axis=1)
    below = np.floor(loads.min(axis=1) - SPREAD * np.sqrt(top) - 1)
    first = np.maximum(np.maximum(below, 0).astype(np.int64), floor)
    width = int((np.ceil(top + SPREAD * np.sqrt(top) + 25) - first).max(initial=1)) + 1
    mixed = np.einsum("cmj,m->cj", poisson_pmf_grid(loads, first[:, None], width), w)
    return first, np.minimum(np.cumsum(mixed[:, ::-1], axis=-1)[:, ::-1], 1.0)


def _beds_exact(loads: FloatArray, w: FloatArray, risk: FloatArray, floor: IntArray) -> IntArray:
    first, curve = _exact_curve(loads, w, floor)
    ok = curve <= risk[:, None]
    n = first + np.where(ok.any(axis=1), ok.argmax(axis=1), curve.shape[1])
    return np.maximum(n, floor)


def _beds_bisect(loads: FloatArray, w: FloatArray, risk: FloatArray, floor: IntArray) -> IntArray:
    """Bisection on whole beds between ``floor`` and ``max_m A_m + SPREAD sqrt(max_m A_m) + 25``."""
    lo = floor
    top = loads.max(axis=1)
    hi = np.maximum(np.ceil(top + SPREAD * np.sqrt(top) + 25).astype(np.int64), lo)
    hi = np.where(_weighted_tail(loads, w, lo) <= risk, lo, hi)
    while (hi - lo > 1).any():  # lo misses the target (or equals hi), hi meets it
        mid = (lo + hi) // 2
        meets = _weighted_tail(loads, w, mid) <= risk
        hi, lo = np.where(meets, mid, hi), np.where(meets, lo, mid)
    return hi


def beds_for_no_bed_risk(loads: FloatArray, weights: FloatArray, max_risk: float | FloatArray) -> IntArray:
    """The fewest beds per cell whose no-bed risk (weighted over months) is at most ``max_risk``, and
    never fewer than the weighted mean load ``ceil(sum_m w_m A_m)``: read off the exact risk curve for
    small loads, by bisection on the Wilson-Hilferty tail for large ones."""
    loads = np.maximum(np.asarray(loads, float), 0.0)
    flat = loads.reshape(-1, loads.shape[-1])
    risk = np.broadcast_to(np.asarray(max_risk, float), loads.shape[:-1]).reshape(-1)
    w = np.asarray(weights, float) / np.sum(weights)
    floor = np.ceil(flat @ w - 1e-9).astype(np.int64)
    out = np.zeros(len(flat), np.int64)
    top = flat.max(axis=1)
    exact, large = (top > 0) & (top <= EXACT_UP_TO), top > EXACT_UP_TO
    if exact.any():
        out[exact] = _beds_exact(flat[exact], w, risk[exact], floor[exact])
    if large.any():
        out[large] = _beds_bisect(flat[large], w, risk[large], floor[large])
    return out.reshape(loads.shape[:-1])


def mean_occupied_beds(bed_days: FloatArray) -> FloatArray:
    """Mean occupied beds = bed days / 365 (also the Erlang offered load)."""
    return bed_days / DAYS_PER_YEAR


def beds_at_occupancy(bed_days: FloatArray, target_occupancy: float) -> FloatArray:
    """Beds needed so that mean occupancy equals the target: bed days / (365 x target)."""
    return bed_days / (DAYS_PER_YEAR * target_occupancy)
