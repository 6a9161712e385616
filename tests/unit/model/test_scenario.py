from __future__ import annotations

from pathlib import Path

import pytest

from careshift.errors import ModelError, ScenarioError
from careshift.model.levers import check_against_pack
from careshift.model.scenario import from_dict, load_scenario, sample_scenarios
from careshift.model.schema_docs import outputs

LEVER = {
    "name": "Virtual wards",
    "kind": "shift",
    "cohort": {"activities": ["unplanned_admission"]},
    "share": 0.1,
    "to_activity": "virtual_ward_admission",
    "start_year": 2026,
    "full_effect_year": 2028,
}


def _error(data: dict) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        from_dict(data)
    return info.value


def test_share_above_one_names_field_and_fix() -> None:
    err = _error({"name": "x", "levers": [LEVER, {**LEVER, "name": "b", "share": 1.4}]})
    assert str(err) == "levers[1].share: 1.4 is more than 1; a share is a fraction between 0 and 1"


def test_interval_share_bound_checked() -> None:
    err = _error({"name": "x", "levers": [{**LEVER, "share": {"low": -0.1, "high": 0.2}}]})
    assert str(err).startswith("levers[0].share: -0.1 is less than 0")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"horizon_year": 2041}, "horizon_year"),
        ({"levres": []}, "levres"),
        ({"levers": [{**LEVER, "kind": "avoid", "to_activity": "x"}]}, "levers[0]"),
        ({"levers": [{**LEVER, "full_effect_year": 2025}]}, "levers[0].full_effect_year"),
        (
            {"levers": [{**LEVER, "cohort": {"activities": ["a"], "ages": {"min_age": 63}}}]},
            "levers[0].cohort.ages.min_age",
        ),
        ({"levers": [{k: v for k, v in LEVER.items() if k != "start_year"}]}, "levers[0].start_year"),
        ({"levers": [LEVER, LEVER]}, "scenario"),
    ],
)
def test_errors_name_the_field(change: dict, field: str) -> None:
    err = _error({"name": "x", **change})
    assert str(err).startswith(f"{field}:")
    assert field in err.fields and err.hint


def test_pack_codes_checked(small_pack) -> None:  # type: ignore[no-untyped-def]
    scenario = from_dict({"name": "x", "levers": [{**LEVER, "to_activity": "teleport"}]})
    with pytest.raises(ModelError, match=r"levers\[0\]\.to_activity: 'teleport'"):
        check_against_pack(scenario, small_pack)


def test_samples_round_trip_through_yaml(tmp_path: Path) -> None:
    for slug, scenario in sample_scenarios().items():
        path = tmp_path / f"{slug}.yaml"
        path.write_text(scenario.to_yaml())
        assert load_scenario(path) == scenario
        assert scenario.illustrative


def test_bad_yaml_is_a_scenario_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: [unclosed\n")
    with pytest.raises(ScenarioError, match="line"):
        load_scenario(path)


def test_generated_references_are_current() -> None:
    stale = [str(p) for p, text in outputs().items() if not p.exists() or p.read_text() != text]
    assert not stale, f"Regenerate with `python -m careshift.model.schema_docs`: {stale}"
