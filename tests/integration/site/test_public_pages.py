"""The anonymous side of the site is listed on purpose, never reached by accident (issue 7).

Every page of every installed app names the action it needs (``permission_required`` marks the view with
``required_action``), every API operation needs a token or a session, and the pages anonymous visitors may
open are exactly the ones listed here: a new view without a permission, or a new public action, fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careshift.apps.accounts.permissions import PERMISSIONS

# Pages open to anyone that are not an app's action: signing in and out, the password forms, the health
# check (no data beyond counts).
SITE_PUBLIC = frozenset(
    {
        "healthz",
        "accounts:login",
        "accounts:logout",
        "accounts:password_change",  # Django's own view: sends anonymous visitors to sign in
        "accounts:password_change_done",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
    }
)
# The consultation's public side (engagement's actions with public=True).
PUBLIC_PAGES = frozenset(
    {
        "engagement:respond",
        "engagement:outcomes",
        "engagement:join",
        "engagement:join_confirm",
        "engagement:member_leave",
    }
)


def _pages(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _pages(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


def _site_pages() -> list[tuple[str, Callable[..., Any]]]:
    return [
        (name, pattern.callback)
        for name, pattern in _pages(get_resolver().url_patterns)
        if not name.startswith(("admin:", "api:"))
    ]


def test_every_page_names_its_action_or_is_listed_as_public() -> None:
    unguarded = sorted(
        name
        for name, view in _site_pages()
        if not hasattr(view, "required_action") and name not in SITE_PUBLIC
    )
    assert not unguarded, f"pages without permission_required (or listed in SITE_PUBLIC): {unguarded}"


def test_the_public_actions_are_exactly_the_listed_pages() -> None:
    public = {
        name
        for name, view in _site_pages()
        if hasattr(view, "required_action") and PERMISSIONS[view.required_action].public
    }
    assert public == PUBLIC_PAGES


def test_every_api_operation_needs_a_token_or_session(client: Client, db: None) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    operations = [(method, path, op) for path, ops in paths.items() for method, op in ops.items()]
    assert len(operations) > 20
    open_operations = [
        f"{method.upper()} {path}" for method, path, op in operations if not op.get("security")
    ]
    assert not open_operations


@pytest.mark.parametrize(
    "name", sorted(n for n, _ in _site_pages() if n not in SITE_PUBLIC | PUBLIC_PAGES and "<" not in n)
)
def test_anonymous_visitors_are_sent_to_sign_in_from_every_other_page(
    client: Client, db: None, name: str
) -> None:
    pattern = dict(_pages(get_resolver().url_patterns))[name]
    kwargs = {
        key: (1 if conv.__class__.__name__ == "IntConverter" else "x")
        for key, conv in pattern.pattern.converters.items()
    }
    response = client.get(reverse(name, kwargs=kwargs))
    if response.status_code == 405:  # a POST-only action
        response = client.post(reverse(name, kwargs=kwargs))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), name
