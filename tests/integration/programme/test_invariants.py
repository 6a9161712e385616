"""Property tests through the database: a programme's totals are the sum of its projects'; a locked
snapshot never changes whatever is edited afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careshift.analysis.programme import savings
from careshift.apps.programme import ledger, overview, services
from careshift.apps.programme.models import (
    Milestone,
    Project,
    RaidItem,
    SavingsLine,
    SavingsMonth,
    StatusReport,
)
from tests.integration.programme.conftest import TODAY, Small

YEAR = savings.financial_year(TODAY)
MONTHS = savings.fy_months(YEAR)
amounts = st.integers(min_value=0, max_value=500_000)
SETTINGS = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(MONTHS), amounts, amounts), max_size=6), min_size=1, max_size=4
    )
)
def test_programme_totals_equal_the_sum_of_its_projects(
    small: Small, projects: list[list[tuple[Any, int, int]]]
) -> None:
    with transaction.atomic():
        for k, months in enumerate(projects):
            project = Project.objects.create(
                workstream=small.workstream,
                reference=f"H-{k}",
                name=f"H{k}",
                stage=small.programme.stages.order_by("?").first(),
            )
            line = SavingsLine.objects.create(
                project=project, reference=f"H-{k}-S", title="x", full_year_effect=1
            )
            for month, plan, actual in dict((m, (m, p, a)) for m, p, a in months).values():
                SavingsMonth.objects.create(
                    line=line, month=month, plan=Decimal(plan), actual=Decimal(actual)
                )
        view = overview.programme_overview(small.programme, TODAY, with_charts=False)
        per_project = savings.rollup(
            ledger.totals(ledger.project_lines(p), YEAR, TODAY)
            for p in Project.objects.filter(workstream__programme=small.programme)
        )
        per_workstream = savings.rollup(row.totals for row in view.workstreams)
        for name in ("plan_year", "plan_ytd", "actual_ytd", "forecast_outturn", "risk_adjusted"):
            assert getattr(view.totals, name) == pytest.approx(getattr(per_project, name))
            assert getattr(view.totals, name) == pytest.approx(getattr(per_workstream, name))
        transaction.set_rollback(True)


edits = st.lists(
    st.sampled_from(["rename", "slip", "risk", "actual", "close", "delete_milestone", "rate"]),
    min_size=1,
    max_size=6,
)


def _apply(edit: str, small: Small, lead: Any, n: int) -> None:
    project = small.project
    if edit == "rename":
        Project.objects.filter(pk=project.pk).update(name=f"Renamed {n}")
    elif edit == "slip":
        Milestone.objects.filter(project=project).update(forecast=dt.date(2040, 1, n % 28 + 1))
    elif edit == "risk":
        RaidItem.objects.create(
            project=project, reference=f"X-{n}", title="new", residual_likelihood=5, residual_impact=5
        )
    elif edit == "actual":
        SavingsMonth.objects.filter(line=small.line).update(actual=Decimal(n * 1000))
    elif edit == "close":
        RaidItem.objects.filter(project=project).update(status="closed")
    elif edit == "delete_milestone":
        Milestone.objects.filter(project=project).delete()
    else:
        services.assess(lead, project, rating="red", themes={}, reason=f"override {n}")


@SETTINGS
@given(edits)
def test_locking_freezes_the_snapshot(
    small: Small, user_factory: Callable[..., Any], changes: list[str]
) -> None:
    with transaction.atomic():
        lead = user_factory("programme_lead")
        report = services.start_report(lead, small.project, TODAY)
        services.lock_report(lead, report)
        frozen = StatusReport.objects.get(pk=report.pk).snapshot
        for n, edit in enumerate(changes):
            _apply(edit, small, lead, n)
        small.project.refresh_from_db()
        fresh = StatusReport.objects.get(pk=report.pk)
        assert fresh.snapshot == frozen
        assert services.report_snapshot(fresh) == frozen
        transaction.set_rollback(True)
