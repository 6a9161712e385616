"""The lever library (issue 9): reusable lever templates with their evidence and typical ranges, the
sample levers seeded as templates, "Add to scenario" in the editor, saving and removing templates by
permission, audited."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.accounts.models import AuditEvent
from careshift.apps.scenarios import library
from careshift.apps.scenarios.models import LeverTemplate, Scenario

pytestmark = pytest.mark.django_db


def test_the_sample_levers_become_templates_once(db: None) -> None:
    made = library.ensure_sample_templates()
    names = {t.name for t in made}
    assert {"Prevention for over-65s", "Virtual wards", "Shorter acute stays"} <= names
    wards = LeverTemplate.objects.get(name="Virtual wards")
    assert wards.lever["share"] == {"low": 0.05, "high": 0.12, "coverage": 0.8, "shape": "normal"}
    assert wards.lever["evidence"][0]["url"] == "https://www.england.nhs.uk/virtual-wards/"
    assert wards.one_off_cost == 2_000_000 and wards.source == "Sample scenario 'Care closer to home'"
    library.ensure_sample_templates()
    assert LeverTemplate.objects.count() == len(names)  # idempotent


def test_setup_demo_seeds_the_library(db: None) -> None:
    from careshift.site.registry import app_specs, import_path

    loader = next(a.spec.extra["demo"] for a in app_specs() if a.label == "scenarios")
    import_path(loader)()
    assert LeverTemplate.objects.filter(name="Virtual wards").exists()


def test_the_library_page_shows_each_template_in_words(viewer_client: Client) -> None:
    library.ensure_sample_templates()
    page = html.unescape(viewer_client.get("/scenarios/levers/").content.decode())
    assert ">Virtual wards</h2>" in page and "5% to 12% of the cohort" in page
    assert "Typical cost" in page and "£2m one-off" in page
    assert '<a href="https://www.england.nhs.uk/virtual-wards/">' in page
    assert "Remove from the library" not in page and "Add a scenario's lever" not in page  # a viewer


def test_add_to_scenario_fills_a_new_lever_from_a_template(client_for: Callable[[str], Client]) -> None:
    library.ensure_sample_templates()
    client = client_for("contributor")
    form = client.get("/scenarios/new/").content.decode()
    wards = LeverTemplate.objects.get(name="Virtual wards")
    assert 'id="add-from-library"' in form and f'<option value="{wards.pk}">Virtual wards</option>' in form
    row = client.get("/scenarios/lever-row/", {"levers-TOTAL_FORMS": "2", "template": wards.pk})
    assert row.status_code == 200
    text = row.content.decode()
    assert 'name="levers-2-name"' in text and 'value="Virtual wards"' in text
    assert 'name="levers-2-share_low"' in text and 'value="5"' in text  # 0.05 shown as a percentage
    assert 'value="2000000"' in text  # its one-off cost
    missing = client.get("/scenarios/lever-row/", {"levers-TOTAL_FORMS": "0", "template": "999999"})
    assert missing.status_code == 404 and "no lever template" in html.unescape(missing.content.decode())


def test_an_analyst_saves_a_scenarios_lever_and_removes_it_audited(
    analyst_client: Client, scenario: Scenario
) -> None:
    page = analyst_client.get("/scenarios/levers/").content.decode()
    value = f"{scenario.slug}|Virtual wards"
    assert f'value="{value}"' in page
    response = analyst_client.post("/scenarios/levers/save/", {"lever": value})
    template = LeverTemplate.objects.get(name="Virtual wards")
    assert response.status_code == 302 and response["Location"].endswith(f"#template-{template.pk}")
    assert template.source == f"Scenario '{scenario.name}'" and template.lever["to_activity"]
    assert AuditEvent.objects.get(action="lever_template.create").changes == {"scenario": scenario.slug}

    again = analyst_client.post("/scenarios/levers/save/", {"lever": value})  # now in the library
    assert again.status_code == 400 and "Select a valid choice" in html.unescape(again.content.decode())

    removed = analyst_client.post(f"/scenarios/levers/{template.pk}/delete/")
    assert removed.status_code == 302 and not LeverTemplate.objects.exists()
    assert AuditEvent.objects.get(action="lever_template.delete").changes == {"name": "Virtual wards"}
    scenario.refresh_from_db()
    assert "Virtual wards" in [lever["name"] for lever in scenario.spec["levers"]]  # the scenario keeps it


def test_a_name_already_in_the_library_is_refused_beside_the_field(
    analyst_client: Client, scenario: Any
) -> None:
    LeverTemplate.objects.create(name="virtual wards", lever={"name": "virtual wards"})
    with pytest.raises(Exception, match="already has a lever named"):
        library.save_from_scenario(None, scenario, "Virtual wards")
    response = analyst_client.post("/scenarios/levers/save/", {"lever": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_only_library_managers_save_or_remove(
    client_for: Callable[[str], Client], scenario: Any, role: str
) -> None:
    client = client_for(role)
    template = LeverTemplate.objects.create(name="Kept", lever={"name": "Kept"})
    assert (
        client.post("/scenarios/levers/save/", {"lever": f"{scenario.slug}|Virtual wards"}).status_code == 403
    )
    assert client.post(f"/scenarios/levers/{template.pk}/delete/").status_code == 403
    assert LeverTemplate.objects.filter(pk=template.pk).exists() and LeverTemplate.objects.count() == 1
