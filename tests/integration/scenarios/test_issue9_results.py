"""Results-side faults from issue 9 (run settings, lever errors, progress, audit wording, navigation),
each reproduced through the Django test client before it was fixed."""

from __future__ import annotations

import pytest
from django.test import Client

from careshift.apps.scenarios.models import Run, Scenario

pytestmark = pytest.mark.django_db


def test_a_bad_iteration_count_is_shown_beside_the_field_and_keeps_what_was_typed(
    analyst_client: Client, scenario: Scenario
) -> None:
    response = analyst_client.post(
        f"/scenarios/{scenario.slug}/run/", {"iterations": "0", "seed": "12345", "executor": "local"}
    )
    assert response.status_code == 400  # refused, but the page is the form, not a dead-end error page
    html = response.content.decode()
    assert response.context["run_form"].errors["iterations"]
    assert 'id="id_iterations-error"' in html and "nhsuk-form-group--error" in html
    assert 'value="0"' in html and 'value="12345"' in html
    assert '<details class="nhsuk-details" open' in html  # the settings are not hidden away
    assert not Run.objects.filter(scenario=scenario).exists()
