"""A workstream's report in the board pack, summarised from its projects' locked snapshots.

Each figure follows one stated rule, so a board member can check it against the project pages:

- **status**: the lowest delivery confidence among its projects (one Red project makes the workstream
  Red: the board looks at the weakest link);
- **RAG by theme** (scope, schedule, savings, benefits, risks): for each theme, the worst RAG any project
  has for it; a theme no project rated is left out ("not rated");
- **milestones slipped**: open milestones forecast later than their baseline, latest first (the first
  ``slipped`` of them, and how many more: a :class:`~careshift.analysis.programme.digest.Shortlist`);
- **top risks**: open risks by residual score, highest first (the first ``top`` of them, and how many
  open risks there are in all);
- **savings against plan**: the projects' in-year plan, plan and actual to date, variance, forecast outturn
  and risk-adjusted value, summed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from careshift.analysis.programme.digest import Shortlist, shortlist
from careshift.analysis.programme.ratings import THEMES, Confidence, Rag

MONEY = ("plan_year", "plan_ytd", "actual_ytd", "variance_ytd", "forecast_outturn", "risk_adjusted")
RAG_ORDER = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


@dataclass(frozen=True)
class WorkstreamReport:
    name: str
    projects: tuple[str, ...]
    confidence: Confidence
    themes: dict[str, Rag]
    slipped: Shortlist[dict[str, Any]]
    top_risks: Shortlist[dict[str, Any]]
    savings: dict[str, float] = field(default_factory=dict)

    @property
    def confidence_label(self) -> str:
        return self.confidence.label

    @property
    def theme_rows(self) -> list[tuple[str, str]]:
        """(theme, "Green"/"Amber"/"Red"/"not rated") in the standard theme order."""
        return [(t, self.themes[t].label if t in self.themes else "not rated") for t in THEMES]


def worst_confidence(ratings: Iterable[Confidence]) -> Confidence:
    return max(ratings, key=lambda c: c.rank, default=Confidence.GREEN)


def worst_themes(theme_maps: Iterable[Mapping[str, str]]) -> dict[str, Rag]:
    worst: dict[str, Rag] = {}
    for themes in theme_maps:
        for theme, value in themes.items():
            rag = Rag(value)
            if theme not in worst or RAG_ORDER[rag] > RAG_ORDER[worst[theme]]:
                worst[theme] = rag
    return {t: worst[t] for t in THEMES if t in worst}


SLIPPED_SHOWN = 10


def summarise(
    name: str, snapshots: list[Mapping[str, Any]], top: int = 3, slipped: int = SLIPPED_SHOWN
) -> WorkstreamReport:
    """The workstream ``name``'s report from its projects' snapshots (status_report snapshot dicts)."""
    late = [
        {**m, "project": s["ref"]}
        for s in snapshots
        for m in s.get("milestones", [])
        if not m.get("actual") and m["slippage_days"] > 0
    ]
    risks = [
        {**r, "project": s["ref"]}
        for s in snapshots
        for r in s.get("risks", [])
        if r["status"] == "open" and r["kind"] == "risk"
    ]
    return WorkstreamReport(
        name=name,
        projects=tuple(s["ref"] for s in snapshots),
        confidence=worst_confidence(Confidence(s["confidence"]) for s in snapshots),
        themes=worst_themes(s.get("themes", {}) for s in snapshots),
        slipped=shortlist(late, slipped, key=lambda m: (-m["slippage_days"], m["ref"])),
        top_risks=shortlist(risks, top, key=lambda r: (-r["residual_score"], r["ref"])),
        savings={k: float(sum(s["savings"].get(k, 0.0) for s in snapshots)) for k in MONEY},
    )


def by_workstream(
    snapshots: Iterable[Mapping[str, Any]], top: int = 3, slipped: int = SLIPPED_SHOWN
) -> list[WorkstreamReport]:
    """One report per workstream named in the snapshots, in name order."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for snapshot in snapshots:
        grouped.setdefault(snapshot["workstream"], []).append(snapshot)
    return [summarise(name, grouped[name], top, slipped) for name in sorted(grouped)]
