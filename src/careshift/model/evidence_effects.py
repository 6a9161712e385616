"""A lever's uncertainty taken from an evidence item's effect size (low, central, high).

An effect size states what a study found for one outcome, e.g. "emergency admissions avoided: 5%, 12%,
20%". Applied to a lever it becomes the lever's triangular range (low, mode, high) for one of its
numbers, and the evidence is cited on the lever so every result can say what it rests on:

* ``share``: the share of the cohort's activity affected (avoided, shifted or grown);
* ``shorter_stay``: a reduction in length of stay, stored as a negative ``los_change``.

Effects in ``%`` are divided by 100; effects given as fractions (unit ``fraction`` or blank) are used as
they are. Any other unit (days, per 1,000) cannot be a share and is refused with what to do.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

from careshift.errors import ValidationError

Target = Literal["share", "shorter_stay"]
TARGETS: dict[str, str] = {
    "share": "Share of the cohort's activity affected",
    "shorter_stay": "Reduction in length of stay",
}
EVIDENCE_NOTE_PREFIX = "evidence bank #"


@dataclass(frozen=True)
class Effect:
    """One effect size of an evidence item, as the evidence bank holds it."""

    evidence_id: int
    citation: str
    url: str
    outcome: str
    unit: str
    low: float
    central: float
    high: float


def as_fractions(effect: Effect) -> tuple[float, float, float]:
    """(low, central, high) as fractions, refused unless the unit is % or a fraction and they are ordered."""
    unit = effect.unit.strip().lower()
    if unit in ("%", "percent", "per cent"):
        scale = 100.0
    elif unit in ("", "fraction", "proportion"):
        scale = 1.0
    else:
        raise ValidationError(
            f"The effect on {effect.outcome!r} is in {effect.unit!r}, which cannot be a lever's share or "
            "change in stay.",
            hint="Choose an effect given in % (or as a fraction), or enter the lever's range by hand.",
        )
    low, central, high = (float(x) / scale for x in (effect.low, effect.central, effect.high))
    if not low <= central <= high:
        raise ValidationError(
            f"The effect on {effect.outcome!r} is not ordered low <= central <= high "
            f"({effect.low:g}, {effect.central:g}, {effect.high:g}).",
            hint="Correct the effect size in the evidence bank first.",
        )
    return low, central, high


def apply_effect(lever: dict[str, Any], effect: Effect, target: Target) -> dict[str, Any]:
    """A copy of ``lever`` (a scenario lever as stored) whose ``share`` or ``los_change`` is the effect's
    triangular range, citing the evidence (replacing an earlier citation of the same item)."""
    low, central, high = as_fractions(effect)
    updated = copy.deepcopy(lever)
    if target == "share":
        if lever.get("kind") not in ("avoid", "shift", "growth"):
            raise ValidationError(
                f"Lever {lever.get('name')!r} is a {lever.get('kind')} lever and has no share.",
                hint="Apply the effect as a reduction in length of stay, or choose another lever.",
            )
        updated["share"] = {"low": low, "mode": central, "high": high}
    elif target == "shorter_stay":
        if lever.get("kind") != "efficiency":
            raise ValidationError(
                f"Lever {lever.get('name')!r} is a {lever.get('kind')} lever; only efficiency levers change "
                "the length of stay.",
                hint="Apply the effect as a share, or choose an efficiency lever.",
            )
        updated["los_change"] = {"low": -high, "mode": -central, "high": -low}
    else:
        raise ValidationError(f"Unknown target {target!r}.", hint=f"Use one of {', '.join(TARGETS)}.")
    note = (
        f"{EVIDENCE_NOTE_PREFIX}{effect.evidence_id}: {effect.outcome} "
        f"{effect.low:g} / {effect.central:g} / {effect.high:g} {effect.unit}".rstrip()
    )
    kept = [
        e
        for e in lever.get("evidence", [])
        if not str(e.get("note", "")).startswith(f"{EVIDENCE_NOTE_PREFIX}{effect.evidence_id}:")
    ]
    updated["evidence"] = [*kept, {"citation": effect.citation, "url": effect.url, "note": note}]
    return updated


def evidence_id(reference: dict[str, Any]) -> int | None:
    """The evidence bank item a lever's citation came from, if it came from the bank."""
    note = str(reference.get("note", ""))
    if not note.startswith(EVIDENCE_NOTE_PREFIX):
        return None
    number = note[len(EVIDENCE_NOTE_PREFIX) :].split(":", 1)[0]
    return int(number) if number.isdigit() else None
