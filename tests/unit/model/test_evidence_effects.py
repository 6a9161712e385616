"""Effect sizes from the evidence bank become a lever's triangular range, with the citation."""

from __future__ import annotations

import pytest

from careshift.errors import ValidationError
from careshift.model.evidence_effects import Effect, apply_effect, evidence_id
from careshift.model.scenario import Lever

AVOID = {
    "name": "Falls prevention",
    "kind": "avoid",
    "cohort": {"activities": ["emergency_admissions"]},
    "share": {"low": 0.01, "high": 0.03},
    "start_year": 2026,
    "full_effect_year": 2030,
    "evidence": [{"citation": "Local audit", "url": "", "note": ""}],
}
STAY = {**AVOID, "name": "Discharge to assess", "kind": "efficiency", "share": None, "los_change": -0.05}


def _effect(unit: str = "%", low: float = 5, central: float = 12, high: float = 20) -> Effect:
    return Effect(
        7, "Gillespie et al. 2012", "https://doi.org/x", "falls admissions avoided", unit, low, central, high
    )


def test_a_percentage_effect_becomes_the_share_and_is_cited() -> None:
    lever = apply_effect(AVOID, _effect(), "share")
    assert lever["share"] == pytest.approx({"low": 0.05, "mode": 0.12, "high": 0.20})
    assert [e["citation"] for e in lever["evidence"]] == ["Local audit", "Gillespie et al. 2012"]
    assert evidence_id(lever["evidence"][-1]) == 7 and evidence_id(lever["evidence"][0]) is None
    Lever.model_validate(lever)  # still a valid lever
    assert AVOID["share"] == {"low": 0.01, "high": 0.03}  # the original is untouched


def test_applying_the_same_item_again_replaces_its_citation() -> None:
    twice = apply_effect(apply_effect(AVOID, _effect(), "share"), _effect(low=6), "share")
    assert sum(evidence_id(e) == 7 for e in twice["evidence"]) == 1
    assert twice["share"]["low"] == pytest.approx(0.06)


def test_a_shorter_stay_is_a_negative_length_of_stay_change_in_order() -> None:
    lever = apply_effect(STAY, _effect(unit="fraction", low=0.1, central=0.15, high=0.3), "shorter_stay")
    assert lever["los_change"] == pytest.approx({"low": -0.3, "mode": -0.15, "high": -0.1})
    Lever.model_validate(lever)


@pytest.mark.parametrize(
    ("lever", "effect", "target", "message"),
    [
        (AVOID, _effect(unit="days"), "share", "in 'days', which cannot be"),
        (AVOID, _effect(low=30, central=12), "share", "not ordered"),
        (STAY, _effect(), "share", "efficiency lever and has no share"),
        (AVOID, _effect(), "shorter_stay", "only efficiency levers change"),
    ],
)
def test_effects_that_cannot_apply_are_refused_with_what_to_do(
    lever: dict, effect: Effect, target: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        apply_effect(lever, effect, target)  # type: ignore[arg-type]
    assert err.value.hint
