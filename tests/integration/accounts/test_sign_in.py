"""Signing in and out, passwords, and the audit records they leave."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core import mail
from django.test import Client

from careshift.apps.accounts.models import AuditEvent
from tests.integration.conftest import PASSWORD


def test_sign_in_is_audited_and_lands_on_home(client: Client, user_factory: Callable[..., Any]) -> None:
    user = user_factory("analyst")
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert AuditEvent.objects.filter(action="user.login", username=user.username).exists()


def test_failed_sign_in_shows_the_error_next_to_the_form(
    client: Client, user_factory: Callable[..., Any]
) -> None:
    user = user_factory("viewer")
    response = client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and "nhsuk-error-summary" in html
    assert AuditEvent.objects.filter(action="user.login_failed").exists()


def test_deactivated_user_cannot_sign_in(client: Client, user_factory: Callable[..., Any]) -> None:
    user = user_factory("viewer", is_active=False)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_sign_out_needs_post(viewer_client: Client) -> None:
    assert viewer_client.get("/accounts/logout/").status_code == 405
    response = viewer_client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert viewer_client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="user.logout").exists()


def test_password_change(client: Client, user_factory: Callable[..., Any]) -> None:
    user = user_factory("viewer")
    client.force_login(user)
    new = "another-long-password-9"
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_email_and_link(client: Client, user_factory: Callable[..., Any]) -> None:
    user = user_factory("viewer", email="ada@example.org")
    response = client.post("/accounts/password-reset/", {"email": "ada@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.org"]
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form_url = client.get(link.group(1)).headers["Location"]  # Django swaps the token for a session key
    new = "reset-long-password-7"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/done/"
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_for_unknown_email_sends_nothing(client: Client, db: None) -> None:
    client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert mail.outbox == []
