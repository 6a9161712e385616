"""Risks on the NHS 5x5 matrix: score = likelihood x impact (each 1-5), bands, escalation, heat map.

Bands follow the NPSA's *A risk matrix for risk managers* (2008), widely used in the NHS:
1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme. A risk whose (residual) score reaches its programme's
escalation threshold goes up the hierarchy: project -> workstream -> programme board.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LEVELS = (1, 2, 3, 4, 5)
LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Catastrophic"}


def score(likelihood: int, impact: int) -> int:
    """Likelihood x impact; each must be a whole number from 1 to 5."""
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if value not in LEVELS:
            raise ValueError(f"A risk's {name} is 1 to 5, not {value!r}")
    return likelihood * impact


def band(value: int) -> str:
    """The NPSA band of a score: low, moderate, high or extreme."""
    if value <= 3:
        return "low"
    if value <= 6:
        return "moderate"
    if value <= 12:
        return "high"
    return "extreme"


def escalation_level(value: int, workstream_at: int, board_at: int) -> str:
    """Where a risk of this score is managed: ``project``, ``workstream`` or ``board``."""
    if value >= board_at:
        return "board"
    if value >= workstream_at:
        return "workstream"
    return "project"


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        return band(self.score)


def heat_map(positions: Iterable[tuple[int, int]]) -> list[HeatCell]:
    """All 25 cells with the number of risks in each, from (likelihood, impact) pairs."""
    counts: dict[tuple[int, int], int] = {}
    for likelihood, impact in positions:
        score(likelihood, impact)  # validates
        counts[(likelihood, impact)] = counts.get((likelihood, impact), 0) + 1
    return [HeatCell(lk, im, counts.get((lk, im), 0)) for lk in reversed(LEVELS) for im in LEVELS]
