"""Faults found by trying the workbench as a new planning analyst (issue 9), each reproduced through the
Django test client before it was fixed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios.models import Scenario
from tests.integration.scenarios.test_forms import form_data

pytestmark = pytest.mark.django_db


def _edit(client: Client, scenario: Scenario, **changes: Any) -> Any:
    return client.post(f"/scenarios/{scenario.slug}/edit/", form_data(scenario.spec, **changes))


def test_a_wrong_capacity_value_is_shown_beside_its_field_and_keeps_what_was_typed(
    analyst_client: Client, scenario: Scenario
) -> None:
    response = _edit(
        analyst_client,
        scenario,
        name="Kept name",
        **{"capacity-acute_beds__max_turn_away_risk": "150", "capacity-acute_beds__planned_beds": "-3"},
    )
    assert response.status_code == 200  # was a 500: the error class was added to a field with no class
    html = response.content.decode()
    editor = response.context["editor"]
    assert "acute_beds__max_turn_away_risk" in editor.capacity.errors
    assert "acute_beds__planned_beds" in editor.capacity.errors
    assert 'id="id_capacity-acute_beds__max_turn_away_risk-error"' in html
    assert 'value="Kept name"' in html and 'value="150"' in html and 'value="-3"' in html
    assert Scenario.objects.get(pk=scenario.pk).name == "Care closer to home"


def test_target_occupancy_typed_as_a_percentage_is_taken_as_one(
    analyst_client: Client, scenario: Scenario
) -> None:
    response = _edit(analyst_client, scenario, **{"capacity-acute_beds__target_occupancy": "92"})
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = Scenario.objects.get(pk=scenario.pk).spec["capacity"]["acute_beds"]
    assert policy["target_occupancy"] == pytest.approx(0.92)
    page = analyst_client.get(f"/scenarios/{scenario.slug}/edit/").content.decode()
    assert 'name="capacity-acute_beds__target_occupancy" value="92"' in page  # shown as typed


def test_target_occupancy_typed_as_a_fraction_is_explained_beside_the_field(
    analyst_client: Client, scenario: Scenario
) -> None:
    response = _edit(analyst_client, scenario, **{"capacity-acute_beds__target_occupancy": "0.92"})
    assert response.status_code == 200
    error = response.context["editor"].capacity.errors["acute_beds__target_occupancy"][0]
    assert "percentage" in error and "Type 92 for 92%" in error
    assert 'value="0.92"' in response.content.decode()
