"""Agreed scenarios and pinned runs (issue 9, "Comparisons that stay put"): a rerun keeps the new run but
never moves the pin; only someone allowed to pin moves it, with a reason, and the audit log keeps it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.accounts.models import AuditEvent
from careshift.apps.scenarios import pinning
from careshift.apps.scenarios.models import Run, Scenario

pytestmark = pytest.mark.django_db


def _pin(client: Client, scenario: Scenario, run: Run, reason: str = "Agreed at the March board") -> Any:
    return client.post(f"/scenarios/{scenario.slug}/pin/", {"run": run.pk, "reason": reason})


def test_a_new_scenario_is_a_draft_compared_through_its_latest_run(
    succeeded_run: Run, run_scenario: Callable[..., Any]
) -> None:
    scenario = succeeded_run.scenario
    assert scenario.status == "draft" and scenario.pinned_run is None
    newer = run_scenario(scenario)
    assert pinning.quoted_run(scenario) == (newer, "latest finished")


def test_agreeing_pins_a_run_and_a_rerun_does_not_move_it(
    client_for: Callable[[str], Client], succeeded_run: Run, run_scenario: Callable[..., Any]
) -> None:
    scenario, lead = succeeded_run.scenario, client_for("programme_lead")
    response = _pin(lead, scenario, succeeded_run)
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.status == "agreed" and scenario.pinned_run == succeeded_run

    rerun = run_scenario(scenario)  # someone runs it again: the new run is kept, the pin stays
    scenario.refresh_from_db()
    assert rerun.status == "succeeded" and scenario.runs.count() == 2
    assert scenario.pinned_run == succeeded_run
    assert pinning.quoted_run(scenario) == (succeeded_run, "pinned")
    page = lead.get(f"/scenarios/{scenario.slug}/").content.decode()
    assert "figures and comparisons use the <strong>pinned</strong> run" in page
    assert f'href="/scenarios/runs/{succeeded_run.pk}/results/">run {succeeded_run.pk}</a>' in page

    event = AuditEvent.objects.get(action="scenario.pin")
    assert event.reason == "Agreed at the March board"
    assert event.changes == {"status": ["draft", "agreed"], "pinned_run": [None, succeeded_run.pk]}


def test_re_pinning_needs_the_right_and_a_reason_and_is_audited(
    client_for: Callable[[str], Client], succeeded_run: Run, run_scenario: Callable[..., Any]
) -> None:
    scenario = succeeded_run.scenario
    pinning.pin_run(None, scenario, succeeded_run, reason="first agreement")
    rerun = run_scenario(scenario)

    analyst = client_for("analyst")  # may run scenarios, may not move the pin
    assert _pin(analyst, scenario, rerun).status_code == 403
    page = analyst.get(f"/scenarios/{scenario.slug}/").content.decode()
    assert 'id="pin-form"' not in page

    lead = client_for("programme_lead")
    response = _pin(lead, scenario, rerun, reason="  ")
    assert response.status_code == 400  # refused, shown on the scenario page with the error
    assert "reason" in response.context["pin_form"].errors
    assert 'id="id_reason-error"' in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.pinned_run == succeeded_run

    assert _pin(lead, scenario, rerun, reason="Rerun with the corrected pack").status_code == 302
    scenario.refresh_from_db()
    assert scenario.pinned_run == rerun
    event = AuditEvent.objects.filter(action="scenario.pin").latest("pk")
    assert event.username.startswith("programme_lead") and event.reason == "Rerun with the corrected pack"
    assert event.changes["pinned_run"] == [succeeded_run.pk, rerun.pk]


def test_only_a_finished_run_of_the_same_scenario_can_be_pinned(
    succeeded_run: Run, sample_spec: dict[str, Any], run_scenario: Callable[..., Any]
) -> None:
    from careshift.apps.scenarios import services
    from careshift.errors import ValidationError

    other = services.create_scenario(None, name="Another", spec=sample_spec)
    other_run = run_scenario(other)
    with pytest.raises(ValidationError, match="another scenario"):
        pinning.pin_run(None, succeeded_run.scenario, other_run, reason="x")
    queued = services.start_run(None, other, iterations=2, seed=1)
    with pytest.raises(ValidationError, match="only a finished run"):
        pinning.pin_run(None, other, queued, reason="x")


def test_returning_to_draft_unpins_with_a_reason(
    client_for: Callable[[str], Client], succeeded_run: Run, run_scenario: Callable[..., Any]
) -> None:
    scenario = succeeded_run.scenario
    pinning.pin_run(None, scenario, succeeded_run, reason="agreed")
    newer = run_scenario(scenario)
    lead = client_for("administrator")
    response = lead.post(f"/scenarios/{scenario.slug}/draft/", {"reason": "Reopened for the spring review"})
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.status == "draft" and scenario.pinned_run is None
    assert pinning.quoted_run(scenario) == (newer, "latest finished")
    assert AuditEvent.objects.get(action="scenario.unpin").reason == "Reopened for the spring review"


def test_the_api_pins_and_reports_the_pinned_run(
    token_factory: Callable[..., tuple[Any, str]], succeeded_run: Run, run_scenario: Callable[..., Any]
) -> None:
    scenario = succeeded_run.scenario
    rerun = run_scenario(scenario)
    lead = {"HTTP_AUTHORIZATION": f"Bearer {token_factory('programme_lead')[1]}"}
    analyst = {"HTTP_AUTHORIZATION": f"Bearer {token_factory('analyst')[1]}"}
    url = f"/api/scenarios/{scenario.slug}"
    body = {"run": succeeded_run.pk, "reason": "board"}
    assert Client().post(f"{url}/pin", body, content_type="application/json", **analyst).status_code == 403
    response = Client().post(f"{url}/pin", body, content_type="application/json", **lead)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "agreed" and response.json()["pinned_run"] == succeeded_run.pk
    assert Client().get(url, **analyst).json()["pinned_run"] == succeeded_run.pk
    missing = Client().post(f"{url}/pin", {"reason": ""}, content_type="application/json", **lead)
    assert missing.status_code in (400, 422) and missing.json()["error"]["fields"]
    latest = Client().post(f"{url}/pin", {"reason": "latest"}, content_type="application/json", **lead)
    assert latest.json()["pinned_run"] == rerun.pk
    draft = Client().post(f"{url}/draft", {"reason": "reopen"}, content_type="application/json", **lead)
    assert draft.json()["status"] == "draft" and draft.json()["pinned_run"] is None
