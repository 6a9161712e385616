"""The scenario page's "Flow out of hospital" section: discharge levers added, edited and removed through
the form, read through to a run; bad values refused beside their fields with nothing saved; the shipped
sample's discharge levers kept exactly by an unchanged save."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios import engine, services
from careshift.apps.scenarios.editor import ScenarioEditor
from careshift.apps.scenarios.models import Scenario
from careshift.errors import ScenarioError
from careshift.model.scenario import sample_scenarios
from tests.integration.scenarios.test_forms import form_data

pytestmark = pytest.mark.django_db


def discharge(index: int, **fields: Any) -> dict[str, Any]:
    """A discharge lever row as the browser posts it: 10 P2 beds from 2026, at full effect in 2028."""
    base = {
        "name": "Ten step-down beds",
        "kind": "add_capacity",
        "pathway": "p2",
        "places_low": "8",
        "places_high": "12",
        "start_year": "2026",
        "full_effect_year": "2028",
    }
    return {f"discharge-{index}-{k}": v for k, v in {**base, **fields}.items()}


def _edit(client: Client, scenario: Scenario, data: dict[str, Any]) -> Any:
    return client.post(f"/scenarios/{scenario.slug}/edit/", {**data, "version": scenario.version})


def _central(spec: dict[str, Any], measure: str, setting: str = "all", year: int = 2030) -> float:
    """The central case of a small run of ``spec`` on the engine's pack (the shipped one, with discharge
    figures, where the test says so)."""
    from careshift.model import run
    from careshift.model.scenario import Scenario as EngineScenario

    c = run(EngineScenario.model_validate(spec), engine.load_pack(), iterations=2, seed=3).central()
    pick = (c.locality == "county") & (c.year == year) & (c.measure == measure) & (c.setting == setting)
    return float(c[pick].value.iloc[0])


@pytest.fixture
def do_nothing(db: None) -> Scenario:
    spec = sample_scenarios()["do-nothing"].model_dump(mode="json")
    return services.create_scenario(None, name="Plain", spec=spec)


def test_a_discharge_lever_added_on_the_form_is_saved_and_frees_acute_beds(
    analyst_client: Client, do_nothing: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careshift.datapack import load_pack

    monkeypatch.setattr(engine, "load_pack", load_pack)  # the shipped pack: its localities, its flow
    assert do_nothing.spec["discharge"]["levers"] == []
    locality = engine.pack_choices()["localities"][0][0]
    data = form_data(do_nothing.spec, **{"discharge-TOTAL_FORMS": "1"}) | discharge(
        0,
        localities=[locality],
        evidence="Local bed review (2025) | https://example.org/beds",
        note="Illustrative assumption.",
        one_off_cost="50000",
        recurring_cost="400000",
    )
    response = _edit(analyst_client, do_nothing, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    do_nothing.refresh_from_db()
    assert do_nothing.spec["discharge"]["levers"] == [
        {
            "name": "Ten step-down beds",
            "kind": "add_capacity",
            "pathway": "p2",
            "places": {"low": 8.0, "high": 12.0, "coverage": 0.8, "shape": "normal"},
            "los_change": None,
            "localities": [locality],
            "start_year": 2026,
            "full_effect_year": 2028,
            "evidence": [
                {"citation": "Local bed review (2025)", "url": "https://example.org/beds", "note": ""}
            ],
            "note": "Illustrative assumption.",
        }
    ]
    cost = do_nothing.spec["finance"]["implementation_cost"]["Ten step-down beds"]
    assert cost == {"one_off": 50000.0, "recurring": 400000.0}
    # the run reads it through: acute beds freed in 2030, none without it
    before = sample_scenarios()["do-nothing"].model_dump(mode="json")
    assert _central(before, "discharge_acute_beds_freed") == 0
    assert _central(do_nothing.spec, "discharge_acute_beds_freed") > 0


def test_a_faster_discharge_lever_takes_a_percentage(analyst_client: Client, do_nothing: Scenario) -> None:
    data = form_data(do_nothing.spec, **{"discharge-TOTAL_FORMS": "1"}) | discharge(
        0,
        name="Quicker home",
        kind="faster_discharge",
        pathway="p0",
        places_low="",
        places_high="",
        los_change_low="-30",
        los_change_mode="-20",
        los_change_high="-10",
    )
    assert _edit(analyst_client, do_nothing, data).status_code == 302
    do_nothing.refresh_from_db()
    (saved,) = do_nothing.spec["discharge"]["levers"]
    assert saved["los_change"] == {"low": -0.3, "mode": -0.2, "high": -0.1} and saved["places"] is None


def test_editing_a_discharge_lever_changes_only_it(analyst_client: Client, scenario: Scenario) -> None:
    before = copy.deepcopy(scenario.spec)
    data = form_data(
        scenario.spec,
        **{
            "discharge-0-places_high": "30",
            "discharge-0-pathway": "p2",
            "discharge-1-full_effect_year": "2031",
            "flow-capacity_growth": "fixed",
        },
    )
    assert _edit(analyst_client, scenario, data).status_code == 302
    scenario.refresh_from_db()
    first, second = scenario.spec["discharge"]["levers"]
    old_first, old_second = before["discharge"]["levers"]
    assert first == {**old_first, "pathway": "p2", "places": {**old_first["places"], "high": 30.0}}
    assert second == {**old_second, "full_effect_year": 2031}
    assert scenario.spec["discharge"]["capacity_growth"] == "fixed"
    assert {k: v for k, v in scenario.spec.items() if k != "discharge"} == {
        k: v for k, v in before.items() if k != "discharge"
    }


def test_renaming_a_discharge_lever_carries_its_cost(analyst_client: Client, scenario: Scenario) -> None:
    old = scenario.spec["finance"]["implementation_cost"]["Faster care-home assessments"]
    data = form_data(scenario.spec, **{"discharge-1-name": "Trusted assessors"})
    assert _edit(analyst_client, scenario, data).status_code == 302
    scenario.refresh_from_db()
    costs = scenario.spec["finance"]["implementation_cost"]
    assert costs["Trusted assessors"] == old and "Faster care-home assessments" not in costs


def test_removing_a_discharge_lever_removes_it_and_its_cost(
    analyst_client: Client, scenario: Scenario
) -> None:
    data = form_data(scenario.spec, **{"discharge-1-DELETE": "on"})
    assert _edit(analyst_client, scenario, data).status_code == 302
    scenario.refresh_from_db()
    assert [lv["name"] for lv in scenario.spec["discharge"]["levers"]] == ["20 more reablement packages"]
    assert "Faster care-home assessments" not in scenario.spec["finance"]["implementation_cost"]


BAD = [
    ({"discharge-0-pathway": "p0"}, "pathway", "P0 (home without new support) has no places to add"),
    ({"discharge-0-full_effect_year": "2025"}, "full_effect_year", "is before the start year (2026)"),
    ({"discharge-1-los_change_low": "-200"}, "los_change_low", "-200% is outside the range"),
    ({"discharge-0-places_low": "40"}, "places_low", "the low (40) is more than the high (25); swap"),
    ({"discharge-0-places_low": "", "discharge-0-places_high": ""}, "places_low", "needs the number"),
    ({"discharge-1-los_change_low": "", "discharge-1-los_change_high": ""}, "los_change_low", "needs the"),
    ({"discharge-1-name": "Virtual wards"}, "name", "Another lever is already called 'Virtual wards'"),
]


@pytest.mark.parametrize(("changes", "field", "words"), BAD)
def test_a_bad_discharge_value_is_refused_beside_its_field_and_nothing_is_saved(
    analyst_client: Client, scenario: Scenario, changes: dict[str, str], field: str, words: str
) -> None:
    before, version = copy.deepcopy(scenario.spec), scenario.version
    response = _edit(analyst_client, scenario, form_data(scenario.spec, **changes))
    assert response.status_code == 200
    row = int(next(iter(changes)).split("-")[1])
    errors = response.context["editor"].discharge.forms[row].errors
    assert words in errors[field][0], errors
    html = response.content.decode()
    assert f'id="id_discharge-{row}-{field}-error"' in html and "Traceback" not in html
    assert "There is a problem" in html and re.search(
        rf'id="discharge-lever-{row}" data-flow-lever open>', html
    )
    for value in changes.values():  # what was typed is kept
        assert not value or f'value="{value}"' in html or f'"{value}" selected' in html
    scenario.refresh_from_db()
    assert scenario.spec == before and scenario.version == version


def test_an_engine_message_about_a_discharge_lever_goes_beside_its_field(
    monkeypatch: pytest.MonkeyPatch, scenario: Scenario
) -> None:
    """What the form cannot check itself (the engine's and the data pack's rules) is placed by its path."""
    fields = {
        "discharge.levers[1].los_change.low": "a stay change is a fraction, above -0.95",
        "discharge.levers[0]": "a lever-wide message",
        "discharge.capacity_growth": "input should be 'demand' or 'fixed'",
    }

    def refuse(spec: dict[str, Any]) -> dict[str, Any]:
        raise ScenarioError("refused", fields=fields)

    monkeypatch.setattr(engine, "normalise", refuse)
    editor = ScenarioEditor(form_data(scenario.spec), spec=scenario.spec)
    assert not editor.is_valid()
    first, second = editor.discharge.forms
    assert second.errors["los_change_low"] == [fields["discharge.levers[1].los_change.low"]]
    assert first.non_field_errors() == ["a lever-wide message"]
    assert editor.flow.errors["capacity_growth"] == [fields["discharge.capacity_growth"]]
    assert "Discharge lever 2 (Faster care-home assessments): a stay change" in " ".join(editor.summary)


def test_a_conflicting_save_keeps_the_typed_discharge_lever(
    analyst_client: Client, scenario: Scenario
) -> None:
    opened = {**form_data(scenario.spec, **{"discharge-TOTAL_FORMS": "3"}), **discharge(2)}
    opened["version"] = scenario.version
    services.update_scenario(None, scenario, name="Saved by someone else", spec=scenario.spec)
    scenario.refresh_from_db()
    saved = copy.deepcopy(scenario.spec)
    response = analyst_client.post(f"/scenarios/{scenario.slug}/edit/", opened)
    assert response.status_code == 409
    assert 'value="Ten step-down beds"' in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.spec == saved


@pytest.mark.parametrize("slug", sorted(sample_scenarios()))
def test_an_unchanged_save_of_a_sample_keeps_its_flow_exactly(analyst_client: Client, slug: str) -> None:
    spec = sample_scenarios()[slug].model_dump(mode="json")
    mine = services.create_scenario(None, name=spec["name"], spec=spec)
    html = analyst_client.get(f"/scenarios/{mine.slug}/edit/").content.decode()
    for index, lever in enumerate(spec["discharge"]["levers"]):
        assert f'name="discharge-{index}-name"' in html and f'value="{lever["name"]}"' in html
    assert _edit(analyst_client, mine, form_data(spec)).status_code == 302
    mine.refresh_from_db()
    assert mine.spec == spec


def test_the_care_closer_to_home_sample_has_discharge_levers_of_both_kinds() -> None:
    """The round trip above covers both kinds only while the sample has them."""
    flow = sample_scenarios()["care-closer-to-home"].discharge
    assert {lever.kind for lever in flow.levers} == {"add_capacity", "faster_discharge"}


def test_the_edit_page_shows_the_flow_section(analyst_client: Client, scenario: Scenario) -> None:
    html = analyst_client.get(f"/scenarios/{scenario.slug}/edit/").content.decode()
    assert '<h2 class="nhsuk-heading-l" id="flow">Flow out of hospital</h2>' in html
    assert re.search(r'name="flow-capacity_growth"', html) and '<option value="demand" selected>' in html
    assert (
        "Discharge lever 1: 20 more reablement packages — add places, 15–25 places, P1 home with support"
        in html
    )
    assert (
        "Discharge lever 2: Faster care-home assessments — faster discharge, −20% to −5% stay, P3 care home"
        in html
    )
    assert '<option value="p3" selected>P3 care home</option>' in html
    assert 'data-kinds="add_capacity"' in html and 'data-kinds="faster_discharge"' in html
    assert 'name="discharge-1-los_change_low" value="-20"' in html  # a percentage, not -0.2


def test_adding_a_discharge_row_by_htmx_numbers_it_and_updates_the_count(analyst_client: Client) -> None:
    html = analyst_client.get("/scenarios/discharge-row/", {"discharge-TOTAL_FORMS": "2"}).content.decode()
    assert 'name="discharge-2-name"' in html and 'hx-swap-oob="true"' in html and 'value="3"' in html
    assert 'id="discharge-lever-2" data-flow-lever open>' in html
    assert "Discharge lever 3: New discharge lever — add places" in html
    for legend in ("Size of effect", "Timing", "Implementation cost", "Evidence"):
        assert f">{legend}</legend>" in html


def test_evidence_with_a_note_but_no_address_survives_an_unchanged_save(
    analyst_client: Client, scenario: Scenario
) -> None:
    """A reference with a note and no web address kept its note as the address (the text dropped the
    empty middle part: 'citation | note')."""
    spec = copy.deepcopy(scenario.spec)
    spec["discharge"]["levers"][0]["evidence"] = [{"citation": "Winter review", "url": "", "note": "p. 4"}]
    spec["levers"][0]["evidence"] = [{"citation": "Prevention review", "url": "", "note": "table 2"}]
    scenario.spec = spec = engine.normalise(spec)
    scenario.save()
    assert _edit(analyst_client, scenario, form_data(spec)).status_code == 302
    scenario.refresh_from_db()
    assert scenario.spec == spec
