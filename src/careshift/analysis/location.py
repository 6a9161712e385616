"""Where should k hubs go? The p-median and maximal covering location problems, solved exactly.

Both take a cost matrix ``cost[i, j]`` (travel time from demand area ``i`` to candidate site ``j``, in
minutes) and a demand weight per area (people, or over-75s), and choose ``p`` of the candidate sites:

- :class:`PMedian` minimises total weighted travel time when every area uses its nearest chosen site
  (Hakimi 1964; ReVelle & Swain 1970's integer programme)::

      min  sum_ij w_i c_ij x_ij
      s.t. sum_j x_ij = 1 (each area assigned once),  x_ij <= y_j,  sum_j y_j = p,  x, y in {0, 1}

- :class:`MCLP` maximises the weight within ``max_cost`` of a chosen site (Church & ReVelle 1974)::

      max  sum_i w_i z_i
      s.t. z_i <= sum_{j: c_ij <= S} y_j,  sum_j y_j = p,  y, z in {0, 1}

Sites can be forced open (``fixed``: today's sites that stay) so the gain over today's network is
measured. The integer programmes are solved to optimality with HiGHS through ``scipy.optimize.milp``
(a maintained LP/MIP solver); the result reports the solver's status and gap.

Example::

    result = PMedian.from_cost_matrix(cost, weights, p=3).solve()
    result.sites        # chosen candidate indices, ascending
    result.objective    # total weighted minutes
    result.assignment   # nearest chosen site per area
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from careshift.errors import AnalysisError

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class LocationResult:
    """The chosen sites, the objective and how each area is served."""

    sites: tuple[int, ...]
    objective: float
    assignment: IntArray  # per area: index of the nearest chosen site
    covered: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    optimal: bool = True
    mip_gap: float = 0.0


def _validate(cost: FloatArray, weights: FloatArray, p: int, fixed: tuple[int, ...]) -> None:
    if cost.ndim != 2 or cost.shape[0] == 0 or cost.shape[1] == 0:
        raise AnalysisError(
            f"The cost matrix must be areas x candidate sites with at least one of each; got {cost.shape}.",
            hint="Pass one row per demand area and one column per candidate site.",
        )
    if weights.shape != (cost.shape[0],):
        raise AnalysisError(
            f"There are {weights.size} weights for {cost.shape[0]} areas.",
            hint="Give one demand weight (e.g. population) per row of the cost matrix.",
        )
    if not (np.isfinite(cost).all() and np.isfinite(weights).all()):
        raise AnalysisError(
            "The cost matrix or the weights contain missing or infinite values.",
            hint="Use a large finite time for unreachable pairs, and 0 for areas with no demand.",
        )
    if (cost < 0).any() or (weights < 0).any():
        raise AnalysisError("Travel costs and demand weights cannot be negative.", hint="Check the inputs.")
    if not 1 <= p <= cost.shape[1]:
        raise AnalysisError(
            f"Cannot choose {p} sites from {cost.shape[1]} candidates.",
            hint=f"Choose p between 1 and {cost.shape[1]}.",
        )
    if len(set(fixed)) > p or any(not 0 <= j < cost.shape[1] for j in fixed):
        raise AnalysisError(
            f"The fixed sites {sorted(fixed)} are not distinct candidates, or are more than p={p}.",
            hint="Fix at most p sites, each an index of a candidate column.",
        )


def _nearest(cost: FloatArray, sites: tuple[int, ...]) -> IntArray:
    chosen = np.asarray(sites, dtype=np.int64)
    return chosen[np.argmin(cost[:, chosen], axis=1)]


def _site_bounds(n_sites: int, fixed: tuple[int, ...]) -> tuple[FloatArray, FloatArray]:
    lower = np.zeros(n_sites)
    lower[list(fixed)] = 1.0
    return lower, np.ones(n_sites)


def _solve(
    c: FloatArray, constraints: list[LinearConstraint], bounds: Bounds, integrality: FloatArray
) -> tuple[FloatArray, bool, float]:
    result = milp(c, constraints=constraints, bounds=bounds, integrality=integrality)
    if result.x is None:
        raise AnalysisError(
            f"The location problem could not be solved: {result.message}",
            hint="Check that p and the fixed sites are consistent with the candidates.",
        )
    gap = float(getattr(result, "mip_gap", 0.0) or 0.0)
    return np.asarray(result.x), bool(result.status == 0), gap


@dataclass(frozen=True)
class PMedian:
    """The p-median problem (minimise total weighted travel cost to the nearest chosen site)."""

    cost: FloatArray
    weights: FloatArray
    p: int
    fixed: tuple[int, ...] = ()

    @classmethod
    def from_cost_matrix(
        cls, cost: object, weights: object, p: int, fixed: tuple[int, ...] | list[int] = ()
    ) -> PMedian:
        cost_array = np.asarray(cost, dtype=np.float64)
        weight_array = np.asarray(weights, dtype=np.float64)
        fixed_sites = tuple(int(j) for j in fixed)
        _validate(cost_array, weight_array, int(p), fixed_sites)
        return cls(cost_array, weight_array, int(p), fixed_sites)

    def solve(self) -> LocationResult:
        n, m = self.cost.shape
        # variables: x (n*m, row-major: area i, site j), then y (m)
        c = np.concatenate([(self.weights[:, None] * self.cost).ravel(), np.zeros(m)])
        rows = np.repeat(np.arange(n), m)
        assign = sparse.hstack(
            [
                sparse.csr_matrix((np.ones(n * m), (rows, np.arange(n * m))), shape=(n, n * m)),
                sparse.csr_matrix((n, m)),
            ]
        )
        # x_ij - y_j <= 0 for every pair
        link = sparse.hstack(
            [
                sparse.identity(n * m, format="csr"),
                -sparse.csr_matrix(
                    (np.ones(n * m), (np.arange(n * m), np.tile(np.arange(m), n))), shape=(n * m, m)
                ),
            ]
        )
        count = sparse.hstack([sparse.csr_matrix((1, n * m)), sparse.csr_matrix(np.ones((1, m)))])
        site_low, site_high = _site_bounds(m, self.fixed)
        bounds = Bounds(
            np.concatenate([np.zeros(n * m), site_low]), np.concatenate([np.ones(n * m), site_high])
        )
        # Assignments need not be declared integer: with y integral, each area's best x is integral.
        integrality = np.concatenate([np.zeros(n * m), np.ones(m)])
        x, optimal, gap = _solve(
            c,
            [
                LinearConstraint(assign, 1, 1),
                LinearConstraint(link, -np.inf, 0),
                LinearConstraint(count, self.p, self.p),
            ],
            bounds,
            integrality,
        )
        sites = tuple(int(j) for j in np.flatnonzero(x[n * m :] > 0.5))
        assignment = _nearest(self.cost, sites)
        objective = float((self.weights * self.cost[np.arange(n), assignment]).sum())
        return LocationResult(sites, objective, assignment, optimal=optimal, mip_gap=gap)


@dataclass(frozen=True)
class MCLP:
    """The maximal covering location problem (maximise demand within ``max_cost`` of a chosen site)."""

    cost: FloatArray
    weights: FloatArray
    p: int
    max_cost: float
    fixed: tuple[int, ...] = ()

    @classmethod
    def from_cost_matrix(
        cls,
        cost: object,
        weights: object,
        p: int,
        max_cost: float,
        fixed: tuple[int, ...] | list[int] = (),
    ) -> MCLP:
        cost_array = np.asarray(cost, dtype=np.float64)
        weight_array = np.asarray(weights, dtype=np.float64)
        fixed_sites = tuple(int(j) for j in fixed)
        _validate(cost_array, weight_array, int(p), fixed_sites)
        if not np.isfinite(max_cost) or max_cost <= 0:
            raise AnalysisError(
                f"The service standard must be a positive number of minutes; got {max_cost}.",
                hint="Pass max_cost, e.g. 30 for 'within 30 minutes'.",
            )
        return cls(cost_array, weight_array, int(p), float(max_cost), fixed_sites)

    def solve(self) -> LocationResult:
        n, m = self.cost.shape
        reach = sparse.csr_matrix((self.cost <= self.max_cost).astype(np.float64))
        # variables: y (m), then z (n); maximise covered weight -> minimise its negative
        c = np.concatenate([np.zeros(m), -self.weights])
        cover = sparse.hstack([-reach, sparse.identity(n, format="csr")])  # z_i - sum_j a_ij y_j <= 0
        count = sparse.hstack([sparse.csr_matrix(np.ones((1, m))), sparse.csr_matrix((1, n))])
        site_low, site_high = _site_bounds(m, self.fixed)
        bounds = Bounds(np.concatenate([site_low, np.zeros(n)]), np.concatenate([site_high, np.ones(n)]))
        x, optimal, gap = _solve(
            c,
            [LinearConstraint(cover, -np.inf, 0), LinearConstraint(count, self.p, self.p)],
            bounds,
            np.ones(m + n),
        )
        sites = tuple(int(j) for j in np.flatnonzero(x[:m] > 0.5))
        covered = np.asarray((self.cost[:, list(sites)] <= self.max_cost).any(axis=1))
        objective = float(self.weights[covered].sum())
        return LocationResult(
            sites, objective, _nearest(self.cost, sites), covered=covered, optimal=optimal, mip_gap=gap
        )


def brute_force(
    cost: FloatArray, weights: FloatArray, p: int, max_cost: float | None = None
) -> LocationResult:
    """Every combination of ``p`` sites tried (small instances only): the exact reference for tests."""
    from itertools import combinations

    n, m = cost.shape
    best: LocationResult | None = None
    for sites in combinations(range(m), p):
        if max_cost is None:
            assignment = _nearest(cost, sites)
            value = float((weights * cost[np.arange(n), assignment]).sum())
            better = best is None or value < best.objective - 1e-9
        else:
            covered = (cost[:, list(sites)] <= max_cost).any(axis=1)
            value = float(weights[covered].sum())
            assignment = _nearest(cost, sites)
            better = best is None or value > best.objective + 1e-9
        if better:
            best = LocationResult(tuple(sites), value, assignment)
    assert best is not None
    return best
