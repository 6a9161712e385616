"""Downloads of a run's results: CSV, XLSX (summary, waterfall and metadata sheets) and JSON."""

from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd

from careshift.apps.scenarios.models import Run, RunSummaryRow, RunWaterfallRow

SUMMARY_COLUMNS = ["year", "locality", "setting", "measure", "p10", "p50", "p90"]
WATERFALL_COLUMNS = ["locality", "setting", "measure", "step", "value"]


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


def metadata(run: Run) -> dict[str, Any]:
    """What produced these results: the run's settings, versions and the engine's own metadata."""
    return {
        "run": run.pk,
        "scenario": run.scenario.slug,
        "scenario_name": run.scenario.name,
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


def filename(run: Run, extension: str) -> str:
    return f"careshift-{run.scenario.slug}-run-{run.pk}.{extension}"


def to_csv(run: Run, table: str = "summary") -> str:
    frame = waterfall_frame(run) if table == "waterfall" else summary_frame(run)
    return str(frame.to_csv(index=False))


def to_xlsx(run: Run) -> bytes:
    buffer = io.BytesIO()
    meta = metadata(run)
    meta_rows = [(k, json.dumps(v) if isinstance(v, dict | list) else v) for k, v in meta.items()]
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        summary_frame(run).to_excel(writer, sheet_name="summary", index=False)
        waterfall_frame(run).to_excel(writer, sheet_name="waterfall", index=False)
        pd.DataFrame(meta_rows, columns=["field", "value"]).to_excel(
            writer, sheet_name="metadata", index=False
        )
    return buffer.getvalue()


def to_json(run: Run) -> dict[str, Any]:
    return {
        "metadata": metadata(run),
        "summary": summary_frame(run).to_dict(orient="records"),
        "waterfall": waterfall_frame(run).to_dict(orient="records"),
    }
