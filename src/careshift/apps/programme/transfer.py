"""Import a programme tracker (XLSX or CSV) and export the programme to XLSX.

Import is all or nothing: the file is read and validated by the spreadsheet toolkit (size, kind, types,
every error by sheet, row and column), then checked against the programme (projects, workstreams,
owners and stages exist; savings months unique), then planned against the database by reference
(create / update / unchanged), and only then, if there is no error anywhere, saved in one transaction.
Re-importing the same file changes nothing. The web page and `careshift programme import` share this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from careshift.apps.programme import models as m
from careshift.apps.programme.tracker import MILESTONES, PROJECTS, RISKS, SAVINGS, SHEETS
from careshift.errors import UploadError
from careshift.site.spreadsheets import ImportPlan, Preview, plan_import
from careshift.site.spreadsheets.preview import Sheet, validate_sheet
from careshift.site.spreadsheets.reading import read_sheets
from careshift.site.spreadsheets.schema import normalise_header


@dataclass
class TrackerImport:
    programme: m.Programme
    previews: list[Preview]
    plans: dict[str, ImportPlan] = field(default_factory=dict)

    @property
    def errors(self) -> list[Any]:
        return [e for p in self.previews for e in p.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.previews) and not self.errors

    def summary(self) -> str:
        return "; ".join(f"{name}: {plan.summary()}" for name, plan in self.plans.items())


def _pick_sheets(sheets: list[Sheet], filename: str) -> list[tuple[Any, Sheet]]:
    """Each tracker table with its sheet: by name in a workbook; a CSV is the table whose headers it has."""
    by_name = {normalise_header(s.name): s for s in sheets}
    found = []
    for schema in SHEETS:  # a sheet named by both the schema's name and its title is read once
        names = [n for n in (normalise_header(schema.name), normalise_header(schema.title)) if n in by_name]
        if names:
            found.append((schema, by_name[names[0]]))
    if found or not filename.lower().endswith((".csv", ".txt")):
        if not found:
            raise UploadError(
                "The workbook has none of the sheets projects, milestones, risks or savings.",
                hint="Start from the template (download it on the import page).",
            )
        return found
    for schema in SHEETS:
        headers = {normalise_header(c) for row in sheets[0].rows[:10] for c in row}
        if all(
            any(normalise_header(h) in headers for h in (c.key, c.label, c.header)) for c in schema.required
        ):
            return [(schema, sheets[0])]
    raise UploadError(
        "This CSV is not a projects, milestones, risks or savings table.",
        hint="Use the headers of one of the templates.",
    )


def read(data: bytes, filename: str, programme: m.Programme, max_bytes: int) -> TrackerImport:
    """Read, validate and plan an upload (nothing saved); raises UploadError if it cannot be read."""
    sheets = read_sheets(data, filename, max_bytes=max_bytes)
    result = TrackerImport(
        programme, [validate_sheet(schema, sheet) for schema, sheet in _pick_sheets(sheets, filename)]
    )
    _check_against(result)
    if result.is_valid:
        result.plans = {p.schema.name: _plan(p, programme) for p in result.previews}
    return result


def _users() -> dict[str, Any]:
    return {u.username.casefold(): u for u in get_user_model().objects.filter(is_active=True)}


def _lookup(programme: m.Programme) -> dict[str, dict[str, Any]]:
    workstreams = {normalise_header(w.name): w for w in programme.workstreams.all()}
    workstreams |= {normalise_header(w.slug): w for w in programme.workstreams.all()}
    stages = {normalise_header(s.name): s for s in programme.stages.all()}
    stages |= {normalise_header(s.key): s for s in programme.stages.all()}
    localities = {normalise_header(k): k for k in m.LOCALITIES} | {
        normalise_header(v): k for k, v in m.LOCALITIES.items()
    }
    projects = dict(m.Project.objects.filter(workstream__programme=programme).values_list("reference", "pk"))
    return {
        "workstream": workstreams,
        "stage": stages,
        "locality": localities,
        "project": projects,
        "owner": _users(),
    }


def _check_against(result: TrackerImport) -> None:
    """Errors that need the database: unknown workstreams, stages, owners, projects, localities."""
    known = _lookup(result.programme)
    in_file = {r.values["reference"] for p in result.previews if p.schema is PROJECTS for r in p.rows}
    projects = set(known["project"]) | in_file
    taken = set(
        m.Project.objects.exclude(workstream__programme=result.programme).values_list("reference", flat=True)
    )
    for preview in result.previews:
        for row in preview.rows:
            _check_row(preview, row, known, projects, taken)
        if preview.schema is SAVINGS:
            _check_months(preview)


def _check_row(
    preview: Preview, row: Any, known: dict[str, Any], projects: set[str], taken: set[str]
) -> None:
    v, schema = row.values, preview.schema

    def bad(key: str, message: str) -> None:
        preview.error(row.number, schema.column(key).header, message)

    if schema is PROJECTS:
        if v["reference"] in taken:
            bad("reference", f"{v['reference']!r} is a project of another programme: use another reference.")
        if v["workstream"] and normalise_header(v["workstream"]) not in known["workstream"]:
            bad(
                "workstream",
                f"No workstream {v['workstream']!r} in this programme: add it first or fix the name.",
            )
        if v["stage"] and normalise_header(v["stage"]) not in known["stage"]:
            bad(
                "stage",
                f"No stage {v['stage']!r}: use one of {_names(known['stage'])}.",
            )
        if v["parent"] and v["parent"] not in projects:
            bad("parent", f"No project {v['parent']!r} in the file or the programme.")
        for part in _split(v["localities"]):
            if normalise_header(part) not in known["locality"]:
                bad("localities", f"{part!r} is not a locality: use {', '.join(m.LOCALITIES.values())}.")
        if v["start_date"] and v["end_date"] and v["end_date"] < v["start_date"]:
            bad("end_date", "The end date is before the start date.")
    elif v.get("project") is not None and v["project"] not in projects:
        bad(
            "project",
            f"No project {v['project']!r} in the file or the programme: add it to the projects sheet.",
        )
    owner = v.get("owner")
    if owner and owner.casefold() not in known["owner"]:
        bad("owner", f"No active careshift user {owner!r}: use a username, or leave it blank.")


def _check_months(preview: Preview) -> None:
    seen: dict[tuple[str, dt.date], int] = {}
    for row in preview.rows:
        if row.values.get("line") is None or row.values.get("month") is None:
            continue
        key = (row.values["line"], row.values["month"].replace(day=1))
        if key in seen:
            preview.error(
                row.number,
                SAVINGS.column("month").header,
                f"{key[0]} already has {key[1]:%B %Y} on row {seen[key]}: one row per line per month.",
            )
        seen.setdefault(key, row.number)


def _names(stages: dict[str, Any]) -> str:
    return ", ".join(sorted({s.name for s in stages.values()}))


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").replace(",", ";").split(";") if part.strip()]


def _money(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


DEFAULTS = {
    "category": "pathway",
    "cash_releasing": True,
    "recurrent": True,
    "confidence": "medium",
    "status": "open",
    "mitigations": "",
    "description": "",
}


def _canonical(schema: Any, v: dict[str, Any], known: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(reference, comparable values) for a file row; :func:`_existing` builds the same from the database."""

    def d(key: str) -> Any:
        return v.get(key) if v.get(key) is not None else DEFAULTS.get(key)

    owner = (v.get("owner") or "").casefold() or None
    if schema is PROJECTS:
        ws = known["workstream"][normalise_header(v["workstream"])].slug
        stage = known["stage"][normalise_header(v["stage"])].key if v["stage"] else None
        locs = tuple(sorted(known["locality"][normalise_header(p)] for p in _split(v["localities"])))
        return v["reference"], {
            "name": v["name"],
            "workstream": ws,
            "parent": v["parent"],
            "owner": owner,
            "localities": locs,
            "stage": stage,
            "start_date": v["start_date"],
            "end_date": v["end_date"],
            "description": d("description"),
        }
    if schema is MILESTONES:
        return v["reference"], {k: v[k] for k in ("project", "name", "baseline", "forecast", "actual")}
    if schema is RISKS:
        keys = (
            "project",
            "kind",
            "title",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "review_date",
        )
        return v["reference"], {
            **{k: v[k] for k in keys},
            "owner": owner,
            "mitigations": d("mitigations"),
            "status": d("status"),
        }
    month = v["month"].replace(day=1)
    return f"{v['line']} {month:%Y-%m}", {
        "line": v["line"],
        "project": v["project"],
        "title": v["title"],
        "category": d("category"),
        "cash_releasing": d("cash_releasing"),
        "recurrent": d("recurrent"),
        "full_year_effect": _money(v["full_year_effect"]),
        "confidence": d("confidence"),
        "month": month,
        "plan": _money(v["plan"]),
        "actual": _money(v["actual"]),
    }


