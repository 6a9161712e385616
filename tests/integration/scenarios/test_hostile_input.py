"""Hostile and absurd scenario input through the web import, the editor and the API: refused with a
message naming the problem, never a 500 (issue 7, findings 2, 8, 11 and 14)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from careshift.apps.scenarios.models import Scenario
from careshift.documents import MAX_BYTES
from tests.unit.test_documents import billion_laughs

pytestmark = pytest.mark.django_db
API = "/api/scenarios"


@pytest.fixture
def headers(token_factory: Callable[..., tuple[Any, str]]) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_factory('analyst')[1]}"}


def _import(client: Client, name: str, content: bytes) -> str:
    response = client.post("/scenarios/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200, response.status_code  # the form again, with the error
    assert not Scenario.objects.exists()
    return response.content.decode()


def test_import_refuses_an_alias_bomb(analyst_client: Client) -> None:
    """Refused while counting, before it expands (how fast: benchmarks/bench_hardening.py bomb)."""
    page = _import(analyst_client, "bomb.yaml", (billion_laughs(10) + "name: bomb\n").encode())
    assert "expands to more than" in page


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name: x\n" + b"#" * MAX_BYTES, "may be at most"),
        ("name: Caf\xe9\n".encode("latin-1"), "is not UTF-8 text"),
        (b"name: deep\nnote: " + b"[" * 5_000 + b"]" * 5_000, "nests deeper than"),
        (b"name: x\nseed: " + b"9" * 5_000, "5,000 digits long"),
        (b"name: x\nnon_demographic_growth: {'*': .nan}\n", "non_demographic_growth"),
        (b"name: x\nfinance: {savings_target: {2030: .inf}}\n", "finance.savings_target[2030]"),
        (b"name: x\niterations: true\n", "iterations"),
        (b"name: x\nprojection: {variant: no-such-variant}\n", "projection.variant"),
    ],
)
def test_import_refuses_bad_files_with_a_message(
    analyst_client: Client, content: bytes, expected: str
) -> None:
    assert expected in _import(analyst_client, "bad.yaml", content)


def _post(client: Client, body: str, headers: dict[str, str], path: str = "/", method: str = "post") -> Any:
    send = getattr(client, method)
    return send(f"{API}{path}", body, content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ('"non_demographic_growth": {"*": NaN}', ""),
        ('"seed": ' + "9" * 5_000, ""),
        ('"note": ' + "[" * 1_000 + "]" * 1_000, ""),
        ('"non_demographic_growth": {"*": 1e999}', "non_demographic_growth"),
        ('"iterations": true', "iterations"),
        ('"capacity": {"acute_beds": {"planned_beds": 1e30}}', "capacity.acute_beds.planned_beds"),
        ('"capacity": {"acute_beds": {"planned_beds_by_locality": {"x": -3}}}', "planned_beds_by_locality"),
        ('"projection": {"variant": "no-such-variant"}', "projection.variant"),
    ],
)
def test_api_create_refuses_bad_numbers_and_codes(
    headers: dict[str, str], sample_spec: dict[str, Any], change: str, field: str
) -> None:
    body = json.dumps({**sample_spec, "name": "Bad"})[:-1] + ", " + change + "}"
    response = _post(Client(), body, headers)
    assert response.status_code in (400, 422), response.content
    error = response.json()["error"]
    assert error["message"] and error["hint"]
    assert not field or any(field in key for key in error["fields"]) or field in error["message"], error
    assert not Scenario.objects.filter(name="Bad").exists()


def test_api_patch_refuses_nan_and_unknown_codes(
    headers: dict[str, str], scenario: Scenario, sample_spec: dict[str, Any]
) -> None:
    before = Scenario.objects.get(pk=scenario.pk).spec
    for body in ('{"horizon_year": NaN}', '{"finance": {"baseline_budget": 1e999}}'):
        assert _post(Client(), body, headers, f"/{scenario.slug}", "patch").status_code in (400, 422)
    levers = [{**sample_spec["levers"][0], "cohort": {"activities": ["no_such_activity"]}}]
    levers += sample_spec["levers"][1:]
    response = _post(Client(), json.dumps({"levers": levers}), headers, f"/{scenario.slug}", "patch")
    assert response.status_code == 400
    assert "levers[0].cohort.activities[0]" in response.json()["error"]["fields"]
    assert Scenario.objects.get(pk=scenario.pk).spec == before


@pytest.mark.parametrize("seed", [str(2**63), str(2**64 + 1), "9" * 400])
def test_web_run_form_refuses_a_seed_too_large_for_the_database(
    analyst_client: Client, scenario: Scenario, seed: str
) -> None:
    data = {"iterations": "10", "seed": seed, "executor": "local"}
    response = analyst_client.post(f"/scenarios/{scenario.slug}/run/", data)
    assert response.status_code == 400
    assert "seed" in response.content.decode()
    assert not scenario.runs.exists()


@pytest.mark.parametrize("body", ['{"iterations": true}', '{"seed": true}', '{"seed": 9223372036854775808}'])
def test_api_run_refuses_true_and_huge_seeds(headers: dict[str, str], scenario: Scenario, body: str) -> None:
    response = _post(Client(), body, headers, f"/{scenario.slug}/runs")
    assert response.status_code == 422, response.content
    assert not scenario.runs.exists()


UNKNOWN_ACTIVITY_LEVER = b"""name: x
levers:
  - name: Prevention
    kind: avoid
    cohort: {activities: [no_such_activity]}
    share: {low: 0.02, high: 0.08}
    start_year: 2026
    full_effect_year: 2030
"""


def test_import_refuses_an_unknown_activity_code(analyst_client: Client) -> None:
    page = _import(analyst_client, "codes.yaml", UNKNOWN_ACTIVITY_LEVER)
    assert "levers[0].cohort.activities[0]" in page and "no_such_activity" in page


@pytest.mark.parametrize(
    "change",
    [
        {"levers-0-activities": ["no_such_activity"]},
        {"levers-0-kind": "shift", "levers-0-to_activity": "no_such_activity"},
    ],
)
def test_the_editor_refuses_an_unknown_activity_code(analyst_client: Client, change: dict[str, Any]) -> None:
    from tests.integration.scenarios.test_forms import form_data, lever

    data = form_data(name="Codes", **{"levers-TOTAL_FORMS": "1"}) | lever(0, name="Prevention") | change
    response = analyst_client.post("/scenarios/new/", data)
    assert response.status_code == 200  # the editor again, the error beside the field
    field = next(k.removeprefix("levers-0-") for k in change if k != "levers-0-kind")
    errors = response.context["editor"].levers.forms[0].errors[field]
    assert "no_such_activity is not one of the available choices" in errors[0]
    assert not Scenario.objects.filter(name="Codes").exists()
