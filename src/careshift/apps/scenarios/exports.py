"""Downloads of a run's results, written with the platform's spreadsheets toolkit.

CSV (one table: the summary, or the waterfall; its file name says which, and which filters) and XLSX
(summary, waterfall, levers, assumptions and metadata sheets) carry readable names beside every code
(locality, setting, measure, waterfall step, lever kind), a unit on every row, numbers rounded to a stated
precision with the matching number format (:data:`DECIMALS`: money to the pound as £#,##0, shares and
probabilities to four decimal places shown as 0.00%, everything else to one decimal place), the
illustrative flag as a visible cell (a flag under each sheet's title and a ``Data status`` column when the
scenario is illustrative; an "Illustrative" line on the assumptions sheet either way), and formula-safe
text (a lever named ``=HYPERLINK(...)`` stays text). JSON keeps the stored rows as they are.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from careshift.apps.scenarios import engine
from careshift.apps.scenarios.charts import step_label
from careshift.apps.scenarios.lever_words import pack_labels, uncertain
from careshift.apps.scenarios.models import Run, RunSummaryRow, RunWaterfallRow
from careshift.apps.scenarios.results import measure_label
from careshift.site.spreadsheets import Assumption, Column, Table, TableSchema, assumptions_table, file_name
from careshift.site.spreadsheets.schema import NUMBER_FORMATS
from careshift.site.spreadsheets.writing import ASSUMPTIONS

SUMMARY_COLUMNS = ["year", "locality", "setting", "measure", "p10", "p50", "p90"]
WATERFALL_COLUMNS = ["locality", "setting", "measure", "step", "value"]
MEASURE_UNITS = {
    "activity": "units a year",
    "bed_days": "bed days a year",
    "mean_occupied_beds": "beds",
    "peak_month_occupied_beds": "beds",
    "beds_at_target_occupancy": "beds",
    "beds_for_risk": "beds",
    "occupancy": "share of beds occupied",
    "peak_month_occupancy": "share of beds occupied",
    "p_no_bed": "probability",
    "p_no_bed_peak_month": "probability",
    "p_turned_away": "probability",
    "p_turned_away_peak_month": "probability",
    "cost": "£ a year",
    "savings_vs_do_nothing": "£ a year",
    "savings_vs_target": "£ a year",
    "discharge_waiting": "patients waiting",
    "discharge_delayed_share": "share of discharges delayed",
    "discharge_acute_beds_freed": "beds",
    "discharge_delay_cost": "£ a year",
}
MONEY_MEASURES = frozenset({"cost", "savings_vs_do_nothing", "savings_vs_target", "discharge_delay_cost"})
SHARE_MEASURES = frozenset(m for m, u in MEASURE_UNITS.items() if u.startswith(("probability", "share")))
DECIMALS = {"money": 0, "percent": 4, "number": 1}
FORMATS = {"money": NUMBER_FORMATS["money"], "percent": "0.00%", "number": "#,##0.0"}
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
    if measure.startswith("wte_"):
        return "whole-time equivalents"
    if measure.startswith("discharge_waiting_"):
        return "patients waiting"
    if measure.startswith("discharge_wait_days_"):
        return "days"
    return MEASURE_UNITS.get(measure, "")


def measure_kind(measure: str) -> str:
    """How a measure's numbers are kept and formatted: ``money``, ``percent`` (shares) or ``number``."""
    if measure in MONEY_MEASURES:
        return "money"
    return "percent" if measure in SHARE_MEASURES else "number"


def rounded(value: Any, measure: str) -> Any:
    """``value`` rounded to the measure's stated precision (:data:`DECIMALS`); never a negative zero."""
    if value is None or value != value:
        return None
    places = DECIMALS[measure_kind(measure)]
    number = round(float(value), places) + 0.0  # + 0.0 turns -0.0 into 0.0
    return int(number) if places == 0 else number