def _username(user: Any) -> str | None:
    return user.username.casefold() if user is not None else None


def _existing(schema: Any, programme: m.Programme) -> dict[str, dict[str, Any]]:
    scope = {"project__workstream__programme": programme}
    if schema is PROJECTS:
        rows = m.Project.objects.filter(workstream__programme=programme).select_related(
            "workstream", "parent", "owner", "stage"
        )
        return {
            p.reference: {
                "name": p.name,
                "workstream": p.workstream.slug,
                "parent": p.parent.reference if p.parent else None,
                "owner": _username(p.owner),
                "localities": tuple(sorted(p.localities)),
                "stage": p.stage.key if p.stage else None,
                "start_date": p.start_date,
                "end_date": p.end_date,
                "description": p.description,
            }
            for p in rows
        }
    if schema is MILESTONES:
        return {
            ms.reference: {
                "project": ms.project.reference,
                "name": ms.name,
                "baseline": ms.baseline,
                "forecast": ms.forecast,
                "actual": ms.actual,
            }
            for ms in m.Milestone.objects.filter(**scope).select_related("project")
        }
    if schema is RISKS:
        return {
            r.reference: {
                "project": r.project.reference,
                "kind": r.kind,
                "title": r.title,
                "inherent_likelihood": r.inherent_likelihood,
                "inherent_impact": r.inherent_impact,
                "residual_likelihood": r.residual_likelihood,
                "residual_impact": r.residual_impact,
                "review_date": r.review_date,
                "owner": _username(r.owner),
                "mitigations": r.mitigations,
                "status": r.status,
            }
            for r in m.RaidItem.objects.filter(**scope).select_related("project", "owner")
        }
    months = m.SavingsMonth.objects.filter(line__project__workstream__programme=programme).select_related(
        "line__project"
    )
    return {
        f"{r.line.reference} {r.month:%Y-%m}": {
            "line": r.line.reference,
            "project": r.line.project.reference,
            "title": r.line.title,
            "category": r.line.category,
            "cash_releasing": r.line.cash_releasing,
            "recurrent": r.line.recurrent,
            "full_year_effect": _money(r.line.full_year_effect),
            "confidence": r.line.confidence,
            "month": r.month,
            "plan": _money(r.plan),
            "actual": _money(r.actual),
        }
        for r in months
    }


def _plan(preview: Preview, programme: m.Programme) -> ImportPlan:
    known = _lookup(programme)
    records = []
    for values in preview.records:
        ref, canonical = _canonical(preview.schema, values, known)
        records.append({"_ref": ref, **canonical})
    return plan_import(records, _existing(preview.schema, programme), "_ref")
