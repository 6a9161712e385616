"""Options appraisal by multi-criteria decision analysis (MCDA), and how robust the ranking is.

``scores`` is an options x criteria matrix; ``weights`` one non-negative weight per criterion (scaled to
sum to one); ``benefit`` says per criterion whether more is better (True: savings, access) or worse
(False: cost, travel time, risk of turning patients away).

- :func:`weighted_sum`: the weighted sum of min-max normalised scores (the simple additive weighting
  used in NHS options appraisals; Belton & Stewart 2002, ch. 4). Each criterion is scaled to 0-1 across
  the options (best = 1), so units do not matter.
- :func:`topsis`: closeness to the ideal and distance from the anti-ideal option (Hwang & Yoon 1981),
  computed by the maintained ``pymcdm`` library (vector normalisation, Euclidean distances).
- :func:`rank_acceptability`: stochastic multicriteria acceptability analysis (SMAA-2, Lahdelma &
  Salminen 2001): weights drawn uniformly within each criterion's range, the share of draws in which
  each option takes each rank.
- :func:`leader_flips`: for each criterion, the smallest change to its weight (the others rescaled in
  proportion) that changes which option comes first.

Example::

    values = weighted_sum([[3, 120], [4, 150]], [0.6, 0.4], benefit=[True, False])
    ranks(values)   # 1 = best
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from careshift.errors import AnalysisError

FloatArray = NDArray[np.float64]
Method = Callable[[object, object, object], FloatArray]


def _matrix(scores: object) -> FloatArray:
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] < 1 or matrix.shape[1] < 1:
        raise AnalysisError(
            f"Scores must be a table of options x criteria; got shape {matrix.shape}.",
            hint="Give one row per option and one column per criterion.",
        )
    if not np.isfinite(matrix).all():
        raise AnalysisError(
            "Some scores are missing or infinite.", hint="Score every option on every criterion first."
        )
    return matrix


def _weights(weights: object, n_criteria: int) -> FloatArray:
    array = np.asarray(weights, dtype=np.float64)
    if array.shape != (n_criteria,):
        raise AnalysisError(
            f"There are {array.size} weights for {n_criteria} criteria.",
            hint="Give one weight per criterion.",
        )
    if not np.isfinite(array).all() or (array < 0).any() or array.sum() <= 0:
        raise AnalysisError(
            "Weights must be finite, non-negative and not all zero.", hint="Check the criteria weights."
        )
    return np.asarray(array / array.sum())


def _benefit(benefit: object, n_criteria: int) -> NDArray[np.bool_]:
    if benefit is None:
        return np.ones(n_criteria, dtype=bool)
    array = np.asarray(benefit, dtype=bool)
    if array.shape != (n_criteria,):
        raise AnalysisError(
            f"There are {array.size} benefit flags for {n_criteria} criteria.",
            hint="Say for each criterion whether more is better (True) or worse (False).",
        )
    return array


def normalise(scores: object, benefit: object = None) -> FloatArray:
    """Min-max scale each criterion to 0-1 across the options, best = 1 (a constant criterion is 1)."""
    matrix = _matrix(scores)
    flags = _benefit(benefit, matrix.shape[1])
    low, high = matrix.min(axis=0), matrix.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    scaled = (matrix - low) / span
    scaled = np.where(flags, scaled, 1.0 - scaled)
    return np.asarray(np.where(high > low, scaled, 1.0))


def weighted_sum(scores: object, weights: object, benefit: object = None) -> FloatArray:
    """The weighted sum of normalised scores: one value per option, 0 (worst) to 1 (best everywhere)."""
    matrix = _matrix(scores)
    return np.asarray(normalise(matrix, benefit) @ _weights(weights, matrix.shape[1]))


def topsis(scores: object, weights: object, benefit: object = None) -> FloatArray:
    """TOPSIS relative closeness to the ideal option (0-1, higher is better), by ``pymcdm``."""
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    matrix = _matrix(scores)
    flags = _benefit(benefit, matrix.shape[1])
    w = _weights(weights, matrix.shape[1])
    if matrix.shape[0] == 1:
        return np.ones(1)
    types = np.where(flags, 1, -1)
    # pymcdm's vector normalisation divides by the column's norm: a column of zeros has none.
    safe = np.where(np.abs(matrix).sum(axis=0) > 0, matrix, 1.0)
    # pymcdm warns about dominated options (they are what we compare); options that tie with the ideal
    # and the anti-ideal (0 / 0) are scored 0.5 below.
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", UserWarning)
        values = np.asarray(TOPSIS(vector_normalization)(safe, w, types), dtype=np.float64)
    return np.nan_to_num(values, nan=0.5)


METHODS: dict[str, Method] = {"weighted_sum": weighted_sum, "topsis": topsis}


def ranks(values: object) -> NDArray[np.int64]:
    """Rank per option, 1 = highest value; ties share the better rank."""
    array = np.asarray(values, dtype=np.float64)
    rounded = np.round(array, 12)
    return np.asarray([1 + int((rounded > v).sum()) for v in rounded], dtype=np.int64)


@dataclass(frozen=True)
class WeightRange:
    """The range a criterion's weight may take (before the weights are scaled to sum to one)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not (np.isfinite(self.low) and np.isfinite(self.high)) or self.low < 0 or self.high < self.low:
            raise AnalysisError(
                f"A weight range must be 0 <= low <= high; got {self.low} to {self.high}.",
                hint="Widen or correct the criterion's weight range.",
            )


