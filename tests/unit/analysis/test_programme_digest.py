"""The board pack's shortlists: the first few in a board's order, and how many were left out; one
project's changes as sentences, the most important first."""

from __future__ import annotations

import pytest

from careshift.analysis.programme import digest, snapshots


def test_shortlist_keeps_the_first_by_key_and_counts_the_rest() -> None:
    short = digest.shortlist([3, 9, 1, 7, 5], 2, key=lambda n: -n)
    assert list(short) == [9, 7] and short.total == 5 and short.more == 3
    assert len(short) == 2 and short[0] == 9 and bool(short)
    whole = digest.shortlist(["b", "a"], 10)
    assert list(whole) == ["b", "a"] and whole.more == 0  # no key: the given order
    empty = digest.shortlist([], 3)
    assert not empty and empty.total == 0 and empty.more == 0


def test_shortlist_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="limit is 0 or more"):
        digest.shortlist([1], -1)
    with pytest.raises(ValueError, match="cannot come from"):
        digest.Shortlist((1, 2), 1)


def test_change_lines_put_confidence_and_the_worst_risks_first() -> None:
    before = {
        "confidence": "green",
        "themes": {"schedule": "green"},
        "milestones": [{"ref": "M1", "name": "Go live", "slippage_days": 5}],
        "risks": [{"ref": "R0", "title": "Old", "residual_score": 9, "status": "open"}],
        "savings": {"forecast_outturn": 100.0},
    }
    after = {
        "confidence": "amber",
        "themes": {"schedule": "red"},
        "milestones": [
            {"ref": "M1", "name": "Go live", "slippage_days": 20},
            {"ref": "M2", "name": "Launch", "slippage_days": 40},
        ],
        "risks": [
            {"ref": "R1", "title": "Low", "residual_score": 4, "status": "open"},
            {"ref": "R2", "title": "High", "residual_score": 20, "status": "open"},
        ],
        "savings": {"forecast_outturn": 80.0},
    }
    lines = digest.change_lines(snapshots.diff(before, after), lambda v: f"£{v:,.0f}")
    assert lines == [
        "Delivery confidence: Green to Amber",
        "New risk R2 High (residual 20)",
        "New risk R1 Low (residual 4)",
        "Milestone M2 Launch slipped 40 days (now 40 days late)",
        "Milestone M1 Go live slipped 15 days (now 20 days late)",
        "Closed risk R0 Old",
        "Schedule: Green to Red",
        "Savings forecast outturn moved by £-20",
    ]
    assert digest.change_lines(snapshots.diff(after, after), str) == []


def test_change_lines_name_ratings_and_money_in_words_and_a_new_year_is_no_saving() -> None:
    before = {
        "confidence": "amber_red",
        "themes": {"savings": "amber"},
        "savings": {"financial_year": 2026, "plan_ytd": 100.0, "next_year_plan": 50.0},
    }
    after = {
        "confidence": "red",
        "themes": {"savings": "red", "scope": "green"},
        "savings": {"financial_year": 2027, "plan_ytd": 160.0, "next_year_plan": 50.0},
    }
    changes = snapshots.diff(before, after)
    assert "financial_year" not in changes.savings_movement
    assert digest.change_lines(changes, lambda v: f"£{v:,.0f}") == [
        "Delivery confidence: Amber/Red to Red",
        "Savings: Amber to Red",
        "Scope: not rated to Green",
        "Savings plan to date moved by £60",
    ]
    only_the_year = snapshots.diff(
        {"savings": {"financial_year": 2026, "plan_ytd": 1.0}},
        {"savings": {"financial_year": 2027, "plan_ytd": 1.0}},
    )
    assert only_the_year.empty
