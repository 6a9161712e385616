"""What changed between two locked status reports of the same project: the board's "since last time".

A snapshot is the frozen JSON of a locked report (built by the app from live data, never edited after).
Its parts that this module reads::

    {"confidence": "amber", "themes": {"schedule": "red", ...},
     "milestones": [{"ref": "M1", "name": ..., "slippage_days": 12, ...}],
     "risks": [{"ref": "R1", "title": ..., "residual_score": 16, "status": "open", ...}],
     "savings": {"forecast_outturn": 120000.0, "risk_adjusted": 90000.0, ...}}

:func:`diff` compares the report with the one before it (or with nothing, for a first report).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Snapshot = Mapping[str, Any]

SAVINGS_MEASURES: dict[str, str] = {
    "plan_year": "plan for the year",
    "plan_ytd": "plan to date",
    "actual_ytd": "actual to date",
    "variance_ytd": "variance to date",
    "forecast_outturn": "forecast outturn",
    "risk_adjusted": "risk-adjusted",
    "next_year_plan": "next year's plan",
}
"""The money in a snapshot's ``savings`` (its other keys, such as ``financial_year``, are not money)."""


@dataclass(frozen=True)
class RatingChange:
    subject: str  # "delivery confidence" or a theme
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Slip:
    ref: str
    name: str
    before_days: int
    after_days: int

    @property
    def extra_days(self) -> int:
        return self.after_days - self.before_days


@dataclass(frozen=True)
class Changes:
    new_risks: list[Mapping[str, Any]] = field(default_factory=list)
    closed_risks: list[Mapping[str, Any]] = field(default_factory=list)
    rescored_risks: list[tuple[Mapping[str, Any], int]] = field(default_factory=list)  # (risk, before)
    slipped_milestones: list[Slip] = field(default_factory=list)
    savings_movement: dict[str, float] = field(default_factory=dict)  # measure -> change
    rating_changes: list[RatingChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.new_risks
            or self.closed_risks
            or self.rescored_risks
            or self.slipped_milestones
            or any(self.savings_movement.values())
            or self.rating_changes
        )


def _by_ref(items: Any) -> dict[str, Mapping[str, Any]]:
    return {str(item["ref"]): item for item in items or []}


def _open(risk: Mapping[str, Any]) -> bool:
    return risk.get("status", "open") != "closed"


def _risk_changes(before: Snapshot, after: Snapshot) -> tuple[list[Any], list[Any], list[Any]]:
    old, new = _by_ref(before.get("risks")), _by_ref(after.get("risks"))
    added = [r for ref, r in new.items() if _open(r) and (ref not in old or not _open(old[ref]))]
    closed = [r for ref, r in old.items() if _open(r) and (ref not in new or not _open(new[ref]))]
    rescored = [
        (r, int(old[ref]["residual_score"]))
        for ref, r in new.items()
        if ref in old and _open(r) and _open(old[ref]) and r["residual_score"] != old[ref]["residual_score"]
    ]
    return added, closed, rescored


def _slips(before: Snapshot, after: Snapshot) -> list[Slip]:
    old = _by_ref(before.get("milestones"))
    slips = []
    for ref, m in _by_ref(after.get("milestones")).items():
        was = int(old[ref].get("slippage_days") or 0) if ref in old else 0
        now = int(m.get("slippage_days") or 0)
        if now > was:
            slips.append(Slip(ref, str(m.get("name", ref)), was, now))
    return slips


def _savings(before: Snapshot, after: Snapshot) -> dict[str, float]:
    old, new = before.get("savings") or {}, after.get("savings") or {}
    return {
        k: float(new.get(k) or 0) - float(old.get(k) or 0)
        for k in new
        if k in SAVINGS_MEASURES and (k in old or not old)
    }


def _ratings(before: Snapshot, after: Snapshot) -> list[RatingChange]:
    changes = []
    if before.get("confidence") != after.get("confidence"):
        changes.append(RatingChange("delivery confidence", before.get("confidence"), after.get("confidence")))
    old_themes, new_themes = before.get("themes") or {}, after.get("themes") or {}
    for theme in dict.fromkeys([*old_themes, *new_themes]):
        if old_themes.get(theme) != new_themes.get(theme):
            changes.append(RatingChange(theme, old_themes.get(theme), new_themes.get(theme)))
    return changes


def diff(before: Snapshot | None, after: Snapshot) -> Changes:
    """What changed from ``before`` (the previous locked report, or None) to ``after``."""
    before = before or {}
    added, closed, rescored = _risk_changes(before, after)
    return Changes(
        added, closed, rescored, _slips(before, after), _savings(before, after), _ratings(before, after)
    )
