"""The savings ledger read from the database into the pure rules of careshift.analysis.programme.savings.

Two ways in, with the same definitions:

- :func:`project_lines` / :func:`programme_lines` load lines with their months (one query each) for the
  rules in Python: a project's page, its status snapshot, the export;
- :func:`totals_by_project` and :func:`trajectory_lines` sum the months **in the database** (one
  grouped query each, a row per project or per month), for the dashboard and programme pages, which
  would otherwise load every monthly row of every line on each request. A programme's totals are the
  sum of its projects' either way (tested by hypothesis against the Python path).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum

from careshift.analysis.programme import savings
from careshift.apps.programme.models import Programme, Project, SavingsLine, SavingsMonth


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


def _months_in(months: list[dt.date]) -> Q:
    return Q(month__in=months) if months else Q(pk__isnull=True)  # no months: matches nothing


def _weight(value: float | None) -> float:
    return savings.DEFAULT_STAGE_WEIGHTS["idea"] if value is None else float(value)


def totals_by_project(projects: QuerySet[Project], year: int, as_of: dt.date) -> dict[int, savings.Totals]:
    """Each project's totals for financial year ``year`` at ``as_of``, summed in the database (two
    queries whatever the size of the programme). Projects with no savings months are left out."""
    months, ahead = savings.fy_months(year), savings.fy_months(year + 1)
    elapsed = [mo for mo in months if mo <= savings.month_of(as_of)]
    to_come = [mo for mo in months if mo > savings.month_of(as_of)]
    sums = (
        SavingsMonth.objects.filter(line__project__in=projects, month__in=months + ahead)
        .order_by()
        .values("line__project_id")
        .annotate(
            plan_year=Sum("plan", filter=_months_in(months)),
            plan_ytd=Sum("plan", filter=_months_in(elapsed)),
            actual_ytd=Sum("actual", filter=_months_in(elapsed)),
            to_come=Sum("plan", filter=_months_in(to_come)),
            next_year=Sum("plan", filter=_months_in(ahead)),
        )
    )
    weights = dict(projects.values_list("pk", "stage__weight"))
    result = {}
    for row in sums:
        pk = row["line__project_id"]
        value = {
            k: float(row[k] or 0) for k in ("plan_year", "plan_ytd", "actual_ytd", "to_come", "next_year")
        }
        result[pk] = savings.Totals(
            plan_year=value["plan_year"],
            plan_ytd=value["plan_ytd"],
            actual_ytd=value["actual_ytd"],
            forecast_outturn=value["actual_ytd"] + value["to_come"],
            risk_adjusted=value["plan_year"] * _weight(weights.get(pk)),
            next_year_plan=value["next_year"],
        )
    return result


def trajectory_lines(programme: Programme, year: int) -> list[savings.Line]:
    """The programme's plan and actuals for the year as one line per stage weight, month by month
    (summed in the database), which is all :func:`savings.gap_trajectory` needs."""
    rows = (
        SavingsMonth.objects.filter(
            line__project__workstream__programme=programme, month__in=savings.fy_months(year)
        )
        .order_by()
        .values("month", "line__project__stage__weight")
        .annotate(plan=Sum("plan"), actual=Sum("actual"))
    )
    plans: dict[float, dict[dt.date, float]] = defaultdict(dict)
    actuals: dict[float, dict[dt.date, float]] = defaultdict(dict)
    for row in rows:
        weight = _weight(row["line__project__stage__weight"])
        month = row["month"]
        plans[weight][month] = plans[weight].get(month, 0.0) + float(row["plan"] or 0)
        if row["actual"] is not None:
            actuals[weight][month] = actuals[weight].get(month, 0.0) + float(row["actual"])
    return [savings.Line(plans[w], actuals.get(w, {}), w) for w in sorted(plans)]