def rank_acceptability(
    scores: object,
    ranges: Sequence[WeightRange],
    benefit: object = None,
    *,
    method: str = "weighted_sum",
    draws: int = 10_000,
    seed: int = 0,
) -> FloatArray:
    """SMAA rank acceptability: ``result[option, rank - 1]`` is the share of weight draws in which the
    option takes that rank (rows sum to 1)."""
    matrix = _matrix(scores)
    if len(ranges) != matrix.shape[1]:
        raise AnalysisError(
            f"There are {len(ranges)} weight ranges for {matrix.shape[1]} criteria.",
            hint="Give one range per criterion.",
        )
    if draws < 1:
        raise AnalysisError("The number of draws must be at least 1.", hint="Use e.g. 10,000 draws.")
    score = METHODS[method]
    rng = np.random.default_rng(seed)
    low = np.array([r.low for r in ranges])
    high = np.array([r.high for r in ranges])
    n_options = matrix.shape[0]
    counts = np.zeros((n_options, n_options))
    drawn = rng.uniform(low, high, size=(draws, len(ranges)))
    drawn[drawn.sum(axis=1) <= 0] = 1.0
    if method == "weighted_sum":  # vectorised: one matrix product for every draw
        values = normalise(matrix, benefit) @ (drawn / drawn.sum(axis=1, keepdims=True)).T
        for column in values.T:
            counts[np.arange(n_options), ranks(column) - 1] += 1
    else:
        for w in drawn:
            counts[np.arange(n_options), ranks(score(matrix, w, benefit)) - 1] += 1
    return counts / draws


@dataclass(frozen=True)
class Flip:
    """The smallest change to one criterion's weight that changes the leading option."""

    criterion: int
    weight_now: float
    weight_at_flip: float | None  # None: no weight in [0, 1] changes the leader
    new_leader: int | None


def leader_flips(
    scores: object,
    weights: object,
    benefit: object = None,
    *,
    method: str = "weighted_sum",
    steps: int = 1000,
) -> list[Flip]:
    """For each criterion: the nearest weight (others rescaled in proportion) at which another option
    leads, searched on a grid of ``steps`` points over [0, 1]."""
    matrix = _matrix(scores)
    w = _weights(weights, matrix.shape[1])
    score = METHODS[method]
    leader = int(np.argmax(score(matrix, w, benefit)))
    grid = np.linspace(0.0, 1.0, steps + 1)
    flips = []
    for k in range(matrix.shape[1]):
        best: tuple[float, int] | None = None
        for value in grid:
            trial = _reweight(w, k, float(value))
            if trial is None:
                continue
            top = int(np.argmax(score(matrix, trial, benefit)))
            if top != leader and (best is None or abs(value - w[k]) < abs(best[0] - w[k])):
                best = (float(value), top)
        flips.append(Flip(k, float(w[k]), best[0] if best else None, best[1] if best else None))
    return flips


def _reweight(weights: FloatArray, k: int, value: float) -> FloatArray | None:
    """Weights with criterion ``k`` set to ``value`` and the others scaled to fill the rest."""
    others = weights.sum() - weights[k]
    if others <= 0:
        return None if value < 1.0 else weights.copy()
    trial = weights * (1.0 - value) / others
    trial[k] = value
    return trial if trial.sum() > 0 else None
