"""What the programme, workstream and project pages show, gathered in a few queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from careshift.analysis.programme import model_range, ratings, savings
from careshift.apps.programme import charts, ledger
from careshift.apps.programme.models import (
    BoardMeeting,
    ConfidenceAssessment,
    Programme,
    Project,
    RaidItem,
    StatusReport,
    Workstream,
)
from careshift.site.charts import ChartBlock


@dataclass
class Row:
    """One project or workstream line in a table: its rating and savings totals."""

    obj: Any
    totals: savings.Totals
    confidence: str | None = None
    projects: int = 0


@dataclass
class ProgrammeOverview:
    programme: Programme
    year: int
    as_of: dt.date
    totals: savings.Totals
    target: float
    workstreams: list[Row]
    confidence_counts: dict[str, int]
    escalated: list[RaidItem]
    next_meeting: BoardMeeting | None
    reports_due: list[Project]
    charts: list[ChartBlock] = field(default_factory=list)

    @property
    def gap(self) -> float:
        return savings.unidentified_gap(self.target, self.totals.plan_year)

    @property
    def fy(self) -> str:
        return savings.fy_label(self.year)


def latest_ratings(projects: Any) -> dict[int, str]:
    """Each project's latest delivery confidence rating (one query)."""
    rows = ConfidenceAssessment.objects.filter(project__in=projects).order_by(
        "project_id", "assessed_at", "pk"
    )
    return dict(rows.values_list("project_id", "rating"))


def reports_due(programme: Programme, period: dt.date) -> list[Project]:
    """Projects with no locked report for the month of ``period``."""
    locked = StatusReport.objects.filter(
        programme=programme,
        period=period.replace(day=1),
        status=StatusReport.Status.LOCKED,
        project__isnull=False,
    )
    return list(
        Project.objects.filter(workstream__programme=programme)
        .exclude(pk__in=locked.values("project_id"))
        .select_related("owner", "workstream")
    )


def programme_overview(
    programme: Programme, as_of: dt.date | None = None, with_charts: bool = True
) -> ProgrammeOverview:
    as_of = as_of or dt.date.today()
    year = savings.financial_year(as_of)
    lines = ledger.programme_lines(programme)
    by_ws = ledger.totals_by(lines, "workstream_id", year, as_of)
    projects = Project.objects.filter(workstream__programme=programme)
    rated = latest_ratings(projects)
    per_ws = Counter(projects.values_list("workstream_id", flat=True))
    workstreams = [
        Row(ws, by_ws.get(ws.pk, savings.Totals()), projects=per_ws.get(ws.pk, 0))
        for ws in programme.workstreams.select_related("lead")
    ]
    risks = RaidItem.objects.filter(
        project__workstream__programme=programme, kind=RaidItem.Kind.RISK, status=RaidItem.Status.OPEN
    ).select_related("project__workstream__programme", "owner")
    open_risks = list(risks)
    escalated = sorted((r for r in open_risks if r.escalation == "board"), key=lambda r: -r.residual_score)
    overview = ProgrammeOverview(
        programme=programme,
        year=year,
        as_of=as_of,
        totals=ledger.totals(lines, year, as_of),
        target=ledger.target_for(programme, year),
        workstreams=workstreams,
        confidence_counts=dict(Counter(rated.values())),
        escalated=escalated,
        next_meeting=programme.meetings.filter(date__gte=as_of).first(),
        reports_due=reports_due(programme, as_of),
    )
    if with_charts:
        overview.charts = programme_charts(
            programme, lines, overview, [(r.residual_likelihood, r.residual_impact) for r in open_risks]
        )
    return overview


def programme_charts(
    programme: Programme,
    lines: list[ledger.LedgerLine],
    overview: ProgrammeOverview,
    positions: list[tuple[int, int]],
) -> list[ChartBlock]:
    base = f"/programme/{programme.slug}/chart"
    points = savings.gap_trajectory(
        [ln.analysis for ln in lines], overview.target, overview.year, overview.as_of
    )
    trajectory = charts.trajectory_table(points)
    heat = charts.heat_table(positions)
    return [
        ChartBlock(
            "trajectory",
            f"Savings against the {overview.fy} target: the unidentified gap",
            trajectory,
            f"{base}/trajectory.csv",
            spec=charts.trajectory_chart(trajectory),
            description="Cumulative by month. The gap is the target minus the identified plan.",
        ),
        ChartBlock(
            "heatmap",
            "Open risks by residual likelihood and impact",
            heat,
            f"{base}/heatmap.csv",
            spec=charts.heat_chart(heat),
        ),
    ]


def workstream_rows(workstream: Workstream, as_of: dt.date) -> list[Row]:
    year = savings.financial_year(as_of)
    projects = list(workstream.projects.select_related("owner", "stage", "parent"))
    lines = [ln for ln in ledger.programme_lines(workstream.programme) if ln.workstream_id == workstream.pk]
    by_project = ledger.totals_by(lines, "project_id", year, as_of)
    rated = latest_ratings(projects)
    return [Row(p, by_project.get(p.pk, savings.Totals()), rated.get(p.pk)) for p in projects]


def project_queryset() -> Any:
    return Project.objects.select_related(
        "workstream__programme", "owner", "stage", "parent", "scenario"
    ).prefetch_related("assignees", "depends_on", Prefetch("milestones"))


@dataclass
class ProjectView:
    project: Project
    as_of: dt.date
    totals: savings.Totals
    suggestion: ratings.Suggestion
    assessment: ConfidenceAssessment | None
    lines: list[tuple[Any, savings.Totals]]
    range_checks: list[model_range.RangeCheck]
    range_note: str
    charts: list[ChartBlock]

    @property
    def year(self) -> int:
        return savings.financial_year(self.as_of)

    @property
    def fy(self) -> str:
        return savings.fy_label(self.year)


def project_view(project: Project, as_of: dt.date | None = None) -> ProjectView:
    from careshift.apps.programme import modelrange, status

    as_of = as_of or dt.date.today()
    year = savings.financial_year(as_of)
    lines = ledger.project_lines(project)
    checks, note = modelrange.checks_for(project, ledger.plan_by_year(lines))
    milestones = charts.slippage_table(status._milestones(project))
    base = f"/programme/projects/{project.pk}/chart"
    blocks = []
    if len(milestones):
        blocks.append(
            ChartBlock(
                "slippage",
                "Milestone slippage against baseline",
                milestones,
                f"{base}/slippage.csv",
                spec=charts.slippage_chart(milestones),
            )
        )
    if checks:
        table = charts.range_table(checks)
        blocks.append(
            ChartBlock(
                "model-range",
                "Planned saving beside the model's P10-P90",
                table,
                f"{base}/model-range.csv",
                spec=charts.range_chart(table),
                description=note,
            )
        )
    return ProjectView(
        project=project,
        as_of=as_of,
        totals=ledger.totals(lines, year, as_of),
        suggestion=status.suggestion_for(project, as_of),
        assessment=status.latest_assessment(project),
        lines=[(ln.line, savings.line_totals(ln.analysis, year, as_of)) for ln in lines],
        range_checks=checks,
        range_note=note,
        charts=blocks,
    )
