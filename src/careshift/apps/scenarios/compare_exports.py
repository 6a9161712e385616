"""Downloads of a comparison, as the results downloads are written (:mod:`.exports`).

Three tables: ``comparison`` (each year and scenario: P10, median, P90 and the difference from the
reference, with how that difference is found), ``levers`` (the levers and assumptions side by side, a
column per run) and ``runs`` (the runs used and why). A CSV holds one table, named in its file name
with the scenarios, measure, setting, locality and runs; the XLSX holds all three. Numbers are rounded to
the measure's stated precision with its number format, codes have their names beside them, each row
its unit, and an illustrative flag is shown when any compared scenario is illustrative.
"""

from __future__ import annotations

from typing import Any

from careshift.apps.scenarios.compare import Comparison
from careshift.apps.scenarios.exports import _place_columns, formats_for, measure_unit, rounded
from careshift.site.spreadsheets import Column, Table, TableSchema, file_name, to_xlsx

TABLES = ("comparison", "levers", "runs")
VALUES = ("p10", "p50", "p90", "difference_median", "difference_low", "difference_high")
WHY = {"chosen": "Chosen in the address", "pinned": "Pinned (agreed scenario)"}


def comparison_schema(measure: str) -> TableSchema:
    return TableSchema(
        "comparison",
        title="Scenarios compared: P10, median, P90 and the difference from the reference",
        columns=(
            Column("year", "Year", type="integer", required=True),
            Column("scenario", "Scenario", required=True),
            Column("run", "Run", type="integer"),
            *_place_columns([measure]),
            Column("unit", "Unit"),
            Column("p10", "P10", type="number"),
            Column("p50", "Median (P50)", type="number"),
            Column("p90", "P90", type="number"),
            Column("difference_median", "Difference from the reference, median", type="number"),
            Column("difference_low", "Difference, low end (P10)", type="number"),
            Column("difference_high", "Difference, high end (P90)", type="number"),
            Column("chance_lower", "Chance lower than the reference", type="percent"),
            Column("difference", "How the difference is found"),
        ),
    )


def _illustrative(comparison: Comparison) -> bool:
    return any((run.spec or {}).get("illustrative") for _, run in comparison.runs)


def _how(comparison: Comparison) -> str:
    if comparison.paired:
        return "Paired: the P10-P90 of the per-iteration differences (same seed and iterations)"
    why = comparison.unpaired_reason
    return f"Approximate: matching quantiles (P10 less P10, P90 less P90); not paired because {why}"


def comparison_table(comparison: Comparison) -> Table:
    measure, runs = comparison.measure, {scenario.name: run.pk for scenario, run in comparison.runs}
    rows = []
    for record in comparison.records or []:
        diff = record["diff"] or {}
        row: dict[str, Any] = {
            "year": record["year"],
            "scenario": record["scenario"],
            "run": runs.get(record["scenario"]),
            "locality": comparison.locality,
            "setting": comparison.setting,
            "measure": measure,
            "unit": measure_unit(measure),
            **{q: record[q] for q in ("p10", "p50", "p90")},
            "difference_median": diff.get("median"),
            "difference_low": diff.get("low"),
            "difference_high": diff.get("high"),
            "chance_lower": diff.get("p_lower"),
            "difference": _how(comparison) if diff else "The reference",
        }
        rows.append({**row, **{v: rounded(row[v], measure) for v in VALUES}})
    names = " vs ".join(scenario.name for scenario, _ in comparison.runs)
    return Table(
        comparison_schema(measure),
        rows,
        title=f"{names}: {comparison_schema(measure).title}",
        illustrative=_illustrative(comparison),
        notes=(_how(comparison) + ".",),
        row_formats=formats_for(VALUES),
    )


def levers_table(comparison: Comparison) -> Table:
    """The levers and assumptions side by side: a row per part of each lever, a column per run."""
    runs = [(f"run_{run.pk}", f"{scenario.name} (run {run.pk})") for scenario, run in comparison.runs]
    schema = TableSchema(
        "levers",
        title="Levers and assumptions side by side (— where a scenario does not have the lever)",
        columns=(Column("lever", "Lever"), Column("part", "Part"), *(Column(k, label) for k, label in runs)),
    )
    rows: list[dict[str, Any]] = []
    side = comparison.levers
    if side is not None:
        groups = [(group.name, group.rows) for group in side.levers] + [("Assumptions", side.assumptions)]
        for lever, parts in groups:
            rows += [{"lever": lever, "part": part, **_cells(runs, cells)} for part, cells in parts]
    return Table(schema, rows, illustrative=_illustrative(comparison))


def _cells(runs: list[tuple[str, str]], cells: list[str]) -> dict[str, str]:
    return {key: cell for (key, _label), cell in zip(runs, cells, strict=True)}


RUNS = TableSchema(
    "runs",
    title="Runs used",
    columns=(
        Column("scenario", "Scenario"),
        Column("run", "Run", type="integer"),
        Column("why", "Why this run"),
        Column("finished", "Finished"),
        Column("seed", "Seed", type="integer"),
        Column("iterations", "Iterations", type="count"),
        Column("datapack", "Data pack"),
        Column("illustrative", "Illustrative"),
    ),
)


def runs_table(comparison: Comparison) -> Table:
    rows = [
        {
            "scenario": scenario.name,
            "run": run.pk,
            "why": WHY.get(why, "Latest finished (draft)"),
            "finished": run.finished_at.strftime("%Y-%m-%d %H:%M") if run.finished_at else "",
            "seed": run.seed,
            "iterations": run.iterations,
            "datapack": f"{run.datapack_name} {run.datapack_version}".strip(),
            "illustrative": "Yes" if (run.spec or {}).get("illustrative") else "No",
        }
        for scenario, run, why in comparison.runs_used
    ]
    return Table(RUNS, rows, illustrative=_illustrative(comparison))


def table(comparison: Comparison, name: str) -> Table:
    return {"comparison": comparison_table, "levers": levers_table, "runs": runs_table}[name](comparison)


def xlsx(comparison: Comparison) -> bytes:
    return to_xlsx([comparison_table(comparison), levers_table(comparison), runs_table(comparison)])


def filename(comparison: Comparison, extension: str, name: str = "") -> str:
    """``careshift-compare-<scenarios>-<measure>-<setting>-<locality>-runs-<ids>[-<table>].<ext>``."""
    slugs = [scenario.slug for scenario, _ in comparison.runs]
    parts = [*slugs, comparison.measure, comparison.setting, comparison.locality, "runs", comparison.run_ids]
    return file_name("careshift-compare", *parts, name, extension=extension)
