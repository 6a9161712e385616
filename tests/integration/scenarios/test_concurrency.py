"""Lost updates (issue 7, finding 5): two people editing one scenario, or two API PATCHes, never
silently overwrite each other; the second save is refused with a message and keeps what was typed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios import services
from careshift.apps.scenarios.models import Scenario
from careshift.errors import ConflictError
from careshift.site.concurrency import save_versioned
from tests.integration.scenarios.test_forms import form_data

pytestmark = pytest.mark.django_db
API = "/api/scenarios"


def _opened(client: Client, scenario: Scenario) -> dict[str, Any]:
    """The edit page's form as a browser holds it (hidden version included)."""
    html = client.get(f"/scenarios/{scenario.slug}/edit/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', html)
    assert version, "the edit form carries the version it was opened at"
    return {**form_data(scenario.spec), "version": version.group(1)}


def test_second_editor_is_refused_and_keeps_what_they_typed(
    client_for: Callable[[str], Client], scenario: Scenario
) -> None:
    alice, bob = client_for("analyst"), client_for("analyst")
    alice_form, bob_form = _opened(alice, scenario), _opened(bob, scenario)

    saved = alice.post(f"/scenarios/{scenario.slug}/edit/", {**alice_form, "name": "Alice's plan"})
    assert saved.status_code == 302

    refused = bob.post(f"/scenarios/{scenario.slug}/edit/", {**bob_form, "name": "Bob's plan"})
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Someone else saved this scenario after you opened it" in html
    assert 'value="Bob&#x27;s plan"' in html  # what Bob typed is still in the form
    scenario.refresh_from_db()
    assert scenario.name == "Alice's plan" and scenario.version == 2

    # Bob has been told; saving again (the form now carries the saved version) replaces it.
    again = re.search(r'name="version" value="(\d+)"', html)
    assert again and again.group(1) == "2"
    resaved = bob.post(
        f"/scenarios/{scenario.slug}/edit/", {**bob_form, "name": "Bob's plan", "version": "2"}
    )
    assert resaved.status_code == 302
    scenario.refresh_from_db()
    assert scenario.name == "Bob's plan" and scenario.version == 3


@pytest.fixture
def headers(token_factory: Callable[..., tuple[Any, str]]) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_factory('analyst')[1]}"}


def _patch(body: dict[str, Any], headers: dict[str, str], slug: str, **extra: str) -> Any:
    return Client().patch(
        f"{API}/{slug}", json.dumps(body), content_type="application/json", **headers, **extra
    )


def test_patches_of_different_fields_both_survive_an_interleaved_save(
    headers: dict[str, str], scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another save lands between this PATCH reading the scenario and writing it: the PATCH is
    re-applied to the newer version instead of writing back the stale one."""
    real_get = services.get_scenario
    calls = {"n": 0}

    def get_then_someone_else_saves(slug: str) -> Scenario:
        loaded = real_get(slug)
        calls["n"] += 1
        if calls["n"] == 1:
            other = real_get(slug)
            spec = {**other.spec, "seed": 777}
            services.update_scenario(None, other, name=other.name, spec=spec, description=other.description)
        return loaded

    monkeypatch.setattr(services, "get_scenario", get_then_someone_else_saves)
    response = _patch({"horizon_year": 2035}, headers, scenario.slug)
    assert response.status_code == 200, response.content
    scenario.refresh_from_db()
    assert scenario.spec["horizon_year"] == 2035 and scenario.spec["seed"] == 777
    assert scenario.version == 3 and response["ETag"] == '"3"'


def test_if_match_refuses_a_stale_version(headers: dict[str, str], scenario: Scenario) -> None:
    etag = Client().get(f"{API}/{scenario.slug}", **headers)["ETag"]
    assert etag == '"1"'
    first = _patch({"horizon_year": 2035}, headers, scenario.slug, HTTP_IF_MATCH=etag)
    assert first.status_code == 200 and first["ETag"] == '"2"' and first.json()["version"] == 2
    stale = _patch({"seed": 5}, headers, scenario.slug, HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert (
        stale.json()["error"]["type"] == "ConflictError" and "version 1" in stale.json()["error"]["message"]
    )
    scenario.refresh_from_db()
    assert scenario.spec["seed"] != 5 and scenario.version == 2
    body = {**scenario.spec, "seed": 6}
    put = Client().put(
        f"{API}/{scenario.slug}",
        json.dumps(body),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **headers,
    )
    assert put.status_code == 409


def test_save_versioned_is_one_conditional_update(scenario: Scenario) -> None:
    stale = Scenario.objects.get(pk=scenario.pk)
    scenario.description = "first"
    save_versioned(scenario, None, fields=["description"])
    stale.description = "second"
    with pytest.raises(ConflictError):
        save_versioned(stale, None, fields=["description"])
    scenario.refresh_from_db()
    assert (scenario.description, scenario.version) == ("first", 2)
