"""Template filters for the programme pages: money, ratings as coloured tags."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from careshift.analysis.programme.ratings import CONFIDENCE_LABELS, Confidence
from careshift.analysis.programme.savings import fy_label
from careshift.analysis.programme.snapshots import SAVINGS_MEASURES

register = template.Library()
TAG_COLOURS = {
    "green": "green",
    "amber_green": "aqua-green",
    "amber": "yellow",
    "amber_red": "orange",
    "red": "red",
    "low": "green",
    "moderate": "yellow",
    "high": "orange",
    "extreme": "red",
}


@register.filter
def money(value: Any) -> str:
    """£12,345 (negative as -£12,345); blank for None."""
    if value is None or value == "":
        return ""
    number = float(value)
    return f"-£{-number:,.0f}" if number < 0 else f"£{number:,.0f}"


@register.filter
def rating(value: str | None) -> SafeString | str:
    """A delivery confidence or RAG value as an NHS tag."""
    if not value:
        return mark_safe('<strong class="nhsuk-tag nhsuk-tag--grey">Not rated</strong>')
    try:
        label = CONFIDENCE_LABELS[Confidence(value)]
    except ValueError:
        label = str(value).replace("_", " ").capitalize()
    colour = TAG_COLOURS.get(str(value), "grey")
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, label)


@register.filter
def fy(year: int) -> str:
    """A financial year named by the year it starts in, as 2026/27."""
    return fy_label(int(year))


@register.filter
def savings_measure(key: str) -> str:
    """A snapshot's savings key in words, capitalised ("plan_ytd" is "Plan to date")."""
    words = SAVINGS_MEASURES.get(key, key.replace("_", " "))
    return words[:1].upper() + words[1:]


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def person(user: Any) -> str:
    """A user's full name, else username; blank for nobody."""
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())
