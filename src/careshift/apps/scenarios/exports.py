"""Downloads of a run's results, written with the platform's spreadsheets toolkit.

CSV (one table: the summary, or the waterfall) and XLSX (summary, waterfall, levers and metadata
sheets) carry readable names beside every code, units, number formats, the illustrative flag when the
scenario is illustrative, and formula-safe text (a lever named ``=HYPERLINK(...)`` stays text). JSON
keeps the stored rows as they are.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from careshift.apps.scenarios import engine
from careshift.apps.scenarios.models import Run, RunSummaryRow, RunWaterfallRow
from careshift.apps.scenarios.results import measure_label
from careshift.site.spreadsheets import Assumption, Column, Table, TableSchema, assumptions_table, file_name
from careshift.site.spreadsheets.writing import ASSUMPTIONS

SUMMARY_COLUMNS = ["year", "locality", "setting", "measure", "p10", "p50", "p90"]
WATERFALL_COLUMNS = ["locality", "setting", "measure", "step", "value"]
MEASURE_UNITS = {
    "activity": "units a year",
    "bed_days": "bed days a year",
    "mean_occupied_beds": "beds",
    "beds_at_target_occupancy": "beds",
    "beds_for_risk": "beds",
    "p_turned_away": "probability (0-1)",
    "cost": "£ a year",
    "savings_vs_do_nothing": "£ a year",
    "savings_vs_target": "£ a year",
}
TABLES = ("summary", "waterfall")


def _lookups(filters: dict[str, Any]) -> dict[str, Any]:
    """Query lookups for the given filters; a comma-separated value matches any of its parts."""
    lookups: dict[str, Any] = {}
    for key, value in filters.items():
        if value in (None, ""):
            continue
        if isinstance(value, str) and "," in value:
            lookups[f"{key}__in"] = [v.strip() for v in value.split(",") if v.strip()]
        else:
            lookups[key] = value
    return lookups


def summary_frame(run: Run, **filters: Any) -> pd.DataFrame:
    """The run's summary as the engine's tidy table; ``filters`` narrow it (year, locality, ...)."""
    query = RunSummaryRow.objects.filter(run=run, **_lookups(filters))
    rows = query.order_by("measure", "setting", "locality", "year").values_list(*SUMMARY_COLUMNS)
    return pd.DataFrame.from_records(list(rows), columns=SUMMARY_COLUMNS)


def waterfall_frame(run: Run, **filters: Any) -> pd.DataFrame:
    query = RunWaterfallRow.objects.filter(run=run, **_lookups(filters))
    rows = query.order_by("position").values_list(*WATERFALL_COLUMNS)
    return pd.DataFrame.from_records(list(rows), columns=WATERFALL_COLUMNS)


def measure_unit(measure: str) -> str:
    return "whole-time equivalents" if measure.startswith("wte_") else MEASURE_UNITS.get(measure, "")


def _place_choices(measures: list[str]) -> dict[str, dict[str, str]]:
    choices = engine.pack_choices()
    return {
        "locality": {"county": "County", **dict(choices["localities"])},
        "setting": {"all": "All settings", **dict(choices["settings"])},
        "measure": {m: measure_label(m) for m in measures},
    }


def _place_columns(measures: list[str]) -> tuple[Column, ...]:
    names = _place_choices(measures)
    return (
        Column("locality", "Locality", type="choice", choices=names["locality"], required=True),
        Column("setting", "Setting", type="choice", choices=names["setting"], required=True),
        Column("measure", "Measure", type="choice", choices=names["measure"] or {"": ""}, required=True),
    )


def summary_schema(measures: list[str]) -> TableSchema:
    return TableSchema(
        "summary",
        title="Results by year, locality, setting and measure (P10, median, P90)",
        columns=(
            Column("year", "Year", type="integer", required=True),
            *_place_columns(measures),
            Column("unit", "Unit"),
            Column("p10", "P10", type="number", help="10th percentile of the Monte Carlo runs."),
            Column("p50", "Median (P50)", type="number"),
            Column("p90", "P90", type="number", help="90th percentile of the Monte Carlo runs."),
        ),
    )


def waterfall_schema(measures: list[str]) -> TableSchema:
    return TableSchema(
        "waterfall",
        title="What drove the change by the horizon year (central run)",
        columns=(
            *_place_columns(measures),
            Column("unit", "Unit"),
            Column("step", "Step", help="Baseline, demography, growth, each lever by its name, final."),
            Column(
                "value", "Change", type="number", help="Baseline and final are totals; steps are changes."
            ),
        ),
    )


def _table(run: Run, table: str, frame: pd.DataFrame) -> Table:
    measures = sorted(set(frame["measure"])) if len(frame) else []
    schema = waterfall_schema(measures) if table == "waterfall" else summary_schema(measures)
    frame = frame.assign(unit=[measure_unit(m) for m in frame["measure"]])
    return Table.from_frame(
        schema,
        frame,
        title=f"{run.scenario.name}, run {run.pk}: {schema.title}",
        illustrative=_illustrative(run),
    )


def _illustrative(run: Run) -> bool:
    return bool((run.spec or {}).get("illustrative", False))


def summary_table(run: Run, **filters: Any) -> Table:
    return _table(run, "summary", summary_frame(run, **filters))


def waterfall_table(run: Run, **filters: Any) -> Table:
    return _table(run, "waterfall", waterfall_frame(run, **filters))


LEVER_KINDS = {
    "avoid": "Avoid activity",
    "shift": "Shift to another setting",
    "efficiency": "Change length of stay",
    "growth": "Non-demographic growth",
}
LEVERS = TableSchema(
    "levers",
    title="Levers: what the scenario changes (assumptions)",
    columns=(
        Column("name", "Lever", required=True),
        Column("kind", "Kind", type="choice", choices=LEVER_KINDS),
        Column("activities", "Activities"),
        Column("ages", "Ages"),
        Column("share_low", "Share affected, low", type="percent"),
        Column("share_high", "Share affected, high", type="percent"),
        Column("to_activity", "Shifted to"),
        Column("conversion_low", "Conversion, low", type="number"),
        Column("conversion_high", "Conversion, high", type="number"),
        Column("conversion_unit", "Conversion unit"),
        Column("los_low", "Length of stay change, low", type="percent"),
        Column("los_high", "Length of stay change, high", type="percent"),
        Column("start_year", "Start year", type="integer"),
        Column("full_effect_year", "Full effect year", type="integer"),
        Column("note", "Basis"),
        Column("evidence", "Evidence"),
    ),
)


def _range(value: Any) -> tuple[Any, Any]:
    """An uncertain number's (low, high): a plain number is both ends."""
    if isinstance(value, dict):
        return value.get("low"), value.get("high")
    return value, value


