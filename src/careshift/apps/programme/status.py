"""A project's status from its live records: the facts careshift rates, its suggestion, and the snapshot
that a status report freezes when it is locked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from careshift.analysis.programme import ratings, savings, workstreams
from careshift.apps.programme import ledger
from careshift.apps.programme.models import ConfidenceAssessment, Project, RaidItem, Workstream


def facts_for(project: Project, as_of: dt.date) -> ratings.DeliveryFacts:
    year = savings.financial_year(as_of)
    totals = ledger.totals(ledger.project_lines(project), year, as_of)
    open_milestones = [m for m in project.milestones.all() if m.actual is None]
    open_risks = project.raid_items.filter(kind=RaidItem.Kind.RISK, status=RaidItem.Status.OPEN)
    overdue = project.actions.filter(status="open", due__lt=as_of).count()
    return ratings.DeliveryFacts(
        milestone_slippage_days=tuple(m.slippage_days for m in open_milestones),
        savings_plan_ytd=totals.plan_ytd,
        savings_actual_ytd=totals.actual_ytd,
        overdue_actions=overdue,
        open_risk_scores=tuple(r.residual_score for r in open_risks),
    )


def suggestion_for(project: Project, as_of: dt.date | None = None) -> ratings.Suggestion:
    return ratings.suggest(facts_for(project, as_of or dt.date.today()))


def latest_assessment(project: Project) -> ConfidenceAssessment | None:
    return project.assessments.first()


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _milestones(project: Project) -> list[dict[str, Any]]:
    return [
        {
            "ref": m.reference,
            "name": m.name,
            "baseline": _iso(m.baseline),
            "forecast": _iso(m.forecast),
            "actual": _iso(m.actual),
            "slippage_days": m.slippage_days,
            "status": m.status,
        }
        for m in project.milestones.all()
    ]


def _risks(project: Project) -> list[dict[str, Any]]:
    items = project.raid_items.filter(kind__in=[RaidItem.Kind.RISK, RaidItem.Kind.ISSUE]).select_related(
        "owner"
    )
    return [
        {
            "ref": r.reference,
            "title": r.title,
            "kind": r.kind,
            "inherent_score": r.inherent_score,
            "residual_score": r.residual_score,
            "residual": [r.residual_likelihood, r.residual_impact],
            "status": r.status,
            "escalation": r.escalation,
            "owner": _person(r.owner),
            "mitigations": r.mitigations,
        }
        for r in items
    ]


def _savings(project: Project, as_of: dt.date) -> dict[str, Any]:
    year = savings.financial_year(as_of)
    totals = ledger.totals(ledger.project_lines(project), year, as_of)
    return {
        "financial_year": year,
        "plan_year": totals.plan_year,
        "plan_ytd": totals.plan_ytd,
        "actual_ytd": totals.actual_ytd,
        "variance_ytd": totals.variance_ytd,
        "forecast_outturn": totals.forecast_outturn,
        "risk_adjusted": totals.risk_adjusted,
        "next_year_plan": totals.next_year_plan,
    }


def _rating(project: Project, suggestion: ratings.Suggestion) -> dict[str, Any]:
    assessment = latest_assessment(project)
    themes = {k: v.value for k, v in suggestion.themes.items()}
    if assessment is None:
        return {
            "confidence": suggestion.confidence.value,
            "trend": ratings.Trend.NEW.value,
            "reason": "careshift's suggestion (no one has rated this project yet)",
            "themes": themes,
        }
    return {
        "confidence": assessment.rating,
        "trend": assessment.trend,
        "reason": assessment.reason,
        "themes": {**themes, **assessment.themes},
    }


def project_snapshot(project: Project, as_of: dt.date, commentary: str = "") -> dict[str, Any]:
    """Everything a status report shows about one project, as plain JSON-able data."""
    suggestion = suggestion_for(project, as_of)
    overdue = project.actions.filter(status="open", due__lt=as_of).select_related("owner")
    return {
        "kind": "project",
        "id": project.pk,
        "ref": project.reference,
        "name": project.name,
        "workstream": project.workstream.name,
        "owner": _person(project.owner),
        "stage": project.stage.name if project.stage else "",
        "as_of": as_of.isoformat(),
        "localities": project.locality_names,
        **_rating(project, suggestion),
        "suggested": {"confidence": suggestion.confidence.value, "reasons": list(suggestion.reasons)},
        "milestones": _milestones(project),
        "risks": _risks(project),
        "overdue_actions": [
            {"title": a.title, "owner": _person(a.owner), "due": _iso(a.due)} for a in overdue
        ],
        "savings": _savings(project, as_of),
        "benefits": [
            {"title": b.title, "kind": b.kind, "measure": b.measure, "target": b.target}
            for b in project.benefits.all()
        ],
        "decisions": [
            {"title": d.title, "decision": d.decision, "on": _iso(d.decided_on)}
            for d in project.decisions.all()[:5]
        ],
        "commentary": commentary,
    }


def workstream_snapshot(workstream: Workstream, as_of: dt.date, commentary: str = "") -> dict[str, Any]:
    """A workstream's report: each project's snapshot, with the savings summed and the worst rating."""
    projects = [project_snapshot(p, as_of) for p in workstream.projects.select_related("stage", "owner")]
    money = {
        k: sum(p["savings"][k] for p in projects)
        for k in (
            "plan_year",
            "plan_ytd",
            "actual_ytd",
            "variance_ytd",
            "forecast_outturn",
            "risk_adjusted",
            "next_year_plan",
        )
    }
    worst = workstreams.worst_confidence(ratings.Confidence(p["confidence"]) for p in projects)
    themes = {k: v.value for k, v in workstreams.worst_themes(p["themes"] for p in projects).items()}
    return {
        "kind": "workstream",
        "id": workstream.pk,
        "ref": workstream.slug,
        "name": workstream.name,
        "lead": _person(workstream.lead),
        "as_of": as_of.isoformat(),
        "confidence": worst.value,
        "reason": "the lowest delivery confidence of its projects; each theme the worst of its projects",
        "themes": themes,
        "projects": projects,
        "savings": {"financial_year": savings.financial_year(as_of), **money},
        "milestones": [{**m, "ref": f"{p['ref']}/{m['ref']}"} for p in projects for m in p["milestones"]],
        "risks": [{**r, "ref": f"{p['ref']}/{r['ref']}"} for p in projects for r in p["risks"]],
        "commentary": commentary,
    }
