"""Saved views: a results or compare page with its filters, saved under a name and shared by link.

Anyone who may view results may save a view and open anyone's by its link (the page it opens checks
its own permission as usual); only its owner or an administrator may delete it. Saving and deleting are
audited (``savedview.create``, ``savedview.delete``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.urls import Resolver404, resolve

from careshift.apps.scenarios.models import SavedView
from careshift.errors import ValidationError

PAGES = {"scenarios:results": SavedView.Kind.RESULTS, "scenarios:compare": SavedView.Kind.COMPARE}
MAX_QUERY = 2000


def kind_of(path: str) -> str:
    """The kind of page ``path`` is (results or compare); ``ValidationError`` for any other page."""
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    kind = PAGES.get(match.view_name) if match else None
    if kind is None:
        raise ValidationError(
            "Only a results page or a comparison can be saved as a view.",
            hint="Open the results or the comparison you want, then save it from there.",
            fields={"path": "Not a results or compare page."},
        )
    return str(kind)


def save_view(user: Any, name: str, address: str) -> SavedView:
    """Save the page at ``address`` (its path and query string) as ``name``."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("Give the view a name.", fields={"name": "Give it a name."})
    parts = urlsplit(address or "")
    if parts.scheme or parts.netloc:
        raise ValidationError("A saved view is a page of this site.", fields={"path": "Not on this site."})
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "csrfmiddlewaretoken"])
    if len(query) > MAX_QUERY:
        raise ValidationError("The page's filters are too long to save.", fields={"path": "Too long."})
    view = SavedView.objects.create(
        name=name[:200], kind=kind_of(parts.path), path=parts.path, query=query, owner=_signed_in(user)
    )
    _audit(user, "savedview.create", view, {"name": view.name, "page": view.target})
    return view


def delete_view(user: Any, view: SavedView) -> None:
    _audit(user, "savedview.delete", view, {"name": view.name, "page": view.target})
    view.delete()


def is_owner(user: Any, view: Any) -> bool:
    return bool(getattr(view, "owner_id", None)) and view.owner_id == user.pk


def _signed_in(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _audit(user: Any, action: str, obj: Any, changes: dict[str, Any]) -> None:
    from careshift.apps.accounts import audit

    audit.record(user, action, obj, changes)
