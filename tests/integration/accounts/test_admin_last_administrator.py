"""Django's admin keeps at least one active administrator (issue 7, finding 14), as the app's own user
pages do: the last one cannot be demoted, deactivated or deleted there either (one user or a selection),
and the refusal says why; with another administrator the same change goes through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.accounts.models import User


@pytest.fixture
def admin_client_and_user(user_factory: Callable[..., Any]) -> tuple[Client, Any]:
    """The only active administrator, signed in to Django's admin (staff, never a superuser)."""
    admin = user_factory("administrator", username="only-admin", is_staff=True)
    client = Client()
    client.force_login(admin)
    return client, admin


def _change_data(user: Any, **changes: Any) -> dict[str, Any]:
    """The admin's change form as the page would post it, with ``changes`` applied (False unticks)."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "role": user.role,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def _errors(response: Any) -> str:
    return str(response.context["adminform"].form.errors)


def test_admin_change_form_refuses_to_demote_the_last_administrator(
    admin_client_and_user: tuple[Client, Any],
) -> None:
    client, admin = admin_client_and_user
    response = client.post(f"/admin/accounts/user/{admin.pk}/change/", _change_data(admin, role="viewer"))
    assert response.status_code == 200  # the form again, with the error beside the role
    assert "last active administrator" in _errors(response)
    assert "role" in response.context["adminform"].form.errors
    admin.refresh_from_db()
    assert admin.role == "administrator"


def test_admin_change_form_refuses_to_deactivate_the_last_administrator(
    admin_client_and_user: tuple[Client, Any],
) -> None:
    client, admin = admin_client_and_user
    response = client.post(f"/admin/accounts/user/{admin.pk}/change/", _change_data(admin, is_active=False))
    assert response.status_code == 200
    assert "is_active" in response.context["adminform"].form.errors
    assert "last active administrator" in _errors(response)
    admin.refresh_from_db()
    assert admin.is_active


def test_admin_refuses_to_delete_the_last_administrator(admin_client_and_user: tuple[Client, Any]) -> None:
    client, admin = admin_client_and_user
    page = client.get(f"/admin/accounts/user/{admin.pk}/delete/", follow=True)
    assert "last active administrator" in page.content.decode()
    response = client.post(f"/admin/accounts/user/{admin.pk}/delete/", {"post": "yes"}, follow=True)
    assert "last active administrator" in response.content.decode()
    assert User.objects.filter(pk=admin.pk).exists()


def test_admin_bulk_delete_refuses_to_remove_every_administrator(
    admin_client_and_user: tuple[Client, Any], user_factory: Callable[..., Any]
) -> None:
    client, admin = admin_client_and_user
    viewer = user_factory("viewer")
    selection = {"action": "delete_selected", "_selected_action": [admin.pk, viewer.pk]}
    response = client.post("/admin/accounts/user/", {**selection, "post": "yes"}, follow=True)
    assert "last active administrator" in response.content.decode()
    assert User.objects.filter(pk__in=[admin.pk, viewer.pk]).count() == 2


def test_admin_bulk_delete_of_others_still_works(
    admin_client_and_user: tuple[Client, Any], user_factory: Callable[..., Any]
) -> None:
    client, _ = admin_client_and_user
    viewer = user_factory("viewer")
    selection = {"action": "delete_selected", "_selected_action": [viewer.pk]}
    client.post("/admin/accounts/user/", {**selection, "post": "yes"}, follow=True)
    assert not User.objects.filter(pk=viewer.pk).exists()


def test_admin_demotes_an_administrator_when_another_remains(
    admin_client_and_user: tuple[Client, Any], user_factory: Callable[..., Any]
) -> None:
    client, _ = admin_client_and_user
    other = user_factory("administrator", is_staff=True)
    response = client.post(f"/admin/accounts/user/{other.pk}/change/", _change_data(other, role="viewer"))
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.role == "viewer"
    client.post(f"/admin/accounts/user/{other.pk}/delete/", {"post": "yes"})
    assert not User.objects.filter(pk=other.pk).exists()
