"""Uncertain quantities as small self-validating objects.

Each distribution rejects bad parameters in ``__init__``, knows its ``mean`` and its ``central`` value
(the value used in run 0, the central case), and maps standard normal draws ``z`` to its own values
(``from_normal(z)``: the quantile function at ``Phi(z)``, so equal ``z`` give equal ranks whatever the
distribution). ``sample(rng, size)`` is ``from_normal(rng.standard_normal(size))`` on an injected
``numpy.random.Generator``; none touches global random state. The engine feeds ``from_normal`` from one
keyed stream per parameter (``careshift.model.montecarlo``), and parameters that share a stream are
comonotone (rank correlation 1).

* ``Fixed(value)``: no uncertainty.
* ``Interval(low, high, coverage=0.8, shape="normal")``: a normal (or lognormal) distribution fitted
  so that ``coverage`` of its mass lies between ``low`` and ``high``, symmetric in the tails. For the
  normal, ``mu = (low + high) / 2`` and ``sigma = (high - low) / (2 z)`` with ``z = Phi^-1((1 + coverage)
  / 2)`` (1.2816 for an 80% interval); for the lognormal the same fit on ``log(low)``, ``log(high)``.
  This follows the 80% "confidence interval" elicitation of the NHP demand model (The Strategy Unit,
  *nhp_model* documentation, 2023).
* ``Triangular(low, mode, high)``: the three-point estimate (mean ``(low + mode + high) / 3``), by its
  inverse CDF at ``u = Phi(z)``: ``low + sqrt(u (high - low) (mode - low))`` for ``u < (mode - low) /
  (high - low)``, else ``high - sqrt((1 - u) (high - low) (high - mode))``.
* ``TwoPieceInterval(low, central, high, coverage=0.8)``: a central value with a possibly lopsided
  80% range, as the data pack states its estimates. A two-piece (split) normal on logs (John 1982;
  Wallis 2014, the Bank of England's fan charts): ``X = central exp(s Z)``, ``Z ~ N(0, 1)``, with
  ``s = log(central / low) / z`` for ``Z < 0`` and ``log(high / central) / z`` for ``Z >= 0``. So the
  median is ``central`` and the 10th and 90th percentiles are exactly ``low`` and ``high``; the mean is
  ``central (exp(s_lo^2 / 2) Phi(-s_lo) + exp(s_hi^2 / 2) Phi(s_hi))``. With ``low <= 0`` it is the
  same split on the natural scale (``X = central + s Z``, ``s = (central - low) / z`` or ``(high -
  central) / z``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class Distribution(Protocol):
    """What the engine needs from an uncertain quantity."""

    @property
    def mean(self) -> float: ...

    @property
    def central(self) -> float: ...

    def from_normal(self, z: FloatArray) -> FloatArray: ...

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray: ...


def normal_cdf(z: FloatArray) -> FloatArray:
    """``Phi(z)``, the standard normal CDF, elementwise (``0.5 erfc(-z / sqrt(2))``)."""
    return np.asarray(_ERFC(-np.asarray(z, float) / math.sqrt(2)), dtype=float) * 0.5


_ERFC = np.frompyfunc(math.erfc, 1, 1)


class _FromNormal:
    """``sample`` through ``from_normal``, shared by every distribution."""

    def from_normal(self, z: FloatArray) -> FloatArray:  # pragma: no cover - each class defines it
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return self.from_normal(rng.standard_normal(size))


def _finite(name: str, value: float) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    return value


@dataclass(frozen=True)
class Fixed(_FromNormal):
    """A known value: every run uses it."""

    value: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _finite("value", self.value))

    @property
    def mean(self) -> float:
        return self.value

    @property
    def central(self) -> float:
        return self.value

    def from_normal(self, z: FloatArray) -> FloatArray:
        return np.full(np.shape(z), self.value)


@dataclass(frozen=True)
class Interval(_FromNormal):
    """A normal or lognormal distribution with ``coverage`` of its mass between ``low`` and ``high``."""

    low: float
    high: float
    coverage: float = 0.8
    shape: Literal["normal", "lognormal"] = "normal"

    def __post_init__(self) -> None:
        low, high = _finite("low", self.low), _finite("high", self.high)
        if low > high:
            raise ValueError(f"low ({low}) is more than high ({high}); swap them")
        if not 0 < self.coverage < 1:
            raise ValueError(f"coverage {self.coverage} must be between 0 and 1 (0.8 for an 80% interval)")
        if self.shape == "lognormal" and low <= 0:
            raise ValueError(f"a lognormal interval needs low > 0, not {low}; use shape: normal")
        if self.shape not in ("normal", "lognormal"):
            raise ValueError(f"shape {self.shape!r} must be 'normal' or 'lognormal'")

    @property
    def z(self) -> float:
        """Standard normal quantile bounding the central ``coverage`` of the mass."""
        return NormalDist().inv_cdf(0.5 + self.coverage / 2)

    @property
    def _mu_sigma(self) -> tuple[float, float]:
        lo, hi = (
            (math.log(self.low), math.log(self.high)) if self.shape == "lognormal" else (self.low, self.high)
        )
        return (lo + hi) / 2, (hi - lo) / (2 * self.z)

    @property
    def mean(self) -> float:
        mu, sigma = self._mu_sigma
        return math.exp(mu + sigma**2 / 2) if self.shape == "lognormal" else mu

    @property
    def central(self) -> float:
        """The median: the interval's midpoint (normal) or geometric midpoint (lognormal)."""
        mu, _ = self._mu_sigma
        return math.exp(mu) if self.shape == "lognormal" else mu

    def from_normal(self, z: FloatArray) -> FloatArray:
        mu, sigma = self._mu_sigma
        x = mu + sigma * np.asarray(z, float)
        return np.exp(x) if self.shape == "lognormal" else x


