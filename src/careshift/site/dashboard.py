"""The home page's cards: one per area, each with a link and a count where one makes sense."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from careshift.apps.accounts.permissions import has_permission


@dataclass(frozen=True)
class Card:
    title: str
    url: str
    description: str
    count: int | None = None
    count_label: str = ""


def _count(model_label: str, **filters: Any) -> int | None:
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return None
    return model._default_manager.filter(**filters).count()


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _places_count() -> int | None:
    from careshift.apps.places import data

    try:
        return len(data.localities())
    except Exception:  # the pack may be missing in a broken install; the card still links
        return None


def cards(user: Any) -> list[Card]:
    specs = [
        (
            "Places",
            "places:index",
            "view",
            "Oxfordshire at a glance: localities, people, deprivation and sites.",
            _places_count,
            "localities",
        ),
        (
            "Scenarios",
            "scenarios:list",
            "view",
            "Scenarios for shifting care closer to home, their runs and results.",
            lambda: _count("scenarios.Scenario"),
            "scenarios",
        ),
        ("Compare", "scenarios:compare", "view", "Compare two or more scenarios side by side.", None, ""),
        (
            "Users",
            "accounts:users",
            "manage_users",
            "Create users, change their roles, deactivate accounts.",
            lambda: _count("accounts.User", is_active=True),
            "active users",
        ),
        (
            "Audit log",
            "accounts:audit",
            "view_audit",
            "Who changed what, and when.",
            lambda: _count("accounts.AuditEvent"),
            "events",
        ),
        (
            "API tokens",
            "accounts:tokens",
            "view",
            "Tokens for scripts and notebooks that use the API.",
            lambda: _count("accounts.ApiToken", user=user, revoked__isnull=True),
            "active tokens",
        ),
    ]
    result = []
    for title, name, action, description, counter, label in specs:
        url = _url(name)
        if url is None or not has_permission(user, action):
            continue
        result.append(Card(title, url, description, counter() if counter else None, label))
    return result
