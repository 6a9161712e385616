"""Programme API: programmes with their savings roll-up, projects with their status, locked reports."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from careshift.apps.accounts.api_auth import require
from careshift.apps.programme import overview, services
from careshift.apps.programme.models import Programme, Project, StatusReport

router = Router(tags=["programme"])


class TotalsOut(Schema):
    financial_year: str
    target: float
    plan_year: float
    plan_ytd: float
    actual_ytd: float
    variance_ytd: float
    forecast_outturn: float
    risk_adjusted: float
    unidentified_gap: float


class ProgrammeOut(Schema):
    slug: str
    name: str
    illustrative: bool
    savings: TotalsOut


class ProjectOut(Schema):
    id: int
    reference: str
    name: str
    workstream: str
    owner: str | None
    stage: str | None
    localities: list[str]
    confidence: str | None


class ReportOut(Schema):
    id: int
    period: str
    status: str
    locked_at: str | None
    snapshot: dict[str, Any] | None


def _programme_out(programme: Programme) -> dict[str, Any]:
    view = overview.programme_overview(programme, with_charts=False)
    t = view.totals
    return {
        "slug": programme.slug,
        "name": programme.name,
        "illustrative": programme.illustrative,
        "savings": {
            "financial_year": view.fy,
            "target": view.target,
            "plan_year": t.plan_year,
            "plan_ytd": t.plan_ytd,
            "actual_ytd": t.actual_ytd,
            "variance_ytd": t.variance_ytd,
            "forecast_outturn": t.forecast_outturn,
            "risk_adjusted": t.risk_adjusted,
            "unidentified_gap": view.gap,
        },
    }


@router.get("/", response=list[ProgrammeOut], summary="Programmes with their savings roll-up")
def programmes(request: HttpRequest) -> list[dict[str, Any]]:
    require(request, "programme.view")
    return [_programme_out(p) for p in Programme.objects.all()]


@router.get("/{slug}", response=ProgrammeOut, summary="One programme's savings roll-up")
def programme(request: HttpRequest, slug: str) -> dict[str, Any]:
    require(request, "programme.view")
    return _programme_out(get_object_or_404(Programme, slug=slug))


@router.get("/{slug}/projects", response=list[ProjectOut], summary="A programme's projects")
def projects(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    require(request, "programme.view")
    found = Project.objects.filter(workstream__programme__slug=slug).select_related(
        "workstream", "owner", "stage"
    )
    rated = overview.latest_ratings(found)
    return [
        {
            "id": p.pk,
            "reference": p.reference,
            "name": p.name,
            "workstream": p.workstream.name,
            "owner": p.owner.username if p.owner else None,
            "stage": p.stage.name if p.stage else None,
            "localities": p.localities,
            "confidence": rated.get(p.pk),
        }
        for p in found
    ]


@router.get("/projects/{pk}/reports", response=list[ReportOut], summary="A project's status reports")
def reports(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    require(request, "programme.view")
    project = get_object_or_404(Project, pk=pk)
    rows = StatusReport.objects.filter(project=project)
    return [
        {
            "id": r.pk,
            "period": r.period.isoformat(),
            "status": r.status,
            "locked_at": r.locked_at.isoformat() if r.locked_at else None,
            "snapshot": services.report_snapshot(r),
        }
        for r in rows
    ]
