"""Saving a valid tracker import (see transfer.py): every row in one transaction, or none."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F

from careshift.apps.accounts import audit
from careshift.apps.programme import models as m
from careshift.apps.programme.transfer import TrackerImport
from careshift.errors import ValidationError
from careshift.site.spreadsheets import PlannedRow

ACTIVE = ("create", "update")


def _users() -> dict[str, Any]:
    return {u.username.casefold(): u for u in get_user_model().objects.all()}


@transaction.atomic
def save(user: Any, result: TrackerImport, filename: str = "") -> dict[str, dict[str, int]]:
    """Create and update what the plans say; return the counts per sheet. Refuses an invalid import."""
    if not result.is_valid:
        raise ValidationError(
            "This file has errors, so nothing was saved.", hint="Fix the listed cells and upload again."
        )
    programme, users = result.programme, _users()
    plans = result.plans
    if "projects" in plans:
        _projects(user, programme, plans["projects"].rows, users)
    projects = {p.reference: p for p in m.Project.objects.filter(workstream__programme=programme)}
    if "milestones" in plans:
        _simple(user, m.Milestone, plans["milestones"].rows, projects, users)
    if "risks" in plans:
        _simple(user, m.RaidItem, plans["risks"].rows, projects, users)
    if "savings" in plans:
        _savings(user, plans["savings"].rows, projects)
    counts = {name: plan.counts for name, plan in plans.items()}
    audit.record(
        user, "tracker.import", programme, {"file": filename, **{k: str(v) for k, v in counts.items()}}
    )
    return counts


def _projects(user: Any, programme: m.Programme, rows: Any, users: dict[str, Any]) -> None:
    workstreams = {w.slug: w for w in programme.workstreams.all()}
    stages = {s.key: s for s in programme.stages.all()}
    existing = {p.reference: p for p in m.Project.objects.filter(workstream__programme=programme)}
    for row in rows:
        if row.action not in ACTIVE:
            continue
        v = row.values
        project = existing.get(row.reference) or m.Project(reference=row.reference)
        project.name, project.workstream = v["name"], workstreams[v["workstream"]]
        project.owner = users.get(v["owner"]) if v["owner"] else None
        project.localities, project.stage = list(v["localities"]), stages.get(v["stage"] or "")
        project.start_date, project.end_date, project.description = (
            v["start_date"],
            v["end_date"],
            v["description"] or "",
        )
        project.save()
        existing[row.reference] = project
        _audit(user, project, row)
    for row in rows:  # parents once every project exists
        parent = existing.get(row.values["parent"] or "")
        project = existing[row.reference]
        if (project.parent_id or None) != (parent.pk if parent else None):
            project.parent = parent
            project.save(update_fields=["parent"])


def _audit(user: Any, obj: Any, row: PlannedRow) -> None:
    action, _, changes = _event(obj, row)
    audit.record(user, action, obj, changes, reason="Imported from a tracker")


def _simple(user: Any, model: Any, rows: Any, projects: dict[str, m.Project], users: dict[str, Any]) -> None:
    """Milestones or risks: the new ones in one insert, the changed ones in one update (each with its
    version bumped, as a plain save would), then one audit event per row, in one insert."""
    existing = {o.reference: o for o in model.objects.filter(project__in=projects.values())}
    creates, updates, fields = [], [], {"project", "version"}
    done: list[tuple[Any, PlannedRow]] = []
    for row in rows:
        if row.action not in ACTIVE:
            continue
        v = dict(row.values)
        v.pop("_ref", None)
        obj = existing.get(row.reference) or model(reference=row.reference)
        obj.project = projects[v.pop("project")]
        if "owner" in v:
            owner = v.pop("owner")
            obj.owner = users.get(owner) if owner else None
            fields.add("owner")
        for key, value in v.items():
            setattr(obj, key, value)
            fields.add(key)
        if obj.pk is None:
            creates.append(obj)
        else:
            obj.version = (obj.version or 0) + 1
            updates.append(obj)
        done.append((obj, row))
    model.objects.bulk_create(creates, batch_size=500)
    if updates:
        model.objects.bulk_update(updates, sorted(fields), batch_size=500)
    audit.record_all(user, [_event(obj, row) for obj, row in done], reason="Imported from a tracker")


def _event(obj: Any, row: PlannedRow) -> tuple[str, Any, dict[str, Any]]:
    noun = type(obj)._meta.model_name
    changes = {k: [b, a] for k, (b, a) in row.changes.items()} if row.action == "update" else {}
    return f"{noun}.{row.action}", obj, changes


def _savings(user: Any, rows: Any, projects: dict[str, m.Project]) -> None:
    lines = {ln.reference: ln for ln in m.SavingsLine.objects.filter(project__in=projects.values())}
    months = {(r.line_id, r.month): r for r in m.SavingsMonth.objects.filter(line__in=lines.values())}
    touched: dict[str, PlannedRow] = {}
    creates, updates = [], []
    for row in rows:
        if row.action not in ACTIVE:
            continue
        v = row.values
        line = lines.get(v["line"]) or m.SavingsLine(reference=v["line"])
        fields = {
            "project": projects[v["project"]],
            "title": v["title"],
            "category": v["category"],
            "cash_releasing": v["cash_releasing"],
            "recurrent": v["recurrent"],
            "full_year_effect": Decimal(str(v["full_year_effect"])),
            "confidence": v["confidence"],
        }
        if line.pk is None or any(getattr(line, k) != val for k, val in fields.items()):
            for key, value in fields.items():
                setattr(line, key, value)
            line.save()
            lines[line.reference] = line
        touched.setdefault(line.reference, row)
        plan = Decimal(str(v["plan"]))
        actual = Decimal(str(v["actual"])) if v["actual"] is not None else None
        month = months.get((line.pk, v["month"]))
        if month is None:
            creates.append(m.SavingsMonth(line=line, month=v["month"], plan=plan, actual=actual))
        else:
            month.plan, month.actual = plan, actual
            updates.append(month)
    m.SavingsMonth.objects.bulk_create(creates, batch_size=500)
    m.SavingsMonth.objects.bulk_update(updates, ["plan", "actual"], batch_size=500)
    changed = [lines[ref].pk for ref in touched]  # a months grid opened before the import is refused
    m.SavingsLine.objects.filter(pk__in=changed).update(version=F("version") + 1)
    for reference, row in touched.items():
        audit.record(
            user,
            "savingsline.import",
            lines[reference],
            {"month rows": row.action},
            reason="Imported from a tracker",
        )
