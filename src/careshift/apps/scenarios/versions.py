"""Scenario versions: every save keeps one (:func:`record`), and the edit history says in words what
changed from one to the next (:func:`changes`): "Lever 'Virtual wards' added", "Lever 'Shorter acute
stays': share 5% to 12% → 5% to 15%", "Horizon year: 2040 → 2035".

Levers (and discharge levers) are matched by name, so reordering them changes nothing and renaming one
reads as one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from careshift.apps.scenarios.models import Scenario, ScenarioVersion

# fields held as fractions and shown as percentages
PERCENT_FIELDS = frozenset(
    {"share", "los_change", "target_occupancy", "max_turn_away_risk", "non_demographic_growth"}
)
LONG_TEXT = 80
NAMED_LISTS = {"levers": "Lever", "discharge › levers": "Discharge lever"}


def record(user: Any, scenario: Scenario) -> ScenarioVersion:
    """Keep ``scenario`` as it is now as version ``scenario.version``."""
    return ScenarioVersion.objects.create(
        scenario=scenario,
        number=scenario.version,
        name=scenario.name,
        description=scenario.description,
        spec=scenario.spec,
        saved_by=user if getattr(user, "is_authenticated", False) else None,
    )


@dataclass
class HistoryEntry:
    version: ScenarioVersion
    changes: list[str]


def history(scenario: Scenario) -> list[HistoryEntry]:
    """Each kept version, newest first, with what changed from the one before it."""
    versions = list(scenario.versions.select_related("saved_by").order_by("number"))
    entries, before = [], None
    for version in versions:
        if before is None:
            lines = ["Created."] if version.number == 1 else ["The first version kept."]
        else:
            lines = changes(_whole(before), _whole(version)) or ["Saved with no change."]
        entries.append(HistoryEntry(version, lines))
        before = version
    return entries[::-1]


def _whole(version: ScenarioVersion) -> dict[str, Any]:
    return {**version.spec, "name": version.name, "description": version.description}


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What changed from ``before`` to ``after`` (two scenario specs), one line in words each."""
    return _diff(before, after, ())


def _diff(before: Any, after: Any, path: tuple[str, ...]) -> list[str]:
    if before == after:
        return []
    if _is_mapping(before) and _is_mapping(after):
        lines: list[str] = []
        for key in dict.fromkeys([*before, *after]):
            lines += _diff(before.get(key), after.get(key), (*path, str(key)))
        return lines
    if _is_named_list(before) and _is_named_list(after):
        return _diff_named(before or [], after or [], path)
    return [f"{_label(path)}: {show(before, path)} → {show(after, path)}"]


def _diff_named(
    before: list[dict[str, Any]], after: list[dict[str, Any]], path: tuple[str, ...]
) -> list[str]:
    old = {item["name"]: item for item in before}
    new = {item["name"]: item for item in after}
    noun = NAMED_LISTS.get(" › ".join(path), _label(path).rstrip("s"))
    lines = [f"{noun} '{name}' removed" for name in old if name not in new]
    for name, item in new.items():
        if name not in old:
            lines.append(f"{noun} '{name}' added ({describe(item)})")
        else:
            inner = _diff(
                {k: v for k, v in old[name].items() if k != "name"},
                {k: v for k, v in item.items() if k != "name"},
                (),
            )
            lines += [f"{noun} '{name}': {line[0].lower()}{line[1:]}" for line in inner]
    return lines


def describe(lever: dict[str, Any]) -> str:
    """A lever in a few words: its kind, size and years."""
    parts = [str(lever.get("kind", "")).replace("_", " ")]
    for key in ("share", "los_change", "places"):
        if lever.get(key) is not None:
            parts.append(f"{key.replace('_', ' ')} {show(lever[key], (key,))}")
    if lever.get("start_year"):
        parts.append(f"{lever['start_year']} to {lever.get('full_effect_year', '')}".strip())
    return ", ".join(p for p in parts if p)


def _is_mapping(value: Any) -> bool:
    return isinstance(value, dict) and not _is_uncertain(value)


def _is_uncertain(value: Any) -> bool:
    return isinstance(value, dict) and "low" in value and "high" in value


def _is_named_list(value: Any) -> bool:
    if value is None:
        return True
    return isinstance(value, list) and all(isinstance(v, dict) and "name" in v for v in value)


def _label(path: tuple[str, ...]) -> str:
    words = [part.replace("_", " ") for part in path] or ["scenario"]
    return " › ".join(words).capitalize()


def show(value: Any, path: tuple[str, ...] = ()) -> str:
    """One value as a person reads it: fractions of the percentage fields as %, ranges as "a to b"."""
    percent = bool(set(path) & PERCENT_FIELDS)
    if value is None or value == "" or value == [] or value == {}:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if _is_uncertain(value):
        low, high = show(value["low"], path), show(value["high"], path)
        text = low if value["low"] == value["high"] else f"{low} to {high}"
        return f"{text}, most likely {show(value['mode'], path)}" if value.get("mode") is not None else text
    if isinstance(value, int | float):
        if percent:
            return f"{value * 100:.4g}%"
        return str(value) if isinstance(value, int) and abs(value) < 10_000 else f"{value:,.10g}"
    if isinstance(value, list):
        return ", ".join(show(v, path) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v, (*path, str(k)))}" for k, v in value.items())
    text = str(value)
    return repr(text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 3] + "...")
