"""The whole programme as an XLSX workbook: the tracker's sheets (which import again unchanged) and the
actions, decisions, benefits with their measurements, and resource costings; formulas in text are neutralised
by the toolkit."""

from __future__ import annotations

from typing import Any

from careshift.apps.programme import models as m
from careshift.apps.programme.tracker import MILESTONES, PROJECTS, RISKS, SAVINGS
from careshift.site.spreadsheets import Column, Table, TableSchema, template, to_xlsx

ACTIONS = TableSchema(
    "actions",
    title="Actions",
    columns=(
        Column("project", "Project"),
        Column("title", "Action"),
        Column("owner", "Owner"),
        Column("due", "Due", type="date"),
        Column("status", "Status"),
        Column("overdue", "Overdue", type="boolean"),
    ),
)
DECISIONS = TableSchema(
    "decisions",
    title="Decisions log",
    columns=(
        Column("project", "Project"),
        Column("decided_on", "Date", type="date"),
        Column("title", "Title"),
        Column("decision", "Decision"),
        Column("rationale", "Rationale"),
        Column("decided_by", "Decided by"),
    ),
)
BENEFITS = TableSchema(
    "benefits",
    title="Benefits register",
    columns=(
        Column("project", "Project"),
        Column("title", "Benefit"),
        Column("kind", "Kind"),
        Column("measure", "Measure"),
        Column("baseline", "Baseline", type="number"),
        Column("target", "Target", type="number"),
        Column("disbenefit", "Dis-benefit", type="boolean"),
        Column("owner", "Owner"),
    ),
)

BENEFIT_VALUES = TableSchema(
    "benefit_values",
    title="Benefit measurements",
    columns=(
        Column("project", "Project"),
        Column("benefit", "Benefit"),
        Column("date", "Date", type="date"),
        Column("planned", "Planned", type="number"),
        Column("realised", "Realised", type="number"),
    ),
)
COSTS = TableSchema(
    "costings",
    title="Resource costings",
    columns=(
        Column("project", "Project"),
        Column("description", "Description"),
        Column("kind", "Kind"),
        Column("staff_group", "Staff group"),
        Column("wte", "WTE", type="number"),
        Column("amount", "Cost in the year (£)", type="number"),
        Column("financial_year", "Financial year", type="integer"),
    ),
)


def _name(user: Any) -> str:
    return user.username if user is not None else ""


def tables(programme: m.Programme) -> list[Table]:
    scope = {"project__workstream__programme": programme}
    projects = m.Project.objects.filter(workstream__programme=programme).select_related(
        "workstream", "parent", "owner", "stage"
    )
    illustrative = programme.illustrative
    rows: dict[str, list[dict[str, Any]]] = {
        "projects": [
            {
                "reference": p.reference,
                "name": p.name,
                "workstream": p.workstream.name,
                "parent": p.parent.reference if p.parent else None,
                "owner": _name(p.owner),
                "localities": "; ".join(p.locality_names),
                "stage": p.stage.name if p.stage else None,
                "start_date": p.start_date,
                "end_date": p.end_date,
                "description": p.description,
            }
            for p in projects
        ],
        "milestones": [
            {
                "reference": x.reference,
                "project": x.project.reference,
                "name": x.name,
                "baseline": x.baseline,
                "forecast": x.forecast,
                "actual": x.actual,
            }
            for x in m.Milestone.objects.filter(**scope).select_related("project")
        ],
        "risks": [
            {
                "reference": r.reference,
                "project": r.project.reference,
                "kind": r.kind,
                "title": r.title,
                "owner": _name(r.owner),
                "inherent_likelihood": r.inherent_likelihood,
                "inherent_impact": r.inherent_impact,
                "residual_likelihood": r.residual_likelihood,
                "residual_impact": r.residual_impact,
                "mitigations": r.mitigations,
                "review_date": r.review_date,
                "status": r.status,
            }
            for r in m.RaidItem.objects.filter(**scope).select_related("project", "owner")
        ],
        "savings": [
            {
                "line": s.line.reference,
                "project": s.line.project.reference,
                "title": s.line.title,
                "category": s.line.category,
                "cash_releasing": s.line.cash_releasing,
                "recurrent": s.line.recurrent,
                "full_year_effect": float(s.line.full_year_effect),
                "confidence": s.line.confidence,
                "month": s.month,
                "plan": float(s.plan),
                "actual": None if s.actual is None else float(s.actual),
            }
            for s in m.SavingsMonth.objects.filter(line__project__workstream__programme=programme)
            .select_related("line__project")
            .order_by("line__reference", "month")
        ],
    }
    extra = [
        Table(
            ACTIONS,
            [
                {
                    "project": a.project.reference,
                    "title": a.title,
                    "owner": _name(a.owner),
                    "due": a.due,
                    "status": a.status,
                    "overdue": a.overdue,
                }
                for a in m.Action.objects.filter(**scope).select_related("project", "owner")
            ],
            illustrative=illustrative,
        ),
        Table(
            DECISIONS,
            [
                {
                    "project": d.project.reference,
                    "decided_on": d.decided_on,
                    "title": d.title,
                    "decision": d.decision,
                    "rationale": d.rationale,
                    "decided_by": d.decided_by,
                }
                for d in m.Decision.objects.filter(**scope).select_related("project")
            ],
            illustrative=illustrative,
        ),
        Table(
            BENEFITS,
            [
                {
                    "project": b.project.reference,
                    "title": b.title,
                    "kind": b.kind,
                    "measure": b.measure,
                    "baseline": b.baseline,
                    "target": b.target,
                    "disbenefit": b.disbenefit,
                    "owner": _name(b.owner),
                }
                for b in m.Benefit.objects.filter(**scope).select_related("project", "owner")
            ],
            illustrative=illustrative,
        ),
        Table(
            BENEFIT_VALUES,
            [
                {
                    "project": v.benefit.project.reference,
                    "benefit": v.benefit.title,
                    "date": v.date,
                    "planned": v.planned,
                    "realised": v.realised,
                }
                for v in m.BenefitValue.objects.filter(
                    benefit__project__workstream__programme=programme
                ).select_related("benefit__project")
            ],
            illustrative=illustrative,
        ),
        Table(
            COSTS,
            [
                {
                    "project": c.project.reference,
                    "description": c.description,
                    "kind": c.get_kind_display(),
                    "staff_group": c.staff_group,
                    "wte": float(c.wte) if c.wte is not None else None,
                    "amount": float(c.amount),
                    "financial_year": c.financial_year,
                }
                for c in m.ResourceCost.objects.filter(**scope).select_related("project")
            ],
            illustrative=illustrative,
        ),
    ]
    sheets = [
        Table(schema, rows[schema.name], illustrative=illustrative)
        for schema in (PROJECTS, MILESTONES, RISKS, SAVINGS)
    ]
    return sheets + extra


def workbook(programme: m.Programme) -> bytes:
    return to_xlsx(tables(programme))


def template_workbook() -> bytes:
    """The empty tracker: one sheet per table, headers with notes and drop-downs."""
    return to_xlsx([template(schema) for schema in (PROJECTS, MILESTONES, RISKS, SAVINGS)])
