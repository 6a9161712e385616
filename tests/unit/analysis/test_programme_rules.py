"""The programme office's pure rules: ratings, savings, risks, gateways, snapshot diffs, model range."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careshift.analysis.programme import gateways, model_range, ratings, risks, savings, snapshots
from careshift.analysis.programme.ratings import Confidence, DeliveryFacts, Rag

MONTHS = savings.fy_months(2025) + savings.fy_months(2026)


def test_clean_project_is_green_with_a_reason() -> None:
    result = ratings.suggest(DeliveryFacts(savings_plan_ytd=100, savings_actual_ytd=100))
    assert result.confidence is Confidence.GREEN
    assert result.themes == {"schedule": Rag.GREEN, "savings": Rag.GREEN, "risks": Rag.GREEN}
    assert "no slipped milestones" in result.reasons[0]


def test_suggestion_names_every_concern() -> None:
    facts = DeliveryFacts(
        milestone_slippage_days=(90, 0),
        savings_plan_ytd=100_000,
        savings_actual_ytd=70_000,
        overdue_actions=4,
        open_risk_scores=(16, 20, 4),
    )
    result = ratings.suggest(facts)
    assert result.confidence is Confidence.RED
    text = " ".join(result.reasons)
    assert "worst by 90 days" in text and "30% below plan" in text
    assert "4 action(s) overdue" in text and "2 open risk(s)" in text


def test_one_concern_is_amber_green() -> None:
    result = ratings.suggest(DeliveryFacts(overdue_actions=1))
    assert result.confidence is Confidence.AMBER_GREEN
    assert result.themes["schedule"] is Rag.AMBER


@given(st.integers(0, 20), st.integers(0, 20))
def test_more_overdue_actions_never_improve_the_rating(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert (
        ratings.suggest(DeliveryFacts(overdue_actions=low)).confidence.rank
        <= ratings.suggest(DeliveryFacts(overdue_actions=high)).confidence.rank
    )


def test_trend() -> None:
    assert ratings.trend(None, Confidence.AMBER) is ratings.Trend.NEW
    assert ratings.trend(Confidence.RED, Confidence.AMBER) is ratings.Trend.IMPROVING
    assert ratings.trend(Confidence.GREEN, Confidence.AMBER) is ratings.Trend.WORSENING


def test_financial_year_runs_april_to_march() -> None:
    assert savings.financial_year(date(2026, 3, 31)) == 2025
    assert savings.financial_year(date(2026, 4, 1)) == 2026
    assert savings.fy_months(2025)[0] == date(2025, 4, 1) and savings.fy_months(2025)[-1] == date(2026, 3, 1)
    assert savings.fy_label(2025) == "2025/26"


def test_line_totals() -> None:
    plan = savings.phase_evenly(120_000, 2025) | savings.phase_evenly(60_000, 2026)
    actual = {date(2025, 4, 1): 8_000, date(2025, 5, 1): 12_000, date(2025, 6, 1): 9_000}
    line = savings.Line(plan, actual, stage_weight=0.5)
    totals = savings.line_totals(line, 2025, date(2025, 6, 15))
    assert totals.plan_ytd == 30_000 and totals.actual_ytd == 29_000 and totals.variance_ytd == -1_000
    assert totals.forecast_outturn == 29_000 + 90_000
    assert totals.risk_adjusted == 60_000 and totals.next_year_plan == pytest.approx(60_000)


def test_stage_weight_is_a_share() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        savings.Line(stage_weight=1.5)


money = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
line_strategy = st.builds(
    savings.Line,
    plan=st.dictionaries(st.sampled_from(MONTHS), money, max_size=24),
    actual=st.dictionaries(st.sampled_from(MONTHS), money, max_size=24),
    stage_weight=st.sampled_from(sorted(savings.DEFAULT_STAGE_WEIGHTS.values())),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(line_strategy, max_size=4), min_size=1, max_size=5),
    st.sampled_from(savings.fy_months(2025)),
)
def test_programme_totals_equal_the_sum_of_its_projects(
    projects: list[list[savings.Line]], as_of: date
) -> None:
    """Roll-up: summing every line at once equals summing each project's roll-up."""
    per_project = [savings.rollup(savings.line_totals(ln, 2025, as_of) for ln in p) for p in projects]
    everything = savings.rollup(savings.line_totals(ln, 2025, as_of) for p in projects for ln in p)
    summed = savings.rollup(per_project)
    for name in ("plan_year", "plan_ytd", "actual_ytd", "forecast_outturn", "risk_adjusted"):
        assert getattr(summed, name) == pytest.approx(getattr(everything, name), rel=1e-9, abs=1e-6)
    trajectory = savings.gap_trajectory([ln for p in projects for ln in p], 1e6, 2025, as_of)
    assert trajectory[-1].planned == pytest.approx(everything.plan_year, rel=1e-9, abs=1e-6)
    assert trajectory[-1].risk_adjusted == pytest.approx(everything.risk_adjusted, rel=1e-9, abs=1e-6)


