"""Beds: occupancy arithmetic and the Erlang loss formula.

For a bed setting with ``D`` bed days a year, the mean number of occupied beds is ``D / 365`` and the
beds needed at a target occupancy ``rho`` are ``D / (365 rho)``. Treating admissions as Poisson arrivals
to ``n`` beds with no queue (patients who find every bed full are turned away, or diverted), the
probability of turning a patient away is the Erlang loss (Erlang B) formula with offered load
``A = arrival rate x mean LOS = D / 365`` (the mean occupied beds if no one were turned away):

    B(A, n) = (A^n / n!) / sum_{k=0}^{n} A^k / k!

It is insensitive to the LOS distribution (only its mean matters). We evaluate it by the numerically
stable recursion ``B(A, 0) = 1``, ``B(A, n) = A B(A, n-1) / (n + A B(A, n-1))``.

References: A. K. Erlang (1917), "Solution of some problems in the theory of probabilities of
significance in automatic telephone exchanges", *Elektroteknikeren* 13; L. Kleinrock (1975), *Queueing
Systems, Volume 1: Theory*, Wiley, section 3.7 (M/M/m/m); applied to hospital beds by e.g. de Bruin et
al. (2010), "Dimensioning hospital wards using the Erlang loss model", *Annals of Operations Research* 178.

**Quantiles commute with monotone maps.** ``B(A, n)`` increases with ``A`` for fixed ``n`` and the beds
needed for a risk target increase with ``A``; so the P10/P50/P90 of either over Monte Carlo runs equal
the map applied to the P10/P50/P90 of the offered load (with quantiles taken as order statistics). The
engine therefore evaluates Erlang only on three quantiles per cell instead of on every iteration.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from careshift.errors import ModelError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
DAYS_PER_YEAR = 365.0


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


def beds_for_risk(offered_load: float, max_risk: float) -> int:
    """The smallest number of beds ``n`` with ``erlang_b(offered_load, n) <= max_risk``.

    >>> beds_for_risk(1.0, 0.5)
    1
    >>> beds_for_risk(0.0, 0.01)
    0
    """
    load = _check_load(offered_load)
    if not 0 < max_risk < 1:
        raise ModelError(f"max_risk {max_risk!r} must be between 0 and 1 (e.g. 0.05 for a 5% risk).")
    if load == 0:
        return 0
    b, n = 1.0, 0
    while b > max_risk:
        n += 1
        b = load * b / (n + load * b)
    return n


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


def beds_for_risk_array(offered_load: FloatArray, max_risk: float | FloatArray) -> IntArray:
    """Vectorised ``beds_for_risk``: smallest ``n`` per element with ``B(A, n) <= max_risk``."""
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


def mean_occupied_beds(bed_days: FloatArray) -> FloatArray:
    """Mean occupied beds = bed days / 365 (also the Erlang offered load)."""
    return bed_days / DAYS_PER_YEAR


def beds_at_occupancy(bed_days: FloatArray, target_occupancy: float) -> FloatArray:
    """Beds needed so that mean occupancy equals the target: bed days / (365 x target)."""
    return bed_days / (DAYS_PER_YEAR * target_occupancy)
