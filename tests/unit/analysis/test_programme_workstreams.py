"""A workstream's board-pack report from its projects' snapshots: the weakest rating, the worst RAG per
theme, slipped milestones latest first, top risks by residual score, savings summed."""

from __future__ import annotations

from typing import Any

from careshift.analysis.programme import workstreams
from careshift.analysis.programme.ratings import Confidence, Rag


def snap(ref: str, ws: str, confidence: str, themes: dict[str, str], **kw: Any) -> dict[str, Any]:
    return {
        "ref": ref,
        "workstream": ws,
        "confidence": confidence,
        "themes": themes,
        "milestones": kw.get("milestones", []),
        "risks": kw.get("risks", []),
        "savings": kw.get("savings", {"plan_year": 100.0, "actual_ytd": 40.0}),
    }


def milestone(ref: str, days: int, actual: str | None = None) -> dict[str, Any]:
    return {"ref": ref, "name": ref, "slippage_days": days, "actual": actual}


def risk(ref: str, score: int, status: str = "open", kind: str = "risk") -> dict[str, Any]:
    return {"ref": ref, "title": ref, "residual_score": score, "status": status, "kind": kind}


def test_summary_takes_the_worst_and_sums_the_money() -> None:
    a = snap(
        "A",
        "Urgent",
        "amber_green",
        {"schedule": "amber", "savings": "green"},
        milestones=[milestone("A1", 30), milestone("A2", 90, actual="2026-01-01"), milestone("A3", -5)],
        risks=[risk("AR1", 20), risk("AR2", 25, status="closed"), risk("AR3", 16, kind="issue")],
    )
    b = snap(
        "B",
        "Urgent",
        "red",
        {"schedule": "green", "savings": "red"},
        milestones=[milestone("B1", 60)],
        risks=[risk("BR1", 12), risk("BR2", 15), risk("BR3", 9)],
        savings={"plan_year": 50.0, "actual_ytd": 10.0, "variance_ytd": -5.0},
    )
    report = workstreams.summarise("Urgent", [a, b], top=3)
    assert report.confidence is Confidence.RED
    assert report.themes == {"schedule": Rag.AMBER, "savings": Rag.RED}
    assert ("scope", "not rated") in report.theme_rows and ("savings", "Red") in report.theme_rows
    assert [m["ref"] for m in report.slipped] == ["B1", "A1"]  # met and early ones left out
    assert [r["ref"] for r in report.top_risks] == ["AR1", "BR2", "BR1"]  # open risks only
    assert report.savings["plan_year"] == 150.0 and report.savings["actual_ytd"] == 50.0
    assert report.savings["variance_ytd"] == -5.0


def test_by_workstream_groups_in_name_order() -> None:
    reports = workstreams.by_workstream(
        [
            snap("X", "Primary care", "green", {}),
            snap("Y", "Community", "amber", {}),
            snap("Z", "Community", "green", {}),
        ]
    )
    assert [(r.name, r.projects) for r in reports] == [("Community", ("Y", "Z")), ("Primary care", ("X",))]
    assert reports[0].confidence is Confidence.AMBER
    assert workstreams.by_workstream([]) == []


def test_long_lists_are_cut_and_say_how_many_are_left_out() -> None:
    many = snap(
        "A",
        "Urgent",
        "amber",
        {},
        milestones=[milestone(f"M{k:02d}", k + 1) for k in range(25)],
        risks=[risk(f"R{k:02d}", 1 + k % 25) for k in range(40)] + [risk("RC", 25, status="closed")],
    )
    report = workstreams.summarise("Urgent", [many], top=3, slipped=10)
    assert [m["ref"] for m in report.slipped] == [f"M{k:02d}" for k in range(24, 14, -1)]  # latest first
    assert report.slipped.total == 25 and report.slipped.more == 15
    assert len(report.top_risks) == 3 and report.top_risks.total == 40 and report.top_risks.more == 37
