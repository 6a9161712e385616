"""The home page's cards: one per area, as each installed app declares them (``careshift.site.registry``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from careshift.apps.accounts.permissions import has_permission
from careshift.site.registry import home_cards


@dataclass(frozen=True)
class Card:
    title: str
    url: str
    description: str
    count: int | None = None
    count_label: str = ""


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def cards(user: Any) -> list[Card]:
    result = []
    for spec in home_cards():
        url = _url(spec.url_name)
        if url is None or not has_permission(user, spec.action):
            continue
        result.append(Card(spec.title, url, spec.description, spec.count_for(user), spec.count_label))
    return result
