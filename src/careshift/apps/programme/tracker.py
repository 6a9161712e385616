"""The programme tracker workbook: its sheets (projects, milestones, risks, savings) declared once for
import and export with the platform's spreadsheet toolkit (careshift.site.spreadsheets)."""

from __future__ import annotations

from careshift.apps.programme import models as m
from careshift.site.spreadsheets import Column, TableSchema

LEVEL = {"type": "integer", "minimum": 1, "maximum": 5}
RAID_KINDS = dict(m.RaidItem.Kind.choices)

PROJECTS = TableSchema(
    "projects",
    title="Projects",
    reference="reference",
    description="One row a project; re-importing matches rows by reference.",
    columns=(
        Column("reference", "Reference", required=True, help="A short unique code, e.g. WIT-01."),
        Column("name", "Name", required=True),
        Column("workstream", "Workstream", required=True, help="The workstream's name or short name."),
        Column("parent", "Part of", help="The reference of the project this is a sub-project of."),
        Column("owner", "Owner (SRO)", help="The owner's careshift username."),
        Column("localities", "Localities", help="Locality codes or names separated by ';' (blank: county)."),
        Column("stage", "Stage", help="The lifecycle stage's name or key; moves are not gated on import."),
        Column("start_date", "Start date", type="date"),
        Column("end_date", "End date", type="date"),
        Column("description", "Description"),
    ),
)
MILESTONES = TableSchema(
    "milestones",
    title="Milestones",
    reference="reference",
    columns=(
        Column("reference", "Reference", required=True),
        Column("project", "Project", required=True, help="The project's reference."),
        Column("name", "Name", required=True),
        Column("baseline", "Baseline date", type="date", required=True),
        Column("forecast", "Forecast date", type="date", required=True),
        Column("actual", "Actual date", type="date"),
    ),
)
RISKS = TableSchema(
    "risks",
    title="RAID log",
    reference="reference",
    columns=(
        Column("reference", "Reference", required=True),
        Column("project", "Project", required=True, help="The project's reference."),
        Column("kind", "Kind", type="choice", choices=RAID_KINDS, required=True),
        Column("title", "Title", required=True),
        Column("owner", "Owner", help="A careshift username."),
        Column("inherent_likelihood", "Inherent likelihood", required=True, **LEVEL),  # type: ignore[arg-type]
        Column("inherent_impact", "Inherent impact", required=True, **LEVEL),  # type: ignore[arg-type]
        Column("residual_likelihood", "Residual likelihood", required=True, **LEVEL),  # type: ignore[arg-type]
        Column("residual_impact", "Residual impact", required=True, **LEVEL),  # type: ignore[arg-type]
        Column("mitigations", "Mitigations"),
        Column("review_date", "Review date", type="date"),
        Column("status", "Status", type="choice", choices=dict(m.RaidItem.Status.choices)),
    ),
)
SAVINGS = TableSchema(
    "savings",
    title="Savings ledger",
    description="One row per savings line per month (the line's details repeat on each of its rows); "
    "rows are matched on re-import by line and month.",
    max_rows=20_000,
    columns=(
        Column("line", "Savings line", required=True, help="The line's reference."),
        Column("project", "Project", required=True, help="The project's reference."),
        Column("title", "Title", required=True),
        Column("category", "Category", type="choice", choices=dict(m.SavingsLine.Category.choices)),
        Column("cash_releasing", "Cash-releasing", type="boolean"),
        Column("recurrent", "Recurrent", type="boolean"),
        Column("full_year_effect", "Full-year effect", type="money", required=True, minimum=0),
        Column("confidence", "Confidence", type="choice", choices=dict(m.SavingsLine.Confidence.choices)),
        Column("month", "Month", type="date", required=True, help="Any day in the month."),
        Column("plan", "Plan", type="money", required=True),
        Column("actual", "Actual", type="money"),
    ),
)
SHEETS = (PROJECTS, MILESTONES, RISKS, SAVINGS)
