"""Every number in a scenario is finite, in range and of the right kind, with a message naming the field
(findings 8, 11 and 14 of issue 7: NaN, infinity, absurd capacity, ``iterations: true``)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from careshift.errors import ScenarioError
from careshift.model.scenario import from_dict, parse_scenario, sample_scenarios

LEVER = {
    "name": "Virtual wards",
    "kind": "avoid",
    "cohort": {"activities": ["unplanned_admission"]},
    "share": 0.1,
    "start_year": 2026,
    "full_effect_year": 2028,
}


def _fields(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ScenarioError) as info:
        from_dict(data)
    return info.value.fields


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    ("where", "build"),
    [
        ("levers[0].share", lambda v: {"levers": [{**LEVER, "share": v}]}),
        ("levers[0].share.high", lambda v: {"levers": [{**LEVER, "share": {"low": 0.1, "high": v}}]}),
        ("non_demographic_growth.*", lambda v: {"non_demographic_growth": {"*": v}}),
        ("finance.savings_target[2030]", lambda v: {"finance": {"savings_target": {2030: v}}}),
        ("finance.baseline_budget", lambda v: {"finance": {"baseline_budget": v}}),
        (
            "capacity.acute_beds.target_occupancy",
            lambda v: {"capacity": {"acute_beds": {"target_occupancy": v}}},
        ),
    ],
)
def test_nan_and_infinity_refused_naming_the_field(bad: float, where: str, build: Any) -> None:
    fields = _fields({"name": "x", **build(bad)})
    assert where in fields, fields
    assert "finite" in fields[where] or "number" in fields[where]


def test_nan_in_a_yaml_file_is_refused() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario("name: x\nfinance:\n  savings_target: {2030: .nan}\n", "s.yaml")
    assert "finance.savings_target[2030]" in str(info.value)


@pytest.mark.parametrize(
    ("capacity", "field"),
    [
        ({"planned_beds": 10**30}, "capacity.acute_beds.planned_beds"),
        ({"planned_beds": 1e30}, "capacity.acute_beds.planned_beds"),
        ({"planned_beds": -1}, "capacity.acute_beds.planned_beds"),
        ({"planned_beds_by_locality": {"E1": -5}}, "capacity.acute_beds.planned_beds_by_locality.E1"),
        ({"planned_beds_by_locality": {"E1": 10**9}}, "capacity.acute_beds.planned_beds_by_locality.E1"),
    ],
)
def test_absurd_planned_beds_refused(capacity: dict[str, Any], field: str) -> None:
    assert field in _fields({"name": "x", "capacity": {"acute_beds": capacity}})


def test_absurd_money_refused() -> None:
    fields = _fields({"name": "x", "finance": {"baseline_budget": 1e300, "savings_target": {2030: -1e300}}})
    assert {"finance.baseline_budget", "finance.savings_target[2030]"} <= set(fields)


@pytest.mark.parametrize("field", ["iterations", "seed", "horizon_year"])
def test_true_is_not_a_number(field: str) -> None:
    assert field in _fields({"name": "x", field: True})


def test_true_is_not_a_share() -> None:
    assert "levers[0].share" in _fields({"name": "x", "levers": [{**LEVER, "share": True}]})


def test_savings_target_year_must_be_a_plausible_year() -> None:
    assert "finance.savings_target[99999]" in _fields(
        {"name": "x", "finance": {"savings_target": {99999: 1.0}}}
    )


def test_samples_still_valid_and_round_trip() -> None:
    for sample in sample_scenarios().values():
        assert from_dict(sample.model_dump(mode="json")) == sample