def round_frame(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """The frame with ``columns`` rounded row by row to each row's measure's precision."""
    return frame.assign(  # object columns keep whole pounds as integers (a CSV writes 12, not 12.0)
        **{
            c: pd.Series(
                [rounded(v, m) for v, m in zip(frame[c], frame["measure"], strict=True)],
                index=frame.index,
                dtype=object,
            )
            for c in columns
        }
    )


def formats_for(columns: tuple[str, ...]) -> Any:
    """A table's ``row_formats``: the number format of each of ``columns`` from the row's measure."""

    def formats(row: Any) -> dict[str, str]:
        number_format = FORMATS[measure_kind(str(row.get("measure", "")))]
        return dict.fromkeys(columns, number_format)

    return formats


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


def waterfall_schema(measures: list[str], steps: dict[str, str] | None = None) -> TableSchema:
    return TableSchema(
        "waterfall",
        title="What drove the change by the horizon year (central run)",
        columns=(
            *_place_columns(measures),
            Column("unit", "Unit"),
            Column(
                "step",
                "Step",
                type="choice",
                choices=steps or {"": ""},
                help="Baseline, demography, growth, each lever by its name, final.",
            ),
            Column(
                "value", "Change", type="number", help="Baseline and final are totals; steps are changes."
            ),
        ),
    )


def _table(run: Run, table: str, frame: pd.DataFrame) -> Table:
    measures = sorted(set(frame["measure"])) if len(frame) else []
    values: tuple[str, ...]
    if table == "waterfall":
        steps = {str(s): step_label(str(s)) for s in dict.fromkeys(frame["step"])}
        schema, values = waterfall_schema(measures, steps), ("value",)
    else:
        schema, values = summary_schema(measures), ("p10", "p50", "p90")
    frame = round_frame(frame, values).assign(unit=[measure_unit(m) for m in frame["measure"]])
    return Table.from_frame(
        schema,
        frame,
        title=f"{run.scenario.name}, run {run.pk}: {schema.title}",
        illustrative=_illustrative(run),
        row_formats=formats_for(values),
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
    "add_capacity": "Add downstream places (discharge)",
    "faster_discharge": "Shorter downstream stays (discharge)",
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
        Column("pathway", "Discharge pathway"),
        Column("places_low", "Places added, low", type="number"),
        Column("places_high", "Places added, high", type="number"),
        Column("start_year", "Start year", type="integer"),
        Column("full_effect_year", "Full effect year", type="integer"),
        Column("one_off_cost", "One-off cost", type="money", help="Paid once, in the start year."),
        Column("recurring_cost", "Recurring cost", type="money", unit="£ a year"),
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


def lever_row(lever: dict[str, Any], spec: dict[str, Any] | None = None) -> dict[str, Any]:
    """One lever (or discharge lever) as a row of the levers sheet; its implementation cost from
    ``spec``'s finance section."""
    cohort = lever.get("cohort", {})
    share, los, conversion = (_range(lever.get(k)) for k in ("share", "los_change", "conversion"))
    places = _range(lever.get("places"))
    cost = ((spec or {}).get("finance", {}).get("implementation_cost", {})).get(lever.get("name"), {})
    return {
        "name": lever.get("name"),
        "kind": lever.get("kind"),
        "activities": ", ".join(cohort.get("activities", [])),
        "ages": _ages(cohort.get("ages", {})) if cohort else "",
        "share_low": share[0],
        "share_high": share[1],
        "to_activity": lever.get("to_activity"),
        "conversion_low": conversion[0] if lever.get("kind") == "shift" else None,
        "conversion_high": conversion[1] if lever.get("kind") == "shift" else None,
        "conversion_unit": lever.get("conversion_unit") if lever.get("kind") == "shift" else None,
        "los_low": los[0],
        "los_high": los[1],
        "pathway": lever.get("pathway"),
        "places_low": places[0],
        "places_high": places[1],
        "start_year": lever.get("start_year"),
        "full_effect_year": lever.get("full_effect_year"),
        "one_off_cost": cost.get("one_off") or None,
        "recurring_cost": cost.get("recurring") or None,
        "note": lever.get("note", ""),
        "evidence": "; ".join(e.get("citation", "") for e in lever.get("evidence", [])),
    }


def levers_table(run: Run) -> Table:
    """Every lever the run used (its demand levers, then its discharge levers)."""
    spec = run.spec or {}
    levers = [*spec.get("levers", []), *spec.get("discharge", {}).get("levers", [])]
    rows = [lever_row(lever, spec) for lever in levers]
    return Table(LEVERS, rows, title=f"{run.scenario.name}: levers", illustrative=_illustrative(run))


def assumptions(spec: dict[str, Any]) -> list[Assumption]:
    """The scenario's own assumptions beside its levers: horizon, growth, capacity policy by setting,
    savings target by year, budget, uncertainty switches and whether the numbers are illustrative."""
    labels = pack_labels()
    yes = {True: "Yes", False: "No"}
    items = [
        Assumption("Illustrative", yes[bool(spec.get("illustrative"))], "", "The scenario's own flag"),
        Assumption("Horizon year", spec.get("horizon_year"), "year"),
        Assumption("Population projection", spec.get("projection", {}).get("variant") or "principal"),
        Assumption("Planned housing growth added", yes[bool(spec.get("include_housing_growth"))]),
    ]
    for code, growth in spec.get("non_demographic_growth", {}).items():
        where = "all activities" if code == "*" else labels.activity(code)
        items.append(Assumption(f"Non-demographic growth: {where}", uncertain(growth), "a year"))
    items += _policy(spec, labels.settings)
    finance = spec.get("finance", {})
    if finance.get("baseline_budget") is not None:
        items.append(Assumption("Baseline budget", finance["baseline_budget"], "£ a year"))
    for year, target in sorted(finance.get("savings_target", {}).items(), key=lambda kv: int(kv[0])):
        items.append(Assumption(f"Savings target by {year}", target, "£ a year"))
    drawn = spec.get("uncertainty", {})
    items.append(Assumption("Lever and growth sizes drawn", yes[bool(drawn.get("parameter_uncertainty"))]))
    items.append(Assumption("Data pack assumptions drawn", yes[bool(drawn.get("assumptions"))]))
    return items


def _policy(spec: dict[str, Any], settings: dict[str, str]) -> list[Assumption]:
    items = []
    for code, policy in spec.get("capacity", {}).items():
        name = settings.get(code, code)
        if policy.get("target_occupancy") is not None:
            items.append(Assumption(f"Target occupancy: {name}", policy["target_occupancy"], "%"))
        risk = policy.get("max_turn_away_risk", 0.05)
        erlang = policy.get("risk_measure") == "erlang_loss"
        measure = "turning a patient away" if erlang else "finding no bed"
        items.append(Assumption(f"Highest risk of {measure}: {name}", risk, "%"))
        if policy.get("planned_beds") is not None:
            items.append(Assumption(f"Planned beds: {name}", policy["planned_beds"], "beds"))
    return items


def _assumption_format(row: Any) -> dict[str, str]:
    unit = str(row.get("unit", ""))
    if unit == "%":
        return {"value": NUMBER_FORMATS["percent"]}
    return {"value": NUMBER_FORMATS["money"]} if unit.startswith("£") else {}


def assumptions_sheet(run: Run) -> Table:
    table = assumptions_table(assumptions(run.spec or {}), title=f"{run.scenario.name}: assumptions")
    return Table(
        ASSUMPTIONS,
        table.rows,
        title=table.title,
        illustrative=_illustrative(run),
        row_formats=_assumption_format,
    )


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


METADATA_LABELS = {
    "run": "Run",
    "scenario": "Scenario (code)",
    "scenario_name": "Scenario",
    "illustrative": "Illustrative",
    "iterations": "Iterations",
    "seed": "Seed",
    "executor": "Executor",
    "datapack_name": "Data pack",
    "datapack_version": "Data pack version",
    "engine_version": "Engine version",
    "started": "Started",
    "finished": "Finished",
    "engine_metadata": "Engine metadata (JSON)",
}


def metadata_table(run: Run) -> Table:
    words = {True: "Yes", False: "No"}
    items = [
        Assumption(METADATA_LABELS.get(key, key), words[value] if isinstance(value, bool) else value)
        for key, value in metadata(run).items()
    ]
    table = assumptions_table(items, title=f"{run.scenario.name}, run {run.pk}: what produced these results")
    schema = TableSchema("metadata", columns=ASSUMPTIONS.columns, title="Metadata")
    return Table(schema, table.rows, title=table.title, illustrative=_illustrative(run))


def filename(run: Run, extension: str, table: str = "", *filters: Any) -> str:
    """``careshift-<scenario>-run-<id>[-<table>][-<filters>].<ext>``: a CSV names its table and the
    filters it was cut by (``...-summary-county-cost.csv``), a workbook holds every table."""
    chosen = [f for f in filters if f not in (None, "")]
    return file_name("careshift", run.scenario.slug, "run", run.pk, table, *chosen, extension=extension)


def csv_table(run: Run, table: str = "summary", **filters: Any) -> Table:
    return waterfall_table(run, **filters) if table == "waterfall" else summary_table(run, **filters)


def to_xlsx(run: Run) -> bytes:
    from careshift.site.spreadsheets import to_xlsx as write

    tables = [summary_table(run), waterfall_table(run), levers_table(run), assumptions_sheet(run)]
    return write(tables, assumptions=metadata_table(run))


def to_json(run: Run) -> dict[str, Any]:
    return {
        "metadata": metadata(run),
        "summary": summary_frame(run).to_dict(orient="records"),
        "waterfall": waterfall_frame(run).to_dict(orient="records"),
    }
