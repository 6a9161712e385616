"""The Content-Security-Policy header and CSRF on web forms (issue 7, finding 14), checked without a
browser: the policy allows scripts from this site only, never inline or eval; a form post without
the CSRF token is refused. tests/e2e/test_security_e2e.py checks the same policy in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.integration.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    parts = (d.split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("url", ["/accounts/login/", "/api/docs"])
def test_every_page_carries_a_policy_without_inline_script_or_eval(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"] and policy["form-action"] == ["'self'"]


def test_a_sign_in_without_the_csrf_token_is_refused(user_factory: Callable[..., Any]) -> None:
    user = user_factory("analyst")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
