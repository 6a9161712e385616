"""Scenario values as the scenario page's forms show them and the spec stores them: an uncertain number
as low / most likely / high boxes, evidence as one reference a line."""

from __future__ import annotations

from typing import Any


def uncertain(low: float | None, mode: float | None, high: float | None, previous: Any = None) -> Any:
    """The scenario's value for low/most likely/high form fields: None, a number, an interval or a
    triangular; an interval keeps the coverage and shape it had before."""
    if low is None and high is None:
        return mode
    low = high if low is None else low
    high = low if high is None else high
    if mode is not None:
        return {"low": low, "mode": mode, "high": high}
    if low == high:
        return low
    extra = {k: previous[k] for k in ("coverage", "shape") if isinstance(previous, dict) and k in previous}
    return {"low": low, "high": high, **extra}


def split_uncertain(value: Any) -> tuple[Any, Any, Any]:
    """(low, most likely, high) for a scenario value (the inverse of :func:`uncertain`)."""
    if value is None:
        return None, None, None
    if isinstance(value, dict):
        return value.get("low"), value.get("mode"), value.get("high")
    return value, None, value


def plain_number(value: float) -> str:
    """A number as a person would type it, without losing precision (5000000, 0.125)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def parse_evidence(text: str) -> list[dict[str, str]]:
    refs = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")] + ["", ""]
        if parts[0]:
            refs.append({"citation": parts[0], "url": parts[1], "note": parts[2]})
    return refs


def format_evidence(refs: list[dict[str, str]]) -> str:
    """One reference a line, 'citation | web address | note' without trailing empty parts; an empty
    address before a note stays ('citation |  | note'), so the note is not read back as the address."""
    lines = []
    for r in refs:
        parts = [r["citation"], r.get("url", ""), r.get("note", "")]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)
