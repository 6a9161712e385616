"""Scenario versions, read-only samples and unique names (issue 9, "Comparisons that stay put")."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios import services, versions
from careshift.apps.scenarios.models import Scenario, ScenarioVersion
from tests.integration.scenarios.test_forms import form_data

pytestmark = pytest.mark.django_db


def _edit_data(scenario: Scenario, **changes: Any) -> dict[str, Any]:
    return {**form_data(scenario.spec, name=scenario.name), "version": scenario.version, **changes}


def test_every_save_keeps_a_version_and_the_history_says_what_changed_in_words(
    client_for: Callable[[str], Client], token_factory: Callable[..., tuple[Any, str]], scenario: Scenario
) -> None:
    analyst = client_for("analyst")
    assert list(scenario.versions.values_list("number", flat=True)) == [1]
    levers = [lever["name"] for lever in scenario.spec["levers"]]
    index = levers.index("Virtual wards")
    response = analyst.post(
        f"/scenarios/{scenario.slug}/edit/",
        _edit_data(scenario, **{f"levers-{index}-share_high": "15", "horizon_year": "2035"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    scenario.refresh_from_db()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_factory('analyst')[1]}"}
    patched = Client().patch(
        f"/api/scenarios/{scenario.slug}",
        json.dumps(
            {"levers": [lv for lv in scenario.spec["levers"] if lv["name"] != "Community hospital step-up"]}
        ),
        content_type="application/json",
        **headers,
    )
    assert patched.status_code == 200, patched.content
    assert list(ScenarioVersion.objects.filter(scenario=scenario).values_list("number", flat=True)) == [
        3,
        2,
        1,
    ]

    html = analyst.get(f"/scenarios/{scenario.slug}/history/").content.decode()
    assert "Version 3: Care closer to home" in html and "Created." in html
    assert "Horizon year: 2040 → 2035" in html
    assert "Lever &#x27;Virtual wards&#x27;: share: 5% to 12% → 5% to 15%" in html
    assert "Lever &#x27;Community hospital step-up&#x27; removed" in html
    assert "Edit history" in analyst.get(f"/scenarios/{scenario.slug}/").content.decode()


def test_the_words_for_an_added_lever_and_a_changed_policy() -> None:
    before = {"capacity": {"acute_beds": {"target_occupancy": 0.92}}, "levers": []}
    lever = {
        "name": "Falls service",
        "kind": "avoid",
        "share": {"low": 0.01, "high": 0.03},
        "start_year": 2026,
        "full_effect_year": 2028,
    }
    after = {"capacity": {"acute_beds": {"target_occupancy": 0.9}}, "levers": [lever]}
    assert versions.changes(before, after) == [
        "Capacity › acute beds › target occupancy: 92% → 90%",
        "Lever 'Falls service' added (avoid, share 1% to 3%, 2026 to 2028)",
    ]
    assert versions.changes(after, after) == []


@pytest.fixture
def sample(db: None) -> Scenario:
    services.ensure_sample_scenarios(run=False)
    return Scenario.objects.get(slug="care-closer-to-home")


def test_a_shipped_sample_is_read_only_and_copy_to_change_makes_an_editable_copy(
    analyst_client: Client, sample: Scenario
) -> None:
    response = analyst_client.get(f"/scenarios/{sample.slug}/edit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "is read-only" in html and "Copy to change" in html
    refused = analyst_client.post(f"/scenarios/{sample.slug}/edit/", _edit_data(sample, horizon_year="2035"))
    assert refused.status_code == 403
    sample.refresh_from_db()
    assert sample.spec["horizon_year"] == 2040 and sample.version == 1

    detail = analyst_client.get(f"/scenarios/{sample.slug}/").content.decode()
    assert 'id="copy-to-change"' in detail and f'href="/scenarios/{sample.slug}/edit/"' not in detail
    copied = analyst_client.post(
        f"/scenarios/{sample.slug}/copy/", {"name": "Copy of Care closer to home", "then": "edit"}
    )
    copy = Scenario.objects.get(name="Copy of Care closer to home")
    assert copied.status_code == 302 and copied["Location"] == f"/scenarios/{copy.slug}/edit/"
    assert not copy.is_sample and analyst_client.get(copied["Location"]).status_code == 200


def test_the_api_refuses_to_change_a_sample(
    token_factory: Callable[..., tuple[Any, str]], sample: Scenario
) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_factory('analyst')[1]}"}
    response = Client().patch(
        f"/api/scenarios/{sample.slug}",
        json.dumps({"horizon_year": 2035}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]
    assert "Copy it" in response.json()["error"]["hint"]


def test_names_are_unique_in_the_form_the_copy_the_import_and_the_api(
    analyst_client: Client,
    token_factory: Callable[..., tuple[Any, str]],
    scenario: Scenario,
    sample_spec: dict[str, Any],
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    other = services.create_scenario(None, name="Other plan", spec=sample_spec)
    response = analyst_client.post("/scenarios/new/", form_data(sample_spec, name="care CLOSER to home"))
    assert response.status_code == 200
    assert "&#x27;Care closer to home&#x27; is taken" in response.content.decode()
    assert 'id="id_name-error"' in response.content.decode()

    edited = analyst_client.post(
        f"/scenarios/{other.slug}/edit/", _edit_data(other, name="Care closer to home")
    )
    assert "is taken" in edited.context["editor"].scenario.errors["name"][0]

    copied = analyst_client.post(f"/scenarios/{other.slug}/copy/", {"name": "Care closer to home"})
    assert copied.status_code == 200 and "is taken" in copied.context["form"].errors["name"][0]

    upload = SimpleUploadedFile("s.json", json.dumps(sample_spec).encode())
    imported = analyst_client.post("/scenarios/import/", {"file": upload})
    assert "There is already a scenario called" in imported.context["form"].errors["name"][0]

    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_factory('analyst')[1]}"}
    api = Client().post(
        "/api/scenarios/", json.dumps(sample_spec), content_type="application/json", **headers
    )
    assert api.status_code == 400 and "name" in api.json()["error"]["fields"]
    assert Scenario.objects.filter(name__iexact="care closer to home").count() == 1


def test_the_copy_name_offered_is_free(
    analyst_client: Client, scenario: Scenario, sample_spec: dict[str, Any]
) -> None:
    services.create_scenario(None, name="Copy of Care closer to home", spec=sample_spec)
    page = analyst_client.get(f"/scenarios/{scenario.slug}/copy/")
    assert page.context["form"].initial["name"] == "Copy of Care closer to home (2)"


def test_the_migration_renames_duplicate_names_and_keeps_every_scenario(transactional_db: None) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("scenarios", "0007_scenario_versions")])
    old = executor.loader.project_state([("scenarios", "0007_scenario_versions")]).apps
    OldScenario = old.get_model("scenarios", "Scenario")
    for slug, name in (("a", "Plan"), ("b", "plan"), ("c", "Plan"), ("d", "Plan (2)")):
        OldScenario.objects.create(slug=slug, name=name, spec={"name": name})
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    names = dict(Scenario.objects.values_list("slug", "name"))
    # the oldest keeps its name; later ones take the first free number; addresses (slugs) stay
    assert names == {"a": "Plan", "b": "plan (2)", "c": "Plan (3)", "d": "Plan (2) (2)"}
    assert Scenario.objects.get(slug="b").spec["name"] == names["b"]
    assert ScenarioVersion.objects.count() == 4
