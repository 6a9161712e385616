"""The scenario editor: create and edit through the form, errors next to fields, import and export."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from careshift.apps.scenarios import engine
from careshift.apps.scenarios.editor import ScenarioEditor
from careshift.apps.scenarios.models import Scenario

pytestmark = pytest.mark.django_db


def form_data(spec: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    """The POST a browser would send for the editor showing ``spec`` unchanged, then ``changes``."""
    editor = ScenarioEditor(spec=spec or {})
    data: dict[str, Any] = {}
    forms = [editor.scenario, editor.finance, editor.capacity, editor.levers.management_form, *editor.levers]
    forms += [editor.flow, editor.discharge.management_form, *editor.discharge]
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value
    data.update(changes)
    return data


def lever(index: int, **fields: Any) -> dict[str, Any]:
    base = {
        "kind": "avoid",
        "activities": ["unplanned_admission"],
        "min_age": "65",
        "max_age": "",
        "sexes": ["female", "male"],
        "share_low": "2",
        "share_high": "8",
        "start_year": "2026",
        "full_effect_year": "2030",
        "conversion_unit": "units",
    }
    return {f"levers-{index}-{k}": v for k, v in {**base, **fields}.items()}


def test_a_scenario_with_two_levers_is_created_from_the_form(analyst_client: Client) -> None:
    data = form_data(name="Two levers", **{"levers-TOTAL_FORMS": "2"})
    data |= lever(0, name="Prevention") | lever(
        1,
        name="Virtual wards",
        kind="shift",
        to_activity="virtual_ward_admission",
        conversion_low="0.8",
        conversion_high="1",
        share_mode="7",
        share_high="12",
        evidence="NHS England (2022) | https://x.org",
    )
    data |= {"finance-savings_target": "2030: 1000000", "levers-0-one_off_cost": "50000"}
    response = analyst_client.post("/scenarios/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    spec = Scenario.objects.get(name="Two levers").spec
    assert [lv["name"] for lv in spec["levers"]] == ["Prevention", "Virtual wards"]
    assert spec["levers"][1]["share"] == {"low": 0.02, "mode": 0.07, "high": 0.12}
    assert spec["levers"][1]["evidence"][0] == {
        "citation": "NHS England (2022)",
        "url": "https://x.org",
        "note": "",
    }
    assert spec["finance"]["savings_target"] == {"2030": 1000000.0}
    assert spec["finance"]["implementation_cost"]["Prevention"]["one_off"] == 50000


def test_an_engine_error_appears_next_to_the_field_and_nothing_is_lost(analyst_client: Client) -> None:
    data = form_data(name="Bad share", **{"levers-TOTAL_FORMS": "1"}) | lever(
        0, name="Too much", share_high="140"
    )
    response = analyst_client.post("/scenarios/new/", data)
    assert response.status_code == 200
    editor = response.context["editor"]
    assert "140% is more than 100%" in editor.levers.forms[0].errors["share_high"][0]
    html = response.content.decode()
    assert 'id="id_levers-0-share_high-error"' in html
    assert 'value="Too much"' in html and 'value="140"' in html  # what was typed is kept
    assert not Scenario.objects.filter(name="Bad share").exists()


def test_form_errors_name_the_field(analyst_client: Client) -> None:
    data = form_data(name="", **{"levers-TOTAL_FORMS": "1"}) | lever(0, name="L", kind="shift")
    response = analyst_client.post("/scenarios/new/", data)
    editor = response.context["editor"]
    assert editor.scenario.errors["name"]
    data = form_data(name="Shift without target", **{"levers-TOTAL_FORMS": "1"}) | lever(
        0, name="L", kind="shift"
    )
    editor = analyst_client.post("/scenarios/new/", data).context["editor"]
    assert "to_activity" in " ".join(editor.levers.forms[0].non_field_errors())


def test_the_finance_form_explains_a_bad_savings_line(analyst_client: Client) -> None:
    data = form_data(name="Money", **{"finance-savings_target": "2030 lots"})
    editor = analyst_client.post("/scenarios/new/", data).context["editor"]
    assert "Line 1" in editor.finance.errors["savings_target"][0]


def test_editing_keeps_what_the_form_does_not_show(analyst_client: Client, scenario: Scenario) -> None:
    spec = copy.deepcopy(scenario.spec)
    spec["non_demographic_growth"]["unplanned_admission"] = {"low": 0.01, "high": 0.03}
    scenario.spec = spec = engine.normalise(spec)
    scenario.save()
    data = form_data(scenario.spec, name="Renamed", horizon_year="2035")
    response = analyst_client.post(f"/scenarios/{scenario.slug}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    scenario.refresh_from_db()
    assert scenario.name == "Renamed" and scenario.spec["horizon_year"] == 2035
    assert scenario.spec["non_demographic_growth"]["unplanned_admission"] == {
        "low": 0.01,
        "high": 0.03,
        "coverage": 0.8,
        "shape": "normal",
    }
    unchanged = {k: v for k, v in spec.items() if k not in ("name", "horizon_year")}
    assert {k: v for k, v in scenario.spec.items() if k in unchanged} == unchanged


def test_removing_a_lever(analyst_client: Client, scenario: Scenario) -> None:
    data = form_data(scenario.spec, **{"levers-0-DELETE": "on"})
    assert analyst_client.post(f"/scenarios/{scenario.slug}/edit/", data).status_code == 302
    scenario.refresh_from_db()
    assert "Prevention for over-65s" not in [lv["name"] for lv in scenario.spec["levers"]]


def test_adding_a_lever_row_by_htmx_numbers_it_and_updates_the_count(analyst_client: Client) -> None:
    html = analyst_client.get("/scenarios/lever-row/", {"levers-TOTAL_FORMS": "3"}).content.decode()
    assert 'name="levers-3-name"' in html and 'hx-swap-oob="true"' in html and 'value="4"' in html


def test_every_field_has_help_text() -> None:
    editor = ScenarioEditor()
    forms = (editor.scenario, editor.finance, editor.capacity, editor.levers.empty_form, editor.flow)
    for form in (*forms, editor.discharge.empty_form):
        for name, field in form.fields.items():
            assert field.help_text or name == "DELETE", name


def test_a_good_yaml_file_is_imported(analyst_client: Client, scenario: Scenario) -> None:
    exported = analyst_client.get(f"/scenarios/{scenario.slug}/export.yaml")
    assert exported["Content-Type"].startswith("application/yaml")
    upload = SimpleUploadedFile("mine.yaml", exported.content)
    response = analyst_client.post("/scenarios/import/", {"file": upload, "name": "Imported"})
    assert response.status_code == 302
    imported = Scenario.objects.get(name="Imported")
    assert imported.spec["levers"] == scenario.spec["levers"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name: x\nlevers: [\n", "line"),
        (b"name: x\nhorizon_year: 2100\n", "horizon_year"),
        (b"name: x\nlevers:\n  - name: a\n    kind: avoid\n", "levers[0]"),
        (b"- just\n- a list\n", "mapping"),
    ],
)
def test_a_bad_file_gets_a_clear_error(analyst_client: Client, content: bytes, expected: str) -> None:
    response = analyst_client.post("/scenarios/import/", {"file": SimpleUploadedFile("bad.yaml", content)})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"][0]
    assert expected in errors and "Traceback" not in response.content.decode()


def test_a_file_of_the_wrong_kind_is_refused(analyst_client: Client) -> None:
    response = analyst_client.post("/scenarios/import/", {"file": SimpleUploadedFile("bad.txt", b"x")})
    assert ".yaml" in response.context["form"].errors["file"][0]


def test_creating_and_editing_are_audited(analyst_client: Client, scenario: Scenario) -> None:
    from careshift.apps.accounts.models import AuditEvent

    analyst_client.post(f"/scenarios/{scenario.slug}/edit/", form_data(scenario.spec, name="Edited"))
    event = AuditEvent.objects.get(action="scenario.update")
    assert event.changes["name"] == ["Care closer to home", "Edited"]
    assert (
        yaml.safe_load(analyst_client.get(f"/scenarios/{scenario.slug}/export.yaml").content)["name"]
        == "Edited"
    )


def _percent(value: float) -> str:
    return f"{value * 100:.4g}%".replace("-", "\u2212")


def test_the_edit_page_shows_each_lever_as_a_section_with_a_summary(
    analyst_client: Client, scenario: Scenario
) -> None:
    html = analyst_client.get(f"/scenarios/{scenario.slug}/edit/").content.decode()
    levers = scenario.spec["levers"]
    assert html.count('class="nhsuk-details nhsuk-expander careshift-lever') == len(levers)
    first = levers[0]
    share = first["share"]
    expected = f"{first['name']} — {first['kind']}, {_percent(share['low'])}–{_percent(share['high'])}"
    assert f"Lever 1: {expected}</span>" in html
    assert "<details" in html and " open>" not in html  # saved levers without errors start closed
    efficiency = next(i for i, lv in enumerate(levers) if lv["kind"] == "efficiency")
    assert f"Lever {efficiency + 1}: {levers[efficiency]['name']} — efficiency, length of stay " in html


def test_activities_are_checkboxes_grouped_by_the_data_packs_groups(
    analyst_client: Client, scenario: Scenario
) -> None:
    html = analyst_client.get(f"/scenarios/{scenario.slug}/edit/").content.decode()
    assert 'select name="levers-0-activities"' not in html and "hold Ctrl" not in html
    for activity in scenario.spec["levers"][0]["cohort"]["activities"]:
        assert re.search(rf'type="checkbox" name="levers-0-activities" value="{activity}"[^>]*checked', html)
    for group in ("Acute hospital", "Community", "Social care", "Primary care"):
        assert f">{group}</p>" in html
    # grouped choices also group the shift target
    assert '<optgroup label="Community">' in html


def test_every_editor_field_is_on_the_page(analyst_client: Client, scenario: Scenario) -> None:
    html = analyst_client.get(f"/scenarios/{scenario.slug}/edit/").content.decode()
    editor = ScenarioEditor(spec=scenario.spec)
    for form in (
        editor.scenario,
        editor.finance,
        editor.capacity,
        *editor.levers,
        editor.flow,
        *editor.discharge,
    ):
        for field in form:
            assert f'name="{field.html_name}"' in html, field.html_name


def test_two_ticked_activities_are_both_saved(analyst_client: Client) -> None:
    data = form_data(name="Two activities", **{"levers-TOTAL_FORMS": "1"})
    data |= lever(0, name="Both", activities=["unplanned_admission", "ae_walkin"])
    assert analyst_client.post("/scenarios/new/", data).status_code == 302
    spec = Scenario.objects.get(name="Two activities").spec
    assert spec["levers"][0]["cohort"]["activities"] == ["unplanned_admission", "ae_walkin"]


@pytest.mark.parametrize("switch", ["assumptions", "parameter_uncertainty"])
def test_the_uncertainty_switches_round_trip(analyst_client: Client, scenario: Scenario, switch: str) -> None:
    url = f"/scenarios/{scenario.slug}/edit/"
    data = form_data(scenario.spec)
    assert data[switch] == "on"  # both switches start on
    del data[switch]  # an unticked checkbox is not sent
    assert analyst_client.post(url, data).status_code == 302
    scenario.refresh_from_db()
    assert scenario.spec["uncertainty"][switch] is False
    other = {"assumptions": "parameter_uncertainty", "parameter_uncertainty": "assumptions"}[switch]
    assert scenario.spec["uncertainty"][other] is True
    html = analyst_client.get(url).content.decode()
    assert not re.search(rf'name="{switch}"[^>]*checked', html)
    assert analyst_client.post(url, form_data(scenario.spec, **{switch: "on"})).status_code == 302
    scenario.refresh_from_db()
    assert scenario.spec["uncertainty"][switch] is True


def test_a_lever_with_errors_opens_and_a_new_lever_opens(analyst_client: Client, scenario: Scenario) -> None:
    data = form_data(scenario.spec, **{"levers-1-share_high": "140"})
    html = analyst_client.post(f"/scenarios/{scenario.slug}/edit/", data).content.decode()
    assert re.search(r'id="lever-1" data-lever open>', html)
    assert re.search(r'id="lever-0" data-lever>', html)
    row = analyst_client.get("/scenarios/lever-row/", {"levers-TOTAL_FORMS": "6"}).content.decode()
    assert 'id="lever-6" data-lever open>' in row and "Lever 7: New lever — avoid" in row


def test_lever_parts_name_the_kinds_they_apply_to(analyst_client: Client) -> None:
    html = analyst_client.get("/scenarios/lever-row/", {"levers-TOTAL_FORMS": "0"}).content.decode()
    for legend in ("Cohort", "Size of effect", "Timing", "Evidence"):
        assert f">{legend}</legend>" in html
    assert 'data-kinds="avoid shift growth"' in html and 'data-kinds="efficiency"' in html
    assert html.count('data-kinds="shift"') == 3  # target, conversion, conversion unit


def test_saved_whole_numbers_show_without_a_trailing_point_zero() -> None:
    from careshift.apps.scenarios.forms import PlainNumberInput

    widget = PlainNumberInput()
    assert widget.format_value(2000000.0) == "2000000"
    assert widget.format_value(0.125) == "0.125"
    assert widget.format_value(None) is None
