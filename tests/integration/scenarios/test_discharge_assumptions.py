"""The flow out of hospital's assumptions table says exactly which ranges a run draws ("In a run"):
the engine's drawn parameters (``careshift.model.discharge.flow_parameters``) and nothing else, following
the scenario's uncertainty switches."""

from __future__ import annotations

from typing import Any

import pytest

from careshift.apps.scenarios import discharge, engine
from careshift.datapack import load_pack
from careshift.model.discharge import flow_parameters
from careshift.model.distributions import Fixed
from careshift.model.scenario import sample_scenarios

LEVER = {
    "name": "20 more reablement packages",
    "kind": "add_capacity",
    "pathway": "p1",
    "places": {"low": 15, "high": 25},
    "start_year": 2026,
    "full_effect_year": 2027,
}
FIXED_LEVER = {**LEVER, "name": "10 beds", "pathway": "p2", "places": 10}


@pytest.fixture(autouse=True)
def _oxfordshire(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "load_pack", load_pack)  # the pack with the discharge figures


def _spec(**uncertainty: bool) -> dict[str, Any]:
    spec = sample_scenarios()["do-nothing"].model_dump(mode="json")
    spec["discharge"] = {"capacity_growth": "demand", "levers": [LEVER, FIXED_LEVER]}
    spec["uncertainty"] = {"parameter_uncertainty": True, "assumptions": True, **uncertainty}
    return spec


def _pack_keys() -> list[str]:
    """The pack's discharge figures in the table's order (``pack_rows`` walks them the same way)."""
    estimates = load_pack().estimates
    return [
        key
        for name in discharge.FIGURES
        for key in estimates
        if key.split(":")[0] == "discharge" and key.split(":")[1] == name
    ]


def test_in_a_run_names_exactly_the_parameters_the_engine_draws() -> None:
    from careshift.model.scenario import Scenario

    spec = _spec()
    rows = discharge.assumption_rows(spec)
    keys = _pack_keys()
    pack_rows = rows[: len(keys)]
    assert [r.cells()[4] for r in rows] == [r.in_run for r in rows]
    drawn = {key for key, row in zip(keys, pack_rows, strict=True) if row.in_run == discharge.DRAWN}
    shares, stays, levers = flow_parameters(Scenario.model_validate(spec), load_pack())
    engine_drawn = {
        p.name.removeprefix("assumptions:") for p in [*shares, *stays] if not isinstance(p.dist, Fixed)
    }
    assert drawn == engine_drawn
    assert drawn == {f"discharge:pathway_share:p{i}" for i in range(4)} | {
        f"discharge:downstream_los:p{i}" for i in range(1, 4)
    }
    fixed = {key: row.in_run for key, row in zip(keys, pack_rows, strict=True) if key not in drawn}
    assert fixed["discharge:resident_share"] == "fixed at the central value (range not drawn)"
    assert fixed["discharge:not_meeting_criteria"].startswith("fixed: calibration target")
    assert fixed["discharge:delay_share:p1"].startswith("fixed: calibration target")
    assert fixed["discharge:discharges_per_day"].startswith("fixed at the central value")
    c = rows[len(keys)]
    assert c.assumption.startswith("Share of residents' admissions and bed days at OUH")
    assert [c.central, c.range, c.in_run] == [
        "88%",
        "83% to 92%",
        "fixed at the central value (range not drawn)",
    ]
    by_name = {r.assumption.split(" (")[0]: r for r in rows[len(keys) + 1 :]}
    assert by_name["Downstream places"].in_run == "scenario setting"
    assert by_name["Lever: 20 more reablement packages"].in_run == discharge.DRAWN
    assert by_name["Lever: 10 beds"].in_run == "fixed"
    assert [isinstance(p.dist, Fixed) for p in levers] == [False, True]


def test_in_a_run_follows_the_scenarios_uncertainty_switches() -> None:
    rows = discharge.assumption_rows(_spec(assumptions=False))
    stays = [r for r in rows if r.assumption.startswith("Stay in the pathway")]
    assert stays and {r.in_run for r in stays} == {discharge.OFF}
    lever = next(r for r in rows if r.assumption.startswith("Lever: 20 more"))
    assert lever.in_run == discharge.DRAWN
    rows = discharge.assumption_rows(_spec(parameter_uncertainty=False))
    lever = next(r for r in rows if r.assumption.startswith("Lever: 20 more"))
    assert lever.in_run == discharge.OFF
    assert discharge.DRAWN in {r.in_run for r in rows if r.assumption.startswith("Stay in the pathway")}
