"""What PostgreSQL refuses is refused first, with a message (issue 7, finding 10): names longer than
their column, the NUL character, waterfalls of more than 32,767 steps. These pass on SQLite too; on
PostgreSQL (the second pass of `make test`) they reproduce the 500s the finding reported."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios.models import RunWaterfallRow, Scenario

pytestmark = pytest.mark.django_db
API = "/api/scenarios"


@pytest.fixture
def headers(token_factory: Callable[..., tuple[Any, str]]) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_factory('analyst')[1]}"}


def _create(body: dict[str, Any], headers: dict[str, str]) -> Any:
    return Client(raise_request_exception=False).post(
        f"{API}/", json.dumps(body), content_type="application/json", **headers
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "n" * 201}, "name"),
        ({"name": "Bad\x00name"}, "name"),
        ({"description": "a\x00b"}, "description"),
        ({"levers": [{"name": "x" * 201}]}, "levers.0.name"),
    ],
)
def test_too_long_or_nul_text_is_refused_naming_the_field(
    headers: dict[str, str], sample_spec: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    body = {**sample_spec, **change}
    if "levers" in change:
        body["levers"] = [{**sample_spec["levers"][0], **change["levers"][0]}]
        body["finance"] = {**sample_spec["finance"], "implementation_cost": {}}
    response = _create(body, headers)
    assert response.status_code in (400, 422), response.content
    error = response.json()["error"]
    assert any(key.endswith(field) for key in error["fields"]), error
    assert "NUL" in json.dumps(error) or "200" in json.dumps(error)
    assert Scenario.objects.count() == 0


def test_import_refuses_nul_in_a_lever_name(analyst_client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        b'name: x\nlevers:\n  - {name: "a\\0b", kind: avoid, cohort: {activities: [unplanned_admission]},'
    )
    content += b" share: 0.1, start_year: 2026, full_effect_year: 2027}\n"
    response = analyst_client.post("/scenarios/import/", {"file": SimpleUploadedFile("n.yaml", content)})
    assert response.status_code == 200 and "NUL character" in response.content.decode()
    assert not Scenario.objects.exists()


def test_a_waterfall_longer_than_a_smallint_is_stored(scenario: Scenario) -> None:
    """300 levers on the shipped pack give ~37,000 waterfall rows (8 areas x 15 settings x 3 measures x
    305 steps): their positions overflowed PostgreSQL's smallint."""
    import pandas as pd

    from careshift.apps.scenarios import services

    run = services.start_run(None, scenario, iterations=1, seed=1)
    rows = 40_000
    waterfall = pd.DataFrame(
        {"locality": "county", "setting": "all", "measure": "cost", "step": "lever", "value": range(rows)}
    )
    summary = pd.DataFrame(columns=["year", "locality", "setting", "measure", "p10", "p50", "p90"])
    services.store_results(run, summary, waterfall, {})
    assert RunWaterfallRow.objects.filter(run=run).order_by("-position").first().position == rows - 1  # type: ignore[union-attr]


def test_database_error_text_does_not_reach_the_run_page(
    scenario: Scenario, run_scenario: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DataError

    from careshift.apps.scenarios import services

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise DataError('value "40000" is out of range for type smallint')

    monkeypatch.setattr(services, "store_results", refuse)
    run = run_scenario(scenario, iterations=2)
    assert run.status == "failed"
    assert "smallint" not in run.error_message + run.error_hint
    assert "The database refused to store" in run.error_message
