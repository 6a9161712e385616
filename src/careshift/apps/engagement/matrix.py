"""The meetings matrix (stakeholder x month, as the 2016 engagement plan's appendix) and its import.

An upload is long (one row per cell: stakeholder, month, detail) through the shared spreadsheet
toolkit, so every bad row is reported by row and column and nothing is saved from a file with errors;
re-importing the same file changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from careshift.apps.engagement.models import Activity, Stakeholder
from careshift.errors import UploadError
from careshift.site.spreadsheets import Column, TableSchema

ACTIVITIES = TableSchema(
    "activities",
    title="Engagement plan: meetings matrix",
    columns=(
        Column("stakeholder", "Stakeholder", required=True, help="A name in the stakeholder register."),
        Column("month", "Month", type="date", required=True, help="Any day in the month, e.g. 2026-10-01."),
        Column("detail", "Dates and notes", required=True, help="e.g. '1, 15 (Public event)'."),
    ),
)


def months_between(first: date, last: date) -> list[date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def matrix(first: date, last: date) -> tuple[list[date], list[tuple[Stakeholder, list[str]]]]:
    months = months_between(first, last)
    cells: dict[int, dict[date, str]] = {}
    for a in Activity.objects.filter(month__gte=months[0], month__lte=months[-1]):
        cells.setdefault(a.stakeholder_id, {})[a.month] = a.detail
    people = (
        Stakeholder.objects.filter(pk__in=cells)
        .select_related("category")
        .order_by("category__order", "name")
    )
    return months, [(s, [cells[s.pk].get(m, "") for m in months]) for s in people]


def apply_import(records: list[dict[str, Any]]) -> dict[str, int]:
    """Save validated rows; unknown stakeholders are an error naming the row (nothing saved)."""
    names = {s.name.casefold(): s for s in Stakeholder.objects.all()}
    missing = [
        (i, r["stakeholder"])
        for i, r in enumerate(records, start=2)
        if r["stakeholder"].casefold() not in names
    ]
    if missing:
        rows = "; ".join(f"row {i}: {name!r}" for i, name in missing[:10])
        raise UploadError(
            f"Stakeholders not in the register: {rows}.",
            hint="Add them to the register first, or correct the names.",
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for r in records:
            who, month = names[r["stakeholder"].casefold()], r["month"].replace(day=1)
            cell, created = Activity.objects.get_or_create(
                stakeholder=who, month=month, defaults={"detail": r["detail"]}
            )
            if created:
                counts["created"] += 1
            elif cell.detail != r["detail"]:
                cell.detail = r["detail"]
                cell.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts
