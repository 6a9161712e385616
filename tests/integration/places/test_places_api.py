"""The Places API: token or session, one error shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.integration.conftest import bearer


def test_localities_with_population_by_year(client: Client, api_token: str) -> None:
    response = client.get("/api/places/localities", headers=bearer(api_token))
    assert response.status_code == 200
    body = response.json()
    assert len(body) >= 3
    first = body[0]
    assert {"code", "name", "population", "small_areas"} <= set(first)
    years = sorted(int(y) for y in first["population"])
    assert years[0] <= 2024 and years[-1] >= 2040


def test_small_areas_with_imd_filtered_by_locality(client: Client, api_token: str) -> None:
    everything = client.get("/api/places/small-areas", headers=bearer(api_token)).json()
    city = client.get("/api/places/small-areas?locality=city", headers=bearer(api_token)).json()
    assert 0 < len(city) < len(everything)
    assert all(1 <= a["imd_decile"] <= 10 for a in everything if a["imd_decile"] is not None)


def test_sites_by_kind(client: Client, api_token: str) -> None:
    acute = client.get("/api/places/sites?kind=acute_hospital", headers=bearer(api_token)).json()
    assert acute and {s["kind"] for s in acute} == {"acute_hospital"}
    bad = client.get("/api/places/sites?kind=spaceport", headers=bearer(api_token))
    assert bad.status_code == 404 and bad.json()["error"]["type"] == "NotFound"


@pytest.mark.parametrize("level", ["locality", "small_area"])
def test_boundaries_geojson(client: Client, api_token: str, level: str) -> None:
    body = client.get(f"/api/places/boundaries/{level}", headers=bearer(api_token)).json()
    assert body["type"] == "FeatureCollection" and body["features"]


def test_unknown_boundary_level(client: Client, api_token: str) -> None:
    response = client.get("/api/places/boundaries/planet", headers=bearer(api_token))
    assert response.status_code == 404
    assert set(response.json()["error"]) == {"type", "message", "hint", "fields"}


def test_places_api_needs_authentication(client: Client, db: None) -> None:
    response = client.get("/api/places/localities")
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "AuthenticationRequired"


def test_places_api_with_a_session(client_for: Callable[[str], Client]) -> None:
    assert client_for("viewer").get("/api/places/sites").status_code == 200


def test_every_role_may_read_places(token_factory: Callable[..., tuple[Any, str]], client: Client) -> None:
    for role in ("administrator", "programme_lead", "analyst", "contributor", "viewer"):
        _, plain = token_factory(role)
        assert client.get("/api/places/localities", headers=bearer(plain)).status_code == 200