@dataclass(frozen=True)
class Triangular(_FromNormal):
    """A three-point estimate: lowest plausible, most likely, highest plausible."""

    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        low, mode, high = (
            _finite(n, v) for n, v in (("low", self.low), ("mode", self.mode), ("high", self.high))
        )
        if not low <= mode <= high:
            raise ValueError(f"need low <= mode <= high, got {low}, {mode}, {high}")

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    @property
    def central(self) -> float:
        return self.mode

    def from_normal(self, z: FloatArray) -> FloatArray:
        if self.low == self.high:
            return np.full(np.shape(z), self.low)
        u = normal_cdf(z)
        width = self.high - self.low
        below = self.low + np.sqrt(u * width * (self.mode - self.low))
        above = self.high - np.sqrt((1 - u) * width * (self.high - self.mode))
        return np.where(u < (self.mode - self.low) / width, below, above)


@dataclass(frozen=True)
class TwoPieceInterval(_FromNormal):
    """A median ``central`` with ``coverage`` of the mass in ``[low, high]`` and ``(1 - coverage) / 2`` in
    each tail, the two halves scaled separately (a split lognormal; a split normal if ``low <= 0``)."""

    low: float
    central: float
    high: float
    coverage: float = 0.8

    def __post_init__(self) -> None:
        low, mid, high = (
            _finite(n, v) for n, v in (("low", self.low), ("central", self.central), ("high", self.high))
        )
        if not low <= mid <= high:
            raise ValueError(f"need low <= central <= high, got {low}, {mid}, {high}; fix the range")
        if not 0 < self.coverage < 1:
            raise ValueError(f"coverage {self.coverage} must be between 0 and 1 (0.8 for an 80% interval)")

    @property
    def _log(self) -> bool:
        return self.low > 0

    @property
    def sigmas(self) -> tuple[float, float]:
        """Scale below and above the median (on logs when ``low > 0``)."""
        z = NormalDist().inv_cdf(0.5 + self.coverage / 2)
        if self._log:
            return math.log(self.central / self.low) / z, math.log(self.high / self.central) / z
        return (self.central - self.low) / z, (self.high - self.central) / z

    @property
    def mean(self) -> float:
        lo, hi = self.sigmas
        if not self._log:
            return self.central + (hi - lo) / math.sqrt(2 * math.pi)
        phi = NormalDist().cdf
        return self.central * (math.exp(lo**2 / 2) * phi(-lo) + math.exp(hi**2 / 2) * phi(hi))

    def from_normal(self, z: FloatArray) -> FloatArray:
        lo, hi = self.sigmas
        z = np.asarray(z, float)
        scaled = z * np.where(z < 0, lo, hi)
        return self.central * np.exp(scaled) if self._log else self.central + scaled


@dataclass(frozen=True)
class Parameter:
    """A named uncertain quantity: the name of the random stream it draws from, and its distribution."""

    name: str
    dist: Distribution
