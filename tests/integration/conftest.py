"""Shared fixtures for the integration tier: a user per role, signed-in clients, API tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.accounts.permissions import ROLES

PASSWORD = "a-long-test-password-1"


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user_factory(db: None) -> Callable[..., Any]:
    """``user_factory(role, **fields)`` creates an active user with that role and password ``PASSWORD``."""
    from careshift.apps.accounts.models import User

    counter = {"n": 0}

    def make(role: str = "viewer", **fields: Any) -> User:
        assert role in ROLES, role
        counter["n"] += 1
        fields.setdefault("username", f"{role}{counter['n']}")
        fields.setdefault("email", f"{fields['username']}@example.org")
        return User.objects.create_user(password=PASSWORD, role=role, **fields)

    return make


@pytest.fixture
def client_for(user_factory: Callable[..., Any]) -> Callable[[str], Client]:
    """``client_for(role)``: a test client signed in as a new user with that role."""

    def make(role: str) -> Client:
        client = Client()
        client.force_login(user_factory(role))
        return client

    return make


@pytest.fixture
def viewer_client(client_for: Callable[[str], Client]) -> Client:
    return client_for("viewer")


@pytest.fixture
def analyst_client(client_for: Callable[[str], Client]) -> Client:
    return client_for("analyst")


@pytest.fixture
def administrator_client(client_for: Callable[[str], Client]) -> Client:
    return client_for("administrator")


@pytest.fixture
def token_factory(user_factory: Callable[..., Any]) -> Callable[..., tuple[Any, str]]:
    """``token_factory(role)`` returns ``(ApiToken, plain_token)`` for a new user with that role."""
    from careshift.apps.accounts.models import ApiToken

    def make(role: str = "analyst", name: str = "test token") -> tuple[Any, str]:
        return ApiToken.issue(user_factory(role), name)

    return make


@pytest.fixture
def api_token(token_factory: Callable[..., tuple[Any, str]]) -> str:
    """A plain bearer token for an analyst."""
    return token_factory("analyst")[1]


def bearer(token: str) -> dict[str, str]:
    """Headers for the test client: ``client.get(url, headers=bearer(token))``."""
    return {"Authorization": f"Bearer {token}"}
