"""Template context shared by every page: the navigation for the signed-in user's role."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse

from careshift.apps.accounts.permissions import has_permission

SERVICE_NAME = "careshift"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0; "
    "contains OS data © Crown copyright."
)
# (label, url name, action needed)
NAVIGATION = (
    ("Home", "home", "view"),
    ("Places", "places:index", "view"),
    ("Scenarios", "scenarios:list", "view"),
    ("Compare", "scenarios:compare", "view"),
    ("Users", "accounts:users", "manage_users"),
    ("Audit log", "accounts:audit", "view_audit"),
)


@functools.lru_cache(maxsize=8)
def _nav_urls(script_prefix: str) -> tuple[tuple[str, str, str], ...]:
    """(label, url, action) for the built pages, reversed once per script prefix (URLs never change
    while the process runs, and reversing six names cost about a millisecond on every page)."""
    links = []
    for label, name, action in NAVIGATION:
        try:
            links.append((label, reverse(name), action))
        except NoReverseMatch:
            continue
    return tuple(links)


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """Links the user may follow; a link whose page is not built yet is left out."""
    items = []
    for label, url, action in _nav_urls(get_script_prefix()):
        if not has_permission(request.user, action):
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": SERVICE_NAME,
        "attribution": ATTRIBUTION,
        "nav_items": navigation(request) if hasattr(request, "user") else [],
    }