def test_gap_trajectory() -> None:
    line = savings.Line(savings.phase_evenly(600_000, 2025), {date(2025, 4, 1): 40_000})
    points = savings.gap_trajectory([line], 1_200_000, 2025, date(2025, 4, 1))
    assert points[0].target == 100_000 and points[0].planned == 50_000 and points[0].gap == 50_000
    assert points[0].actual == 40_000 and points[1].actual is None
    assert points[-1].gap == pytest.approx(600_000)
    assert savings.unidentified_gap(100, 150) == -50


def test_risk_scores_bands_and_escalation() -> None:
    assert risks.score(4, 5) == 20 and risks.band(20) == "extreme" and risks.band(3) == "low"
    assert risks.band(12) == "high" and risks.band(6) == "moderate"
    with pytest.raises(ValueError, match="impact is 1 to 5"):
        risks.score(3, 6)
    assert risks.escalation_level(16, 12, 20) == "workstream"
    assert risks.escalation_level(20, 12, 20) == "board" and risks.escalation_level(4, 12, 20) == "project"


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), max_size=50))
def test_heat_map_counts_every_risk_once(positions: list[tuple[int, int]]) -> None:
    cells = risks.heat_map(positions)
    assert len(cells) == 25 and sum(c.count for c in cells) == len(positions)


def test_gateway_lists_what_is_missing() -> None:
    gate = gateways.Gate("business_case", ("pid", "qia", "eia"), approval_threshold=50_000)
    missing = gateways.missing_for_gate(gate, gateways.Candidate(value=80_000, artefacts={"pid"}))
    assert missing == [
        "an approved quality impact assessment (QIA)",
        "an approved equality impact assessment (EIA)",
        "approval by the programme board, because its value (£80,000) is over £50,000",
    ]
    ok = gateways.Candidate(value=80_000, artefacts={"pid", "qia", "eia"}, approved=True)
    assert gateways.missing_for_gate(gate, ok) == []
    assert gateways.missing_for_gate(gate, gateways.Candidate(40_000, {"pid", "qia", "eia"})) == []


BEFORE = {
    "confidence": "amber_green",
    "themes": {"schedule": "green", "savings": "amber"},
    "milestones": [{"ref": "M1", "name": "Go live", "slippage_days": 0}],
    "risks": [
        {"ref": "R1", "title": "Staff", "residual_score": 12, "status": "open"},
        {"ref": "R2", "title": "Estates", "residual_score": 6, "status": "open"},
    ],
    "savings": {"forecast_outturn": 100_000.0, "risk_adjusted": 50_000.0},
}


def test_diff_finds_what_changed_since_the_last_board() -> None:
    after = copy.deepcopy(BEFORE)
    after["confidence"] = "amber"
    after["themes"]["schedule"] = "red"
    after["milestones"][0]["slippage_days"] = 30
    after["risks"][0]["residual_score"] = 16
    after["risks"][1]["status"] = "closed"
    after["risks"].append({"ref": "R3", "title": "IT", "residual_score": 20, "status": "open"})
    after["savings"]["forecast_outturn"] = 80_000.0
    changes = snapshots.diff(BEFORE, after)
    assert [r["ref"] for r in changes.new_risks] == ["R3"]
    assert [r["ref"] for r in changes.closed_risks] == ["R2"]
    assert [(r["ref"], was) for r, was in changes.rescored_risks] == [("R1", 12)]
    assert changes.slipped_milestones[0].extra_days == 30
    assert changes.savings_movement == {"forecast_outturn": -20_000.0, "risk_adjusted": 0.0}
    assert [c.subject for c in changes.rating_changes] == ["delivery confidence", "schedule"]
    assert snapshots.diff(BEFORE, BEFORE).empty


def test_first_report_shows_everything_as_new() -> None:
    changes = snapshots.diff(None, BEFORE)
    assert len(changes.new_risks) == 2 and changes.rating_changes[0].before is None


def test_model_range() -> None:
    share = model_range.lever_share(
        {"virtual ward": -300.0, "reablement": -100.0, "growth": 50.0}, ["virtual ward"]
    )
    assert share == pytest.approx(0.75)
    checks = model_range.compare(
        {2027: 900.0, 2028: 100.0}, {2027: (800.0, 1000.0, 1200.0), 2028: (800.0, 1000.0, 1200.0)}, share
    )
    assert [c.outside for c in checks] == [False, True]
    assert checks[1].verdict == "below the model's P10"
    assert model_range.lever_share({}, ["x"]) == 0.0
