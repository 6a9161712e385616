"""Template context shared by every page: the navigation for the signed-in user's role.

The menu is built from the entries each installed app declares (``careshift.site.registry``).
"""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse

from careshift.apps.accounts.permissions import has_permission
from careshift.site.registry import menu_entries

SERVICE_NAME = "careshift"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0; "
    "contains OS data © Crown copyright."
)


@functools.lru_cache(maxsize=8)
def _nav_urls(script_prefix: str) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(label, url, action, excluded paths) for the menu, reversed once per script prefix (URLs never
    change while the process runs, and reversing every name cost about a millisecond on every page)."""
    links: list[tuple[str, str, str, tuple[str, ...]]] = [("Home", reverse("home"), "view", ())]
    for entry in menu_entries():
        try:
            links.append((entry.label, reverse(entry.url_name), entry.action, entry.exclude_prefixes))
        except NoReverseMatch:
            continue
    return tuple(links)


def _is_current(path: str, url: str, excluded: tuple[str, ...]) -> bool:
    if url == "/":
        return path == url
    return path.startswith(url) and not any(path.startswith(prefix) for prefix in excluded)


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """Links the user may follow; a link whose page is not built yet is left out. At most one link is
    current: the longest address that the page's address starts with."""
    links = [
        (label, url)
        for label, url, action, excluded in _nav_urls(get_script_prefix())
        if has_permission(request.user, action)
    ]
    excluded_by_url = {url: excluded for _, url, _, excluded in _nav_urls(get_script_prefix())}
    matching = [url for _, url in links if _is_current(request.path, url, excluded_by_url[url])]
    current = max(matching, key=len, default=None)
    return [{"label": label, "url": url, "current": url == current} for label, url in links]


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": SERVICE_NAME,
        "attribution": ATTRIBUTION,
        "nav_items": navigation(request) if hasattr(request, "user") else [],
    }
