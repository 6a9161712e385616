"""What the programme, workstream and project pages show, gathered in a few queries."""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd
from django.db.models import F, Prefetch

from careshift.analysis.programme import model_range, ratings, savings
from careshift.apps.programme import charts, freshness, ledger
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
    charts: list[ChartBlock] = field(default_factory=list)

    @cached_property
    def reports_due(self) -> list[Project]:
        """Projects with no locked report for this month (queried only by the pages that show it)."""
        return reports_due(self.programme, self.as_of)

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
    """The programme's roll-up, summed in the database: a fixed number of queries however many
    projects, milestones, risks and savings months it has (tests/integration/programme/test_queries.py)."""
    as_of = as_of or dt.date.today()
    year = savings.financial_year(as_of)
    projects = Project.objects.filter(workstream__programme=programme)
    by_project = ledger.totals_by_project(projects, year, as_of)
    per_ws: dict[int, list[int]] = defaultdict(list)
    for pk, ws_id in projects.values_list("pk", "workstream_id"):
        per_ws[ws_id].append(pk)
    workstreams = []
    for ws in programme.workstreams.select_related("lead"):
        ws.programme = programme  # its link needs the programme's slug: no query per workstream
        members = per_ws.get(ws.pk, [])
        totals = savings.rollup(by_project[pk] for pk in members if pk in by_project)
        workstreams.append(Row(ws, totals, projects=len(members)))
    overview = ProgrammeOverview(
        programme=programme,
        year=year,
        as_of=as_of,
        totals=savings.rollup(by_project.values()),
        target=ledger.target_for(programme, year),
        workstreams=workstreams,
        confidence_counts=dict(Counter(latest_ratings(projects).values())),
        escalated=escalated_risks(programme),
        next_meeting=programme.meetings.filter(date__gte=as_of).first(),
    )
    if with_charts:
        overview.charts = programme_charts(programme, overview)
    return overview


def cached_overview(programme: Programme, with_charts: bool = True) -> ProgrammeOverview:
    """:func:`programme_overview` for today, remembered while the programme's data is unchanged
    (careshift.apps.programme.freshness); with the charts, the reports due are gathered too."""

    def make() -> ProgrammeOverview:
        view = programme_overview(programme, with_charts=with_charts)
        if with_charts:
            view.reports_due  # noqa: B018 (gathered now, so the remembered view needs no query)
        return view

    return freshness.remember(("programme-overview", programme.pk, with_charts), make)


def open_risks(programme: Programme) -> Any:
    return RaidItem.objects.filter(
        project__workstream__programme=programme, kind=RaidItem.Kind.RISK, status=RaidItem.Status.OPEN
    )


def escalated_risks(programme: Programme) -> list[RaidItem]:
    """Open risks whose residual score reaches the board's escalation score, highest first."""
    risks = (
        open_risks(programme)
        .alias(score=F("residual_likelihood") * F("residual_impact"))
        .filter(score__gte=programme.escalate_to_board_at)
        .select_related("project__workstream__programme", "owner")
    )
    return sorted(risks, key=lambda r: (-r.residual_score, -r.pk))


def workstream_escalated(workstream: Workstream) -> list[RaidItem]:
    """Open risks of the workstream's projects whose residual score reaches the programme's score for
    going to the workstream lead (those at the board's score too), highest first."""
    risks = (
        RaidItem.objects.filter(
            project__workstream=workstream, kind=RaidItem.Kind.RISK, status=RaidItem.Status.OPEN
        )
        .alias(score=F("residual_likelihood") * F("residual_impact"))
        .filter(score__gte=workstream.programme.escalate_to_workstream_at)
        .select_related("project__workstream__programme", "owner")
    )
    return sorted(risks, key=lambda r: (-r.residual_score, -r.pk))


_SPECS: OrderedDict[tuple[str, tuple[str, ...], str], dict[str, Any]] = OrderedDict()
_SPECS_LOCK = threading.Lock()


def cached_spec(make: Callable[..., dict[str, Any]], table: pd.DataFrame, *args: str) -> dict[str, Any]:
    """``make(table, *args)``, remembered by the table's contents and the arguments (building a spec with
    Altair takes tens of milliseconds; the tables behind the programme's charts change only when its data
    does)."""
    key = (make.__qualname__, args, table.to_csv(index=False))
    with _SPECS_LOCK:
        spec = _SPECS.get(key)
        if spec is not None:
            _SPECS.move_to_end(key)
            return copy.deepcopy(spec)
    spec = make(table, *args)
    with _SPECS_LOCK:
        _SPECS[key] = copy.deepcopy(spec)
        while len(_SPECS) > 128:
            _SPECS.popitem(last=False)
    return spec


def programme_charts(programme: Programme, overview: ProgrammeOverview) -> list[ChartBlock]:
    base = f"/programme/{programme.slug}/chart"
    points = savings.gap_trajectory(
        ledger.trajectory_lines(programme, overview.year), overview.target, overview.year, overview.as_of
    )
    trajectory = charts.trajectory_table(points)
    positions = open_risks(programme).values_list("residual_likelihood", "residual_impact")
    heat = charts.heat_table(list(positions))
    return [
        ChartBlock(
            "trajectory",
            f"Savings against the {overview.fy} target: the unidentified gap",
            trajectory,
            f"{base}/trajectory.csv",
            spec=cached_spec(charts.trajectory_chart, trajectory, programme.name, overview.fy),
            description="Cumulative by month. The gap is the target minus the identified plan.",
        ),
        ChartBlock(
            "heatmap",
            "Open risks by residual likelihood and impact",
            heat,
            f"{base}/heatmap.csv",
            spec=cached_spec(charts.heat_chart, heat, programme.name),
        ),
    ]


def workstream_rows(workstream: Workstream, as_of: dt.date) -> list[Row]:
    year = savings.financial_year(as_of)
    projects = list(workstream.projects.select_related("owner", "stage", "parent"))
    by_project = ledger.totals_by_project(workstream.projects.all(), year, as_of)
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
                spec=charts.slippage_chart(milestones, str(project)),
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
                spec=charts.range_chart(table, str(project)),
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
