"""Delivery confidence (five points), per-theme RAG, and careshift's suggested rating with its reasons.

The five-point scale follows the Infrastructure and Projects Authority's Delivery Confidence Assessment
(Green, Amber/Green, Amber, Amber/Red, Red), used by NHS programme offices and Verto. careshift
suggests a rating from the record; a person accepts it or overrides it with a reason.

The suggestion scores four signals, each 0 (fine), 1 (a concern) or 2 (serious):

============================  =========================================  ==============================
signal                        concern (1)                                serious (2)
============================  =========================================  ==============================
slipped milestones            any open milestone forecast > 0 days late  one > 60 days late, or 3+ late
savings variance (YTD)        actual below plan by more than 5%          below plan by more than 20%
overdue actions               1-2 overdue                                3 or more overdue
open high risks (residual)    one residual score >= 15                   two or more, or one of 25
============================  =========================================  ==============================

The total (0-8) maps to the scale: 0 Green, 1 Amber/Green, 2-3 Amber, 4-5 Amber/Red, 6+ Red. Each theme's
RAG (schedule, savings, risks) comes from its own signal (0 Green, 1 Amber, 2 Red); scope and benefits are
judged by people, so careshift suggests nothing for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Confidence(StrEnum):
    GREEN = "green"
    AMBER_GREEN = "amber_green"
    AMBER = "amber"
    AMBER_RED = "amber_red"
    RED = "red"

    @property
    def label(self) -> str:
        return CONFIDENCE_LABELS[self]

    @property
    def rank(self) -> int:
        """0 (Green) to 4 (Red): higher is worse."""
        return list(Confidence).index(self)


CONFIDENCE_LABELS = {
    Confidence.GREEN: "Green",
    Confidence.AMBER_GREEN: "Amber/Green",
    Confidence.AMBER: "Amber",
    Confidence.AMBER_RED: "Amber/Red",
    Confidence.RED: "Red",
}


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Trend(StrEnum):
    IMPROVING = "improving"
    STABLE = "stable"
    WORSENING = "worsening"
    NEW = "new"


THEMES: tuple[str, ...] = ("scope", "schedule", "savings", "benefits", "risks")
HIGH_RISK_SCORE = 15


@dataclass(frozen=True)
class DeliveryFacts:
    """What the suggestion looks at, gathered from a project's (or workstream's) live records."""

    milestone_slippage_days: tuple[int, ...] = ()  # one per open milestone: forecast minus baseline
    savings_plan_ytd: float = 0.0
    savings_actual_ytd: float = 0.0
    overdue_actions: int = 0
    open_risk_scores: tuple[int, ...] = ()  # residual scores of open risks


@dataclass(frozen=True)
class Suggestion:
    confidence: Confidence
    themes: dict[str, Rag]
    reasons: tuple[str, ...] = field(default=())


def _schedule(facts: DeliveryFacts) -> tuple[int, str]:
    late = [d for d in facts.milestone_slippage_days if d > 0]
    if not late:
        return 0, ""
    worst = max(late)
    text = f"{len(late)} milestone(s) forecast late, the worst by {worst} days"
    return (2 if worst > 60 or len(late) >= 3 else 1), text


def _savings(facts: DeliveryFacts) -> tuple[int, str]:
    plan, actual = facts.savings_plan_ytd, facts.savings_actual_ytd
    if plan <= 0 or actual >= plan:
        return 0, ""
    shortfall = (plan - actual) / plan
    if shortfall <= 0.05:
        return 0, ""
    text = f"savings {shortfall:.0%} below plan year to date (£{plan - actual:,.0f})"
    return (2 if shortfall > 0.20 else 1), text


def _actions(facts: DeliveryFacts) -> tuple[int, str]:
    n = facts.overdue_actions
    if n == 0:
        return 0, ""
    return (2 if n >= 3 else 1), f"{n} action(s) overdue"


def _risks(facts: DeliveryFacts) -> tuple[int, str]:
    high = [s for s in facts.open_risk_scores if s >= HIGH_RISK_SCORE]
    if not high:
        return 0, ""
    text = (
        f"{len(high)} open risk(s) scoring {HIGH_RISK_SCORE} or more after mitigation (highest {max(high)})"
    )
    return (2 if len(high) >= 2 or max(high) >= 25 else 1), text


def confidence_for_points(points: int) -> Confidence:
    """The scale for a total of signal points (see the module docstring)."""
    if points <= 0:
        return Confidence.GREEN
    if points == 1:
        return Confidence.AMBER_GREEN
    if points <= 3:
        return Confidence.AMBER
    if points <= 5:
        return Confidence.AMBER_RED
    return Confidence.RED


def _rag(points: int) -> Rag:
    return (Rag.GREEN, Rag.AMBER, Rag.RED)[min(points, 2)]


def suggest(facts: DeliveryFacts) -> Suggestion:
    """careshift's suggested delivery confidence and theme RAG, with a reason for each concern."""
    schedule, savings, actions, risks = _schedule(facts), _savings(facts), _actions(facts), _risks(facts)
    signals = (schedule, savings, actions, risks)
    points = sum(p for p, _ in signals)
    reasons = tuple(text for p, text in signals if p) or (
        "no slipped milestones, savings on plan, no overdue actions and no open high risks",
    )
    themes = {
        "schedule": _rag(max(schedule[0], actions[0])),
        "savings": _rag(savings[0]),
        "risks": _rag(risks[0]),
    }
    return Suggestion(confidence_for_points(points), themes, reasons)


def trend(previous: Confidence | None, current: Confidence) -> Trend:
    """Improving, stable or worsening against the last rating (new when there was none)."""
    if previous is None:
        return Trend.NEW
    if current.rank < previous.rank:
        return Trend.IMPROVING
    if current.rank > previous.rank:
        return Trend.WORSENING
    return Trend.STABLE
