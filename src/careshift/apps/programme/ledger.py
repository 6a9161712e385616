"""The savings ledger read from the database into the pure rules of careshift.analysis.programme.savings.

One query per call (lines with their months and their project's stage), then everything is summed in
Python, so a programme's totals are by construction the sum of its projects' (tested by hypothesis).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from careshift.analysis.programme import savings
from careshift.apps.programme.models import Programme, Project, SavingsLine


@dataclass(frozen=True)
class LedgerLine:
    """A savings line as the analysis sees it, with the ids it rolls up by."""

    line: SavingsLine
    project_id: int
    workstream_id: int
    analysis: savings.Line


def _lines(queryset: QuerySet[SavingsLine]) -> list[LedgerLine]:
    rows = queryset.select_related("project__stage", "project__workstream").prefetch_related("months")
    result = []
    for line in rows:
        stage = line.project.stage
        weight = stage.weight if stage is not None else savings.DEFAULT_STAGE_WEIGHTS["idea"]
        plan = {m.month: float(m.plan) for m in line.months.all()}
        actual = {m.month: float(m.actual) for m in line.months.all() if m.actual is not None}
        result.append(
            LedgerLine(line, line.project_id, line.project.workstream_id, savings.Line(plan, actual, weight))
        )
    return result


def programme_lines(programme: Programme) -> list[LedgerLine]:
    return _lines(SavingsLine.objects.filter(project__workstream__programme=programme))


def project_lines(project: Project) -> list[LedgerLine]:
    return _lines(SavingsLine.objects.filter(project=project))


def current_year(today: dt.date | None = None) -> int:
    return savings.financial_year(today or dt.date.today())


def totals(lines: Iterable[LedgerLine], year: int, as_of: dt.date) -> savings.Totals:
    return savings.rollup(savings.line_totals(ln.analysis, year, as_of) for ln in lines)


def totals_by(lines: Iterable[LedgerLine], key: str, year: int, as_of: dt.date) -> dict[int, savings.Totals]:
    """Totals per ``project_id`` or ``workstream_id``."""
    grouped: dict[int, list[LedgerLine]] = defaultdict(list)
    for ln in lines:
        grouped[getattr(ln, key)].append(ln)
    return {k: totals(v, year, as_of) for k, v in grouped.items()}


def target_for(programme: Programme, year: int) -> float:
    target = programme.targets.filter(financial_year=year).first()
    return float(target.amount) if target else 0.0


def plan_by_year(lines: Iterable[LedgerLine]) -> dict[int, float]:
    """Planned savings per financial year (for the model range comparison)."""
    result: dict[int, float] = defaultdict(float)
    for ln in lines:
        for month, value in ln.analysis.plan.items():
            result[savings.financial_year(month)] += value
    return dict(result)
