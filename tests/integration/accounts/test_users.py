"""User management by administrators, each change in the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from careshift.apps.accounts.models import AuditEvent, User


def _admin(user_factory: Callable[..., Any]) -> tuple[Client, Any]:
    admin = user_factory("administrator")
    client = Client()
    client.force_login(admin)
    return client, admin


def test_create_user_with_role(user_factory: Callable[..., Any]) -> None:
    client, _ = _admin(user_factory)
    password = "new-person-password-3"
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "grace",
            "email": "g@example.org",
            "role": "analyst",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    grace = User.objects.get(username="grace")
    assert grace.role == "analyst"
    event = AuditEvent.objects.get(action="user.create", object_id=str(grace.pk))
    assert event.changes == {"role": [None, "analyst"]}


def test_create_user_form_errors_are_next_to_fields(user_factory: Callable[..., Any]) -> None:
    client, _ = _admin(user_factory)
    response = client.post("/accounts/users/new/", {"username": "", "role": "analyst"})
    assert response.status_code == 400
    assert "nhsuk-form-group--error" in response.content.decode()


def test_change_role_is_audited(user_factory: Callable[..., Any]) -> None:
    client, _ = _admin(user_factory)
    person = user_factory("viewer")
    response = client.post(f"/accounts/users/{person.pk}/", {"role": "programme_lead", "email": person.email})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.role == "programme_lead"
    event = AuditEvent.objects.get(action="user.update", object_id=str(person.pk))
    assert event.changes == {"role": ["viewer", "programme_lead"]}


def test_deactivate_and_reactivate(
    user_factory: Callable[..., Any], token_factory: Callable[..., Any]
) -> None:
    client, _ = _admin(user_factory)
    person = user_factory("analyst")
    assert client.post(f"/accounts/users/{person.pk}/deactivate/").status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert AuditEvent.objects.filter(action="user.deactivate", object_id=str(person.pk)).exists()
    assert client.post(f"/accounts/users/{person.pk}/reactivate/").status_code == 302
    person.refresh_from_db()
    assert person.is_active


def test_administrator_cannot_deactivate_themselves(user_factory: Callable[..., Any]) -> None:
    client, admin = _admin(user_factory)
    response = client.post(f"/accounts/users/{admin.pk}/deactivate/")
    assert response.status_code == 400
    assert "another administrator" in response.content.decode()


def test_deactivate_needs_post_and_manage_users(
    client_for: Callable[[str], Client], user_factory: Callable[..., Any]
) -> None:
    person = user_factory("viewer")
    assert client_for("programme_lead").post(f"/accounts/users/{person.pk}/deactivate/").status_code == 403
    assert client_for("administrator").get(f"/accounts/users/{person.pk}/deactivate/").status_code == 405


def test_audit_log_filters(client_for: Callable[[str], Client], user_factory: Callable[..., Any]) -> None:
    from careshift.apps.accounts import audit

    someone = user_factory("analyst", username="ada")
    audit.record(someone, "scenario.create", someone, {"name": ["", "Care closer to home"]})
    audit.record(None, "user.login_failed")
    client = client_for("programme_lead")
    page = client.get("/accounts/audit/?action=scenario.create").content.decode()
    assert "1 event." in page and "Scenario created" in page
    assert (
        "Name: (none) → &#x27;Care closer to home&#x27;" in page
        and "{" not in page.split("<tbody")[1].split("</tbody>")[0]
    )
    page = client.get("/accounts/audit/?username=ada").content.decode()
    assert "1 event." in page
    assert client.get("/accounts/audit/?since=not-a-date").status_code == 200


def test_the_last_administrator_cannot_be_demoted_or_deactivated(
    user_factory: Callable[..., Any],
) -> None:
    """Issue 7, finding 14: an administrator cannot remove the last administrator."""
    import pytest

    from careshift.apps.accounts import users
    from careshift.errors import ValidationError

    User.objects.filter(role="administrator").update(role="viewer")
    admin = user_factory("administrator")
    client = Client()
    client.force_login(admin)
    form = {"first_name": "", "last_name": "", "email": admin.email, "role": "viewer"}
    response = client.post(f"/accounts/users/{admin.pk}/", form)
    assert response.status_code == 400 and "last administrator" in response.content.decode()
    other = user_factory("administrator")
    client.force_login(other)
    assert client.post(f"/accounts/users/{admin.pk}/", form).status_code == 302  # two: one may go
    admin.refresh_from_db()
    assert admin.role == "viewer"
    with pytest.raises(ValidationError, match="last administrator"):
        users.deactivate(admin, other)
