"""The scenarios API: CRUD, runs and results, for every role, with the one documented error shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml
from django.test import Client

from careshift.apps.accounts.permissions import PERMISSIONS, ROLES
from careshift.apps.scenarios import services
from careshift.apps.scenarios.models import Run, Scenario

pytestmark = pytest.mark.django_db
API = "/api/scenarios"


@pytest.fixture
def bearer(token_factory: Callable[..., tuple[Any, str]]) -> Callable[[str], dict[str, str]]:
    """``bearer(role)``: request headers carrying a new API token for that role."""
    return lambda role: {"HTTP_AUTHORIZATION": f"Bearer {token_factory(role)[1]}"}


def _assert_error(response: Any, status: int, type_: str) -> None:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["type"] == type_ and error["message"] and error["hint"] and isinstance(error["fields"], dict)


def test_anonymous_calls_are_refused_in_the_error_shape(scenario: Scenario) -> None:
    _assert_error(Client().get(f"{API}/"), 401, "AuthenticationRequired")


@pytest.mark.parametrize("role", ROLES)
def test_reading_is_open_to_every_role(
    role: str, bearer: Callable[[str], dict[str, str]], succeeded_run: Run
) -> None:
    client, headers, slug = Client(), bearer(role), succeeded_run.scenario.slug
    assert client.get(f"{API}/", **headers).json()[0]["last_run_status"] == "succeeded"
    assert client.get(f"{API}/{slug}", **headers).json()["spec"]["name"] == "Care closer to home"
    assert yaml.safe_load(client.get(f"{API}/{slug}/export.yaml", **headers).content)["levers"]
    assert client.get(f"{API}/{slug}/runs", **headers).json()[0]["status"] == "succeeded"
    status = client.get(f"{API}/runs/{succeeded_run.pk}", **headers).json()
    assert status["done"] == status["total"] == succeeded_run.iterations and status["datapack_version"]
    rows = client.get(
        f"{API}/runs/{succeeded_run.pk}/summary", {"measure": "cost", "locality": "county"}, **headers
    ).json()
    assert rows and {r["measure"] for r in rows} == {"cost"} and {r["locality"] for r in rows} == {"county"}
    steps = client.get(f"{API}/runs/{succeeded_run.pk}/waterfall", {"measure": "activity"}, **headers).json()
    assert steps[0]["step"] == "baseline"


@pytest.mark.parametrize("role", ROLES)
def test_changes_follow_the_permissions_table(
    role: str, bearer: Callable[[str], dict[str, str]], scenario: Scenario, sample_spec: dict[str, Any]
) -> None:
    client, headers = Client(), bearer(role)
    body = {**sample_spec, "name": f"By {role}"}
    created = client.post(f"{API}/", body, content_type="application/json", **headers)
    started = client.post(
        f"{API}/{scenario.slug}/runs", {"iterations": 2}, content_type="application/json", **headers
    )
    patched = client.patch(
        f"{API}/{scenario.slug}", {"horizon_year": 2035}, content_type="application/json", **headers
    )
    queued = services.start_run(None, scenario, iterations=2)
    cancelled = client.post(f"{API}/runs/{queued.pk}/cancel", **headers)
    deleted = client.delete(f"{API}/{scenario.slug}", **headers)
    for response, action, ok in [
        (created, "edit_scenario", 201),
        (started, "run_scenario", 201),
        (patched, "edit_scenario", 200),
        (cancelled, "cancel_run", 200),
        (deleted, "delete_scenario", 204),
    ]:
        if role in PERMISSIONS[action]:
            assert response.status_code == ok, (action, response.content)
        else:
            _assert_error(response, 403, "PermissionDenied")


def test_create_start_poll_and_read_results(
    bearer: Callable[[str], dict[str, str]], sample_spec: dict[str, Any]
) -> None:
    from careshift.apps.jobs import worker

    client, headers = Client(), bearer("analyst")
    created = client.post(
        f"{API}/", {**sample_spec, "name": "From a notebook"}, content_type="application/json", **headers
    ).json()
    assert created["slug"] == "from-a-notebook" and created["owner"]
    run = client.post(
        f"{API}/{created['slug']}/runs",
        {"iterations": 3, "seed": 9},
        content_type="application/json",
        **headers,
    ).json()
    assert run["status"] == "queued" and run["engine_version"]
    _assert_error(client.get(f"{API}/runs/{run['id']}/summary", **headers), 404, "NotFound")
    worker.run_forever(once=True)
    assert client.get(f"{API}/runs/{run['id']}", **headers).json()["status"] == "succeeded"
    rows = client.get(f"{API}/runs/{run['id']}/summary", {"year": 2030}, **headers).json()
    assert rows and {r["year"] for r in rows} == {2030}


def test_replace_validates_with_the_engine(
    bearer: Callable[[str], dict[str, str]], scenario: Scenario, sample_spec: dict[str, Any]
) -> None:
    client, headers = Client(), bearer("analyst")
    ok = client.put(
        f"{API}/{scenario.slug}",
        {**sample_spec, "name": "Replaced", "horizon_year": 2030},
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 200 and ok.json()["spec"]["horizon_year"] == 2030
    bad = client.put(
        f"{API}/{scenario.slug}",
        {**sample_spec, "horizon_year": 2100},
        content_type="application/json",
        **headers,
    )
    _assert_error(bad, 422, "ValidationError")
    assert "horizon_year" in " ".join(bad.json()["error"]["fields"])


def test_patch_errors_name_the_field(bearer: Callable[[str], dict[str, str]], scenario: Scenario) -> None:
    response = Client().patch(
        f"{API}/{scenario.slug}",
        {"levers": [{"name": "x", "kind": "avoid"}]},
        content_type="application/json",
        **bearer("analyst"),
    )
    _assert_error(response, 400, "ScenarioError")
    assert any(key.startswith("levers[0]") for key in response.json()["error"]["fields"])


def test_missing_things_are_not_found(bearer: Callable[[str], dict[str, str]]) -> None:
    headers = bearer("viewer")
    _assert_error(Client().get(f"{API}/no-such", **headers), 404, "NotFound")
    _assert_error(Client().get(f"{API}/runs/424242", **headers), 404, "NotFound")


def test_cancelling_a_finished_run_is_a_clear_error(
    bearer: Callable[[str], dict[str, str]], succeeded_run: Run
) -> None:
    _assert_error(
        Client().post(f"{API}/runs/{succeeded_run.pk}/cancel", **bearer("analyst")), 400, "ValidationError"
    )


def test_the_openapi_document_describes_the_scenario_endpoints(viewer_client: Client) -> None:
    doc = viewer_client.get("/api/openapi.json").json()
    paths = [p for p in doc["paths"] if p.startswith(API)]
    assert f"{API}/runs/{{run_id}}/summary" in paths and f"{API}/{{slug}}/runs" in paths
    create = doc["paths"][f"{API}/"]["post"]
    assert "201" in create["responses"] and "403" in create["responses"]
