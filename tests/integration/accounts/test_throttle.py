"""Brute force (issue 7, finding 7): after too many failed sign-ins the right password no longer works
for a while, on the sign-in page, the admin's and with API tokens; every lockout is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.accounts.models import AuditEvent
from tests.integration.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limit(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 5


def _hammer(client: Client, url: str, username: str, tries: int = 5) -> None:
    for _ in range(tries):
        client.post(url, {"username": username, "password": "wrong-password"})


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_right_password_refused_after_too_many_wrong_ones(
    client: Client, user_factory: Callable[..., Any], url: str
) -> None:
    user = user_factory("administrator", is_staff=True)
    _hammer(client, url, user.username)
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert response["Retry-After"] == "900"
    event = AuditEvent.objects.filter(action="user.login_throttled").latest("pk")
    assert event.changes["username"] == user.username and event.changes["ip_address"] == "127.0.0.1"


def test_a_lockout_is_per_address_so_a_colleague_elsewhere_can_still_sign_in(
    user_factory: Callable[..., Any],
) -> None:
    user = user_factory("analyst")
    _hammer(Client(REMOTE_ADDR="203.0.113.9"), "/accounts/login/", user.username)
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    response = elsewhere.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_fewer_failures_then_success_resets_the_count(
    client: Client, user_factory: Callable[..., Any]
) -> None:
    user = user_factory("analyst")
    _hammer(client, "/accounts/login/", user.username, tries=4)
    assert (
        client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    )
    client.post("/accounts/logout/")
    _hammer(client, "/accounts/login/", user.username, tries=4)
    assert (
        client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    )


def test_guessing_api_tokens_is_throttled(token_factory: Callable[..., tuple[Any, str]]) -> None:
    _, good = token_factory("analyst")
    client = Client(REMOTE_ADDR="192.0.2.5")
    statuses = [
        client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer guess-{i}").status_code for i in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 429]  # the fifth failure blocks
    response = client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {good}")
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["type"] == "Throttled" and "Too many failed" in error["message"] and error["hint"]
    assert AuditEvent.objects.filter(action="user.login_throttled").exists()
    other = Client(REMOTE_ADDR="192.0.2.6")
    assert other.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {good}").status_code == 200
