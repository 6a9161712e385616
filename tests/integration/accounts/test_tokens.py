"""API tokens: created on a page (shown once, stored hashed), revoked; bearer auth; CSRF for sessions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, RequestFactory

from careshift.apps.accounts.api_auth import require
from careshift.apps.accounts.models import ApiToken
from careshift.errors import PermissionDenied
from tests.integration.conftest import bearer

ERROR_KEYS = {"type", "message", "hint", "fields"}


def test_token_page_shows_the_token_once_and_stores_a_hash(viewer_client: Client) -> None:
    response = viewer_client.post("/accounts/tokens/", {"name": "notebook"})
    html = response.content.decode()
    token = ApiToken.objects.get(name="notebook")
    plain = html.split('id="new-token">')[1].split("<")[0].strip()
    assert (
        plain.startswith("cs_") and token.token_hash == ApiToken.hash(plain) and plain not in token.token_hash
    )
    again = viewer_client.get("/accounts/tokens/").content.decode()
    assert plain not in again and token.prefix in again


def test_revoke_on_the_page(viewer_client: Client, client: Client) -> None:
    viewer_client.post("/accounts/tokens/", {"name": "old"})
    token = ApiToken.objects.get(name="old")
    assert viewer_client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked is not None


def test_no_credentials_is_401_in_the_error_shape(client: Client, db: None) -> None:
    response = client.get("/api/accounts/me")
    assert response.status_code == 401
    assert set(response.json()["error"]) == ERROR_KEYS


def test_bearer_token_authenticates_and_records_last_use(
    client: Client, token_factory: Callable[..., tuple[Any, str]]
) -> None:
    token, plain = token_factory("analyst")
    response = client.get("/api/accounts/me", headers=bearer(plain))
    assert response.status_code == 200
    assert response.json()["role"] == "analyst" and "run_scenario" in response.json()["actions"]
    token.refresh_from_db()
    assert token.last_used is not None


def test_bad_token_is_401(client: Client, db: None) -> None:
    response = client.get("/api/accounts/me", headers=bearer("cs_not-a-real-token"))
    assert response.status_code == 401
    assert "not valid" in response.json()["error"]["message"]


def test_revoked_token_is_401(client: Client, token_factory: Callable[..., tuple[Any, str]]) -> None:
    token, plain = token_factory("viewer")
    ApiToken.objects.filter(pk=token.pk).update(revoked="2026-01-01T00:00:00Z")
    assert client.get("/api/accounts/me", headers=bearer(plain)).status_code == 401


def test_token_of_a_deactivated_user_is_401(
    client: Client, token_factory: Callable[..., tuple[Any, str]]
) -> None:
    token, plain = token_factory("viewer")
    token.user.is_active = False
    token.user.save()
    assert client.get("/api/accounts/me", headers=bearer(plain)).status_code == 401


def test_bad_token_is_not_rescued_by_a_session(viewer_client: Client) -> None:
    assert viewer_client.get("/api/accounts/me", headers=bearer("cs_wrong")).status_code == 401


def test_session_post_to_the_api_needs_csrf(user_factory: Callable[..., Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_factory("viewer"))
    refused = client.post("/api/accounts/tokens", {"name": "x"}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]["message"]
    client.get("/accounts/tokens/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/accounts/tokens", {"name": "x"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201 and accepted.json()["token"].startswith("cs_")


def test_token_post_needs_no_csrf(token_factory: Callable[..., tuple[Any, str]]) -> None:
    _, plain = token_factory("viewer")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/accounts/tokens", {"name": "script"}, content_type="application/json", headers=bearer(plain)
    )
    assert response.status_code == 201
    new_id = response.json()["id"]
    assert client.delete(f"/api/accounts/tokens/{new_id}", headers=bearer(plain)).status_code == 204
    assert client.delete(f"/api/accounts/tokens/{new_id}", headers=bearer(plain)).status_code == 404


def test_validation_errors_use_the_error_shape(client: Client, api_token: str) -> None:
    response = client.post(
        "/api/accounts/tokens", {"title": "x"}, content_type="application/json", headers=bearer(api_token)
    )
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["type"] == "ValidationError" and "payload.name" in body["fields"]


@pytest.mark.parametrize(("role", "allowed"), [("analyst", True), ("contributor", False), ("viewer", False)])
def test_require_checks_the_role(user_factory: Callable[..., Any], role: str, allowed: bool) -> None:
    request = RequestFactory().get("/api/x")
    request.auth = user_factory(role)  # type: ignore[attr-defined]
    if allowed:
        assert require(request, "run_scenario") == request.auth  # type: ignore[attr-defined]
    else:
        with pytest.raises(PermissionDenied):
            require(request, "run_scenario")


def test_openapi_document_is_public_and_declares_bearer(client: Client, db: None) -> None:
    doc = client.get("/api/openapi.json").json()
    assert doc["components"]["securitySchemes"]["TokenOrSessionAuth"]["scheme"] == "bearer"
