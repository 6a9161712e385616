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


def erlang_b_array(offered_load: FloatArray, beds: IntArray) -> FloatArray:
    """Vectorised ``erlang_b`` over arrays of loads and bed numbers (broadcast together).

    Runs the recursion once up to the largest ``beds``, dropping each element as it reaches its own
    number of beds, so the work is the sum of the bed numbers, not their maximum times the array size.
    """
    load, beds = np.broadcast_arrays(np.asarray(offered_load, float), np.asarray(beds, np.int64))
    out = np.ones(load.shape)
    flat, order = out.reshape(-1), np.argsort(beds, axis=None, kind="stable")
    a, n_beds = load.reshape(-1)[order], beds.reshape(-1)[order]
    b, first = np.ones(order.size), 0
    for n in range(1, int(n_beds.max(initial=0)) + 1):
        while first < order.size and n_beds[first] < n:
            first += 1
        b[first:] = a[first:] * b[first:] / (n + a[first:] * b[first:])
    flat[order] = b
    return out


def beds_for_risk_array(offered_load: FloatArray, max_risk: float | FloatArray) -> IntArray:
    """Vectorised ``beds_for_risk``: smallest ``n`` per element with ``B(A, n) <= max_risk``."""
    load = np.asarray(offered_load, float)
    risk = np.broadcast_to(np.asarray(max_risk, float), load.shape)
    out = np.zeros(load.shape, np.int64)
    todo = np.flatnonzero(load > 0)
    a, r, b, n = load.ravel()[todo], risk.ravel()[todo], np.ones(todo.size), 0
    flat = out.ravel()
    while todo.size:
        n += 1
        b = a * b / (n + a * b)
        done = b <= r
        flat[todo[done]] = n
        keep = ~done
        todo, a, r, b = todo[keep], a[keep], r[keep], b[keep]
    return flat.reshape(load.shape)


def mean_occupied_beds(bed_days: FloatArray) -> FloatArray:
    """Mean occupied beds = bed days / 365 (also the Erlang offered load)."""
    return bed_days / DAYS_PER_YEAR


def beds_at_occupancy(bed_days: FloatArray, target_occupancy: float) -> FloatArray:
    """Beds needed so that mean occupancy equals the target: bed days / (365 x target)."""
    return bed_days / (DAYS_PER_YEAR * target_occupancy)
