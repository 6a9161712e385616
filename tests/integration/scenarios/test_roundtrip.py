"""Property tests: a scenario survives the database, YAML export/import and the editor form unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careshift.apps.scenarios import engine, services
from careshift.apps.scenarios.editor import ScenarioEditor
from careshift.apps.scenarios.models import Scenario

pytestmark = pytest.mark.django_db
ACTIVITIES = ["unplanned_admission", "elective_admission", "ae_walkin", "outpatient_first"]
FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# a person types a percentage with a few decimals (the lever form takes percentages), so shares are drawn
# to 6 decimals as fractions
fractions = st.floats(min_value=0, max_value=0.5, allow_nan=False, width=32).map(lambda x: round(x, 6))


@st.composite
def uncertain(draw: Any) -> Any:
    low, high = sorted(draw(st.tuples(fractions, fractions).filter(lambda t: t[0] != t[1])))
    kind = draw(st.sampled_from(["number", "interval", "triangular"]))
    if kind == "number":
        return low
    if kind == "triangular":
        return {
            "low": low,
            "mode": round(draw(st.floats(min_value=low, max_value=high, allow_nan=False)), 6),
            "high": high,
        }
    return {"low": low, "high": high}


@st.composite
def levers(draw: Any) -> list[dict[str, Any]]:
    out = []
    for index in range(draw(st.integers(min_value=0, max_value=3))):
        start = draw(st.integers(min_value=2025, max_value=2035))
        lever: dict[str, Any] = {
            "name": f"Lever {index}",
            "kind": draw(st.sampled_from(["avoid", "shift", "efficiency", "growth"])),
            "cohort": {
                "activities": draw(
                    st.lists(st.sampled_from(ACTIVITIES), min_size=1, max_size=2, unique=True)
                ),
                "ages": {
                    "min_age": draw(st.sampled_from([0, 65, 75])),
                    "max_age": draw(st.sampled_from([None, 89])),
                },
                "sexes": draw(st.sampled_from([["female", "male"], ["female"], ["male"]])),
            },
            "start_year": start,
            "full_effect_year": draw(st.integers(min_value=start, max_value=2040)),
            "note": draw(
                st.text(st.characters(categories=["L", "N", "P", "Zs"]), max_size=20).map(str.strip)
            ),
        }
        if lever["kind"] == "efficiency":
            lever["los_change"] = {"low": -0.2, "high": -0.05}
        else:
            lever["share"] = draw(uncertain())
        if lever["kind"] == "shift":
            lever["to_activity"] = "virtual_ward_admission"
            lever["conversion"] = draw(st.sampled_from([1.0, {"low": 0.8, "high": 1.2}]))
        out.append(lever)
    return out


@st.composite
def sized(draw: Any, values: Any) -> Any:
    """A number, an interval or a triangular estimate from ``values`` (low below high)."""
    low, high = sorted(draw(st.tuples(values, values).filter(lambda t: t[0] != t[1])))
    kind = draw(st.sampled_from(["number", "interval", "triangular"]))
    if kind == "number":
        return low
    if kind == "triangular":
        return {"low": low, "mode": draw(values.filter(lambda m: low <= m <= high)), "high": high}
    return {"low": low, "high": high}


@st.composite
def discharge_levers(draw: Any) -> list[dict[str, Any]]:
    """Discharge levers of both kinds (the form shows stay changes in percent, so they are drawn to six
    decimals as fractions; places as a person would type them)."""
    localities = [code for code, _ in engine.pack_choices()["localities"]]
    out = []
    for index in range(draw(st.integers(min_value=0, max_value=2))):
        start = draw(st.integers(min_value=2025, max_value=2035))
        places = draw(st.booleans())
        lever: dict[str, Any] = {
            "name": f"Flow {index}",
            "kind": "add_capacity" if places else "faster_discharge",
            "pathway": draw(st.sampled_from(["p1", "p2", "p3"] if places else ["p0", "p1", "p2", "p3"])),
            "localities": draw(st.lists(st.sampled_from(localities), max_size=2, unique=True)),
            "start_year": start,
            "full_effect_year": draw(st.integers(min_value=start, max_value=2040)),
            "evidence": draw(st.sampled_from([[], [{"citation": "Review", "url": "", "note": "p. 4"}]])),
        }
        if places:
            lever["places"] = draw(sized(st.integers(0, 500).map(float)))
        else:
            stay = st.floats(min_value=-0.9, max_value=0.5, allow_nan=False).map(lambda x: round(x, 6))
            lever["los_change"] = draw(sized(stay))
        out.append(lever)
    return out


@st.composite
def specs(draw: Any) -> dict[str, Any]:
    targets = draw(
        st.dictionaries(st.integers(2025, 2040).map(str), st.floats(0, 1e8, allow_nan=False), max_size=3)
    )
    spec = {
        "name": draw(st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=30)),
        "horizon_year": draw(st.integers(2030, 2040)),
        "seed": draw(st.integers(0, 2**62)),
        "levers": draw(levers()),
        "finance": {"baseline_budget": draw(st.none() | st.floats(0, 1e10)), "savings_target": targets},
        "capacity": {
            # the form shows percentages to 10 significant figures (apps/scenarios/fields.py), so a
            # policy typed by a person (a few decimals) round-trips exactly
            "acute_beds": {
                "target_occupancy": round(draw(st.floats(0.5, 1.0)), 6),
                "max_turn_away_risk": 0.05,
            }
        },
        "non_demographic_growth": {"*": draw(uncertain())},
        "discharge": {
            "capacity_growth": draw(st.sampled_from(["demand", "fixed"])),
            "levers": draw(discharge_levers()),
        },
    }
    return engine.normalise(spec)


@FEW
@given(spec=specs())
def test_a_spec_round_trips_through_the_database_and_yaml(spec: dict[str, Any]) -> None:
    Scenario.objects.filter(name__iexact=spec["name"]).delete()  # names are unique; examples share a database
    scenario = services.create_scenario(None, name=spec["name"], spec=spec)
    stored = Scenario.objects.get(pk=scenario.pk).spec
    assert stored == spec
    assert engine.parse_file("back.yaml", engine.to_yaml(stored).encode()) == spec


@FEW
@given(spec=specs())
def test_a_spec_round_trips_through_the_editor_form(spec: dict[str, Any]) -> None:
    from tests.integration.scenarios.test_forms import form_data

    editor = ScenarioEditor(form_data(spec), spec=spec)
    valid = editor.is_valid()
    forms = [editor.scenario, editor.finance, editor.capacity, *editor.levers.forms, *editor.discharge.forms]
    assert valid, [f.errors for f in forms if f.errors]
    assert editor.spec == spec
