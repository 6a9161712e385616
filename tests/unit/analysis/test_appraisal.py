"""MCDA methods: known answers, an independent TOPSIS, and the invariants a board relies on."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from careshift.analysis.appraisal import (
    WeightRange,
    leader_flips,
    normalise,
    rank_acceptability,
    ranks,
    topsis,
    weighted_sum,
)
from careshift.errors import AnalysisError


def _reference_topsis(m: np.ndarray, w: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """TOPSIS written out from Hwang & Yoon (1981), step by step."""
    r = m / np.sqrt((m**2).sum(axis=0))
    v = r * (w / w.sum())
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    return d_minus / (d_plus + d_minus)


def test_weighted_sum_has_the_hand_computed_answer() -> None:
    # savings (more is better) 10, 20, 30; cost (less is better) 5, 3, 4; weights 3:1
    values = weighted_sum([[10, 5], [20, 3], [30, 4]], [3, 1], benefit=[True, False])
    assert values == pytest.approx([0.0, 0.75 * 0.5 + 0.25, 0.75 + 0.25 * 0.5])
    assert ranks(values).tolist() == [3, 2, 1]


def test_topsis_matches_the_method_written_out() -> None:
    m = np.array([[250, 16, 12, 5], [200, 16, 8, 3], [300, 32, 16, 4], [275, 32, 8, 4], [225, 16, 16, 2.0]])
    w = np.array([0.25, 0.25, 0.25, 0.25])
    benefit = np.array([False, True, True, True])
    assert topsis(m, w, benefit) == pytest.approx(_reference_topsis(m, w, benefit))


def test_normalise_scales_best_to_one() -> None:
    assert normalise([[1, 9], [3, 9]], [True, False]).tolist() == [[0.0, 1.0], [1.0, 1.0]]


scores_strategy = arrays(np.float64, (4, 3), elements=st.floats(0, 100, allow_nan=False))
weights_strategy = arrays(np.float64, (3,), elements=st.floats(0.01, 1, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(scores_strategy, weights_strategy, st.sampled_from(["weighted_sum", "topsis"]))
def test_a_dominated_option_never_beats_the_option_that_dominates_it(
    scores: np.ndarray, weights: np.ndarray, method: str
) -> None:
    scores = scores.copy()
    scores[1] = scores[0] - 1.0  # option 1 is worse than option 0 on every benefit criterion
    scores[1] = np.maximum(scores[1], 0.0)
    if (scores[1] == scores[0]).all():
        return
    values = weighted_sum(scores, weights) if method == "weighted_sum" else topsis(scores + 1, weights)
    assert values[1] <= values[0] + 1e-12 and ranks(values)[1] >= ranks(values)[0]


@settings(max_examples=60, deadline=None)
@given(scores_strategy, weights_strategy, st.integers(0, 3), st.integers(0, 2), st.floats(0.1, 50))
def test_raising_an_options_score_never_lowers_its_rank(
    scores: np.ndarray, weights: np.ndarray, option: int, criterion: int, rise: float
) -> None:
    before = ranks(weighted_sum(scores, weights))[option]
    raised = scores.copy()
    raised[option, criterion] += rise
    assert ranks(weighted_sum(raised, weights))[option] <= before


def test_rank_acceptability_rows_sum_to_one_and_respond_to_weights() -> None:
    scores = [[1.0, 0.0], [0.0, 1.0], [0.4, 0.4]]
    leaning_first = rank_acceptability(scores, [WeightRange(0.6, 1.0), WeightRange(0.0, 0.4)], seed=1)
    assert leaning_first.sum(axis=1) == pytest.approx([1, 1, 1])
    assert leaning_first[0, 0] == 1.0 and leaning_first[1, 0] == 0.0
    even = rank_acceptability(scores, [WeightRange(0, 1), WeightRange(0, 1)], seed=1, draws=4000)
    assert 0.4 < even[0, 0] < 0.6 and 0.4 < even[1, 0] < 0.6
    assert (
        rank_acceptability(scores, [WeightRange(0, 1)] * 2, seed=7, method="topsis", draws=200) >= 0
    ).all()


def test_leader_flips_find_the_weight_that_changes_the_leader() -> None:
    flips = leader_flips([[1.0, 0.0], [0.0, 1.0]], [0.7, 0.3])
    assert flips[0].weight_now == pytest.approx(0.7)
    assert flips[0].weight_at_flip == pytest.approx(0.499, abs=0.002) and flips[0].new_leader == 1
    assert leader_flips([[1.0, 1.0], [0.0, 0.0]], [0.5, 0.5])[0].weight_at_flip is None


def test_bad_weights_and_scores_are_explained() -> None:
    with pytest.raises(AnalysisError, match="3 weights for 2 criteria"):
        weighted_sum([[1, 2]], [1, 1, 1])
    with pytest.raises(AnalysisError, match="missing or infinite"):
        topsis([[1, np.nan]], [1, 1])
    with pytest.raises(AnalysisError, match="0 <= low <= high"):
        WeightRange(0.5, 0.1)
