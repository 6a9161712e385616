"""The programme pages read a bounded number of queries however large the programme grows, and the
roll-ups summed in the database agree with the ledger's rules in Python."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from careshift.analysis.programme import savings
from careshift.apps.programme import ledger, overview, services
from careshift.apps.programme import models as m
from tests.integration.programme.conftest import TODAY, Small

YEAR = savings.financial_year(TODAY)


def grow(small: Small, lead: Any, projects: int, seed: int = 1) -> None:
    """Add ``projects`` projects, each with milestones, risks, actions, an assessment, savings months
    over two years and a locked report, spread over two new workstreams."""
    rng = random.Random(seed)
    stages = list(small.programme.stages.all())
    for w in range(2):
        ws, _ = m.Workstream.objects.get_or_create(
            programme=small.programme,
            slug=f"grown-{w}",
            defaults={"name": f"Grown {w}", "lead": lead if w else None},
        )
        for p in range(projects // 2):
            ref = f"G{seed}{w}{p:02d}"
            project = m.Project.objects.create(
                workstream=ws, reference=ref, name=ref, owner=small.owner, stage=rng.choice(stages)
            )
            for k in range(3):
                m.Milestone.objects.create(
                    project=project,
                    reference=f"{ref}-M{k}",
                    name="m",
                    baseline=TODAY,
                    forecast=TODAY + dt.timedelta(days=rng.randint(0, 90)),
                )
                m.RaidItem.objects.create(
                    project=project,
                    reference=f"{ref}-R{k}",
                    title="r",
                    owner=small.owner,
                    residual_likelihood=rng.randint(1, 5),
                    residual_impact=rng.randint(1, 5),
                )
                m.Action.objects.create(project=project, title="a", owner=small.owner, due=TODAY)
            services.assess(lead, project, rating="amber", themes={}, reason="grown")
            line = m.SavingsLine.objects.create(
                project=project, reference=f"{ref}-S", title="s", full_year_effect=Decimal(1000)
            )
            m.SavingsMonth.objects.bulk_create(
                m.SavingsMonth(
                    line=line,
                    month=month,
                    plan=Decimal(rng.randint(0, 9000)),
                    actual=Decimal(rng.randint(0, 9000)) if month <= TODAY else None,
                )
                for month in savings.fy_months(YEAR) + savings.fy_months(YEAR + 1)
            )
            services.lock_report(lead, services.start_report(lead, project, TODAY))


def pages(small: Small) -> list[str]:
    slug = small.programme.slug
    return ["/programme/", f"/programme/{slug}/", f"/programme/{slug}/grown-0/", f"/api/programme/{slug}"]


def queries_per_page(client: Client, small: Small, capture: Any) -> dict[str, int]:
    counts = {}
    for url in pages(small):
        with capture() as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_page_queries_stay_bounded_as_the_programme_grows(
    small: Small,
    viewer_client: Client,
    django_assert_max_num_queries: Any,
    user_factory: Callable[..., Any],
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead = user_factory("programme_lead")
    grow(small, lead, 2)
    few = queries_per_page(viewer_client, small, lambda: CaptureQueriesContext(connection))
    grow(small, lead, 20, seed=2)
    for url, count in few.items():
        with django_assert_max_num_queries(count):
            assert viewer_client.get(url).status_code == 200, url
    assert max(few.values()) <= 20, few


def test_database_roll_up_agrees_with_the_ledger_rules(
    small: Small, user_factory: Callable[..., Any]
) -> None:
    grow(small, user_factory("programme_lead"), 6, seed=3)
    projects = m.Project.objects.filter(workstream__programme=small.programme)
    summed = ledger.totals_by_project(projects, YEAR, TODAY)
    for project in projects:
        expected = ledger.totals(ledger.project_lines(project), YEAR, TODAY)
        got = summed.get(project.pk, savings.Totals())
        for name in ("plan_year", "plan_ytd", "actual_ytd", "forecast_outturn", "risk_adjusted"):
            assert getattr(got, name) == pytest.approx(getattr(expected, name)), (project, name)
        assert got.next_year_plan == pytest.approx(expected.next_year_plan)
    view = overview.programme_overview(small.programme, TODAY)
    lines = [ln.analysis for ln in ledger.programme_lines(small.programme)]
    python = savings.gap_trajectory(lines, view.target, YEAR, TODAY)
    database = savings.gap_trajectory(
        ledger.trajectory_lines(small.programme, YEAR), view.target, YEAR, TODAY
    )
    for a, b in zip(python, database, strict=True):
        assert (a.month, a.actual is None) == (b.month, b.actual is None)
        assert (a.planned, a.risk_adjusted, a.actual or 0) == pytest.approx(
            (b.planned, b.risk_adjusted, b.actual or 0)
        )


def test_escalated_risks_are_those_at_the_board_score(small: Small, user_factory: Callable[..., Any]) -> None:
    grow(small, user_factory("programme_lead"), 6, seed=4)
    view = overview.programme_overview(small.programme, TODAY, with_charts=False)
    expected = [
        r.pk
        for r in m.RaidItem.objects.filter(
            project__workstream__programme=small.programme, kind="risk", status="open"
        )
        if r.escalation == "board"
    ]
    assert sorted(r.pk for r in view.escalated) == sorted(expected)
    assert [r.residual_score for r in view.escalated] == sorted(
        (r.residual_score for r in view.escalated), reverse=True
    )
