"""Template context shared by every page: the navigation for the signed-in user's role.

The menu is built from the entries each installed app declares (``careshift.site.registry``).
"""

from __future__ import annotations

import functools
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse

from careshift.apps.accounts.permissions import has_permission
from careshift.site.registry import menu_entries

SERVICE_NAME = "careshift"
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0; "
    "contains OS data © Crown copyright."
)


FOOTER_LABELS = {"Documentation": "Documentation", "Source": "Source code", "Homepage": "Home page"}
LOCAL_HOSTS = ("127.0.0.1", "localhost")
PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"


@functools.cache
def project_urls() -> dict[str, str]:
    """The package's ``[project.urls]`` from its installed metadata (``Project-URL: Source, https://...``);
    an editable install made before the table was added falls back to the source tree's pyproject.toml."""
    try:
        entries = metadata.metadata("careshift").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        entries = []
    urls = dict(tuple(part.strip() for part in entry.split(",", 1)) for entry in entries if "," in entry)
    if not urls and PYPROJECT.is_file():
        urls = tomllib.loads(PYPROJECT.read_text(encoding="utf-8")).get("project", {}).get("urls", {})
    return urls


def footer_links() -> list[tuple[str, str]]:
    """(label, address) for the footer, one per distinct address; an address on the local default host
    (the site's own pages) becomes a path, so it works wherever the site is served."""
    links: dict[str, str] = {}
    for name, label in FOOTER_LABELS.items():
        url = project_urls().get(name)
        if not url:
            continue
        parts = urlsplit(url)
        href = parts.path if parts.hostname in LOCAL_HOSTS else url
        links.setdefault(href, label)
    return [(label, href) for href, label in links.items()]


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
        "footer_links": footer_links(),
        "nav_items": navigation(request) if hasattr(request, "user") else [],
    }