def _ages(ages: dict[str, Any]) -> str:
    low, high = ages.get("min_age", 0), ages.get("max_age")
    return f"{low}+" if high is None else f"{low}-{high}"


def lever_row(lever: dict[str, Any]) -> dict[str, Any]:
    cohort = lever.get("cohort", {})
    share, los, conversion = (_range(lever.get(k)) for k in ("share", "los_change", "conversion"))
    return {
        "name": lever.get("name"),
        "kind": lever.get("kind"),
        "activities": ", ".join(cohort.get("activities", [])),
        "ages": _ages(cohort.get("ages", {})),
        "share_low": share[0],
        "share_high": share[1],
        "to_activity": lever.get("to_activity"),
        "conversion_low": conversion[0] if lever.get("kind") == "shift" else None,
        "conversion_high": conversion[1] if lever.get("kind") == "shift" else None,
        "conversion_unit": lever.get("conversion_unit") if lever.get("kind") == "shift" else None,
        "los_low": los[0],
        "los_high": los[1],
        "start_year": lever.get("start_year"),
        "full_effect_year": lever.get("full_effect_year"),
        "note": lever.get("note", ""),
        "evidence": "; ".join(e.get("citation", "") for e in lever.get("evidence", [])),
    }


def levers_table(run: Run) -> Table:
    rows = [lever_row(lever) for lever in (run.spec or {}).get("levers", [])]
    return Table(LEVERS, rows, title=f"{run.scenario.name}: levers", illustrative=_illustrative(run))


def metadata(run: Run) -> dict[str, Any]:
    """What produced these results: the run's settings, versions and the engine's own metadata."""
    return {
        "run": run.pk,
        "scenario": run.scenario.slug,
        "scenario_name": run.scenario.name,
        "illustrative": _illustrative(run),
        "iterations": run.iterations,
        "seed": run.seed,
        "executor": run.executor,
        "datapack_name": run.datapack_name,
        "datapack_version": run.datapack_version,
        "engine_version": run.engine_version,
        "started": run.started_at.isoformat() if run.started_at else None,
        "finished": run.finished_at.isoformat() if run.finished_at else None,
        "engine_metadata": run.metadata,
    }


def metadata_table(run: Run) -> Table:
    items = [Assumption(key, value) for key, value in metadata(run).items()]
    table = assumptions_table(items, title=f"{run.scenario.name}, run {run.pk}: what produced these results")
    schema = TableSchema("metadata", columns=ASSUMPTIONS.columns, title="Metadata")
    return Table(schema, table.rows, title=table.title, illustrative=_illustrative(run))


def filename(run: Run, extension: str, table: str = "") -> str:
    """``careshift-<scenario>-run-<id>[-<table>].<ext>``: a CSV names its table, a workbook holds all."""
    return file_name("careshift", run.scenario.slug, "run", run.pk, table, extension=extension)


def csv_table(run: Run, table: str = "summary", **filters: Any) -> Table:
    return waterfall_table(run, **filters) if table == "waterfall" else summary_table(run, **filters)


def to_xlsx(run: Run) -> bytes:
    from careshift.site.spreadsheets import to_xlsx as write

    tables = [summary_table(run), waterfall_table(run), levers_table(run)]
    return write(tables, assumptions=metadata_table(run))


def to_json(run: Run) -> dict[str, Any]:
    return {
        "metadata": metadata(run),
        "summary": summary_frame(run).to_dict(orient="records"),
        "waterfall": waterfall_frame(run).to_dict(orient="records"),
    }
