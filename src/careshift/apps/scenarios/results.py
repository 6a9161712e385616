"""The results page's content for one run: chart specs and the tables behind them.

A succeeded run never changes, so each (run, locality, setting) view is built once per process and
cached; building it queries only the rows its charts need (one locality, nine measures).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse

from careshift.apps.scenarios import charts, engine
from careshift.apps.scenarios.models import Run, RunSummaryRow, RunWaterfallRow

COUNTY, ALL = "county", "all"
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ChartDef:
    key: str
    title: str
    measures: tuple[str, ...]
    unit: str
    percent: bool = False
    target: bool = False
    words: str = ""


RISK_WORDS = (
    "The chance that a patient who needs a bed arrives to find every planned bed taken: also the share of "
    "days the setting is at or above full occupancy. The default risk target is 5%: no more than one day "
    'in twenty at or above full occupancy over the year, winter included; "beds for the risk target" '
    "is the fewest beds that meet it and never fewer than the beds occupied on an average day. The peak "
    "month is the busiest month of the year (February in the published Oxfordshire figures)."
)
BEDS_WORDS = (
    "Mean occupied beds are the bed days over 365. Beds at target occupancy plan for the capacity "
    "policy's occupancy; beds for the risk target meet its turn-away risk. Planned beds are the "
    "scenario's planned beds, or, where it gives none, today's beds: the published general and acute "
    "bed stock where the data pack has it, counted as the residents' beds (the trust's beds x the "
    "residents' share of them / the trust's share of residents' beds, so not the sitrep's "
    "count: see the method page), else the base year's beds at target occupancy. They are the "
    "beds the occupancy and the risk of finding no bed are measured at."
)
CHARTS = (
    ChartDef("activity", "Activity", ("activity",), "Units a year"),
    ChartDef("bed_days", "Bed days", ("bed_days",), "Bed days a year"),
    ChartDef(
        "beds",
        "Beds: occupied on an average day, needed, and planned",
        ("mean_occupied_beds", "beds_at_target_occupancy", "beds_for_risk", "planned_beds"),
        "Beds",
        words=BEDS_WORDS,
    ),
    ChartDef(
        "turn_away",
        "Probability that an arriving patient finds no bed (at the planned beds)",
        ("p_no_bed", "p_no_bed_peak_month"),
        "Probability",
        percent=True,
        words=RISK_WORDS,
    ),
    ChartDef("workforce", "Workforce", ("wte_total",), "Whole-time equivalents"),
    ChartDef("cost", "Cost", ("cost",), "£ a year"),
    ChartDef(
        "savings",
        "Savings against doing nothing, with the target",
        ("savings_vs_do_nothing",),
        "£ a year",
        target=True,
    ),
)
MEASURE_LABELS = {
    "activity": "Activity",
    "bed_days": "Bed days",
    "mean_occupied_beds": "Mean occupied beds",
    "beds_at_target_occupancy": "Beds at target occupancy",
    "planned_beds": "Planned beds",
    "beds_for_risk": "Beds for the risk target",
    "beds_for_risk_peak_month": "Beds for the risk target in the peak month",
    "p_no_bed": "Finds no bed: over the year",
    "p_no_bed_peak_month": "Finds no bed: peak month",
    "p_turned_away": "Turned away (Erlang loss)",
    "p_turned_away_peak_month": "Turned away in the peak month (Erlang loss)",
    "occupancy": "Occupancy at the planned beds",
    "peak_month_occupancy": "Peak-month occupancy at the planned beds",
    "peak_month_occupied_beds": "Mean occupied beds in the peak month",
    "wte_total": "Workforce (WTE)",
    "cost": "Cost (£)",
    "savings_vs_do_nothing": "Savings against doing nothing (£)",
    "savings_vs_target": "Savings less target (£)",
}
WATERFALL_MEASURES = ("activity", "bed_days", "cost")
MEASURE_LABELS.update(
    {
        "discharge_waiting_p0": "P0 home (internal waits)",
        "discharge_waiting_p1": "P1 home with support",
        "discharge_waiting_p2": "P2 rehabilitation bed",
        "discharge_waiting_p3": "P3 care home",
        "discharge_waiting": "Patients waiting to leave",
        "discharge_acute_beds_freed": "Acute beds freed",
        "discharge_delay_cost": "Cost of waiting bed days (£)",
        "discharge_delayed_share": "Share of acute bed days spent waiting",
    }
)


@dataclass
class Panel:
    key: str
    title: str
    spec: dict[str, Any] | None
    columns: list[str]
    rows: list[list[str]]
    note: str = ""
    setting_used: str = ""
    csv_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    max_rows: int = 1000
    truncated: bool = False

    # the site's ``_chart.html`` partial reads these names
    @property
    def id(self) -> str:
        return f"chart-{self.key}"

    @property
    def description(self) -> str:
        return self.note

    @cached_property
    def spec_attr(self) -> str:
        return json.dumps(self.spec, separators=(",", ":"))


def csv_url(run: Run, table: str, locality: str, setting: str, measures: tuple[str, ...]) -> str:
    query = urlencode(
        {"table": table, "locality": locality, "setting": setting, "measure": ",".join(measures)}
    )
    return f"{reverse('scenarios:download', args=[run.pk, 'csv'])}?{query}"


def measure_label(measure: str) -> str:
    if measure.startswith("wte_") and measure != "wte_total":
        return f"Workforce: {measure.removeprefix('wte_').replace('_', ' ')} (WTE)"
    return MEASURE_LABELS.get(measure, measure.replace("_", " ").capitalize())


def chart_where(locality: str, setting: str) -> str:
    """Where a chart's figures are for, in words: 'Oxford City, General and acute beds'."""
    choices = engine.pack_choices()
    place = "Whole county" if locality == COUNTY else dict(choices["localities"]).get(locality, locality)
    kind = "" if setting in (ALL, "") else dict(choices["settings"]).get(setting, setting)
    return ", ".join(p for p in (place, kind) if p)


def fmt(value: float, percent: bool = False) -> str:
    return f"{value:.1%}" if percent else f"{value:,.0f}"


def options(run: Run) -> dict[str, Any]:
    """Localities and settings a run's results can be viewed by (from the pack's labels)."""
    key = f"scenarios:options:{run.pk}"
    found = cache.get(key)
    if found is None:
        choices = engine.pack_choices()
        labels = dict(choices["settings"])
        present = set(
            RunSummaryRow.objects.filter(
                run=run, locality=COUNTY, measure="activity", year=_first_year(run)
            ).values_list("setting", flat=True)
        )
        settings = (
            ([(ALL, "All settings")] if ALL in present else [])
            + [(code, label) for code, label in choices["settings"] if code in present]
            + [(code, code) for code in sorted(present - set(labels) - {ALL})]
        )
        beds = [code for code, _label in choices["bed_settings"] if code in present]
        found = {
            "localities": [(COUNTY, "County"), *choices["localities"]],
            "settings": settings,
            "default_setting": beds[:1] or [code for code, _label in settings[:1]],
        }
        cache.set(key, found, CACHE_SECONDS)
    return dict(found)


def _first_year(run: Run) -> int:
    row = RunSummaryRow.objects.filter(run=run).order_by("year").values_list("year", flat=True).first()
    return int(row or 0)


def savings_target(spec: dict[str, Any], years: list[int]) -> list[dict[str, Any]]:
    """The scenario's savings target for each year, carried forward from the last year given."""
    targets = {int(y): float(v) for y, v in spec.get("finance", {}).get("savings_target", {}).items()}
    out = []
    for year in years:
        earlier = [y for y in targets if y <= year]
        if earlier:
            out.append({"year": year, "target": targets[max(earlier)]})
    return out


def _pick(
    rows: list[dict[str, Any]], measures: tuple[str, ...], setting: str
) -> tuple[list[dict[str, Any]], str]:
    """Rows for ``measures`` in ``setting``, else for all settings; and which setting was used."""
    mine = [r for r in rows if r["measure"] in measures]
    for candidate in (setting, ALL):
        chosen = [r for r in mine if r["setting"] == candidate]
        if chosen:
            return chosen, candidate
    return [], ""


def fan_panel(chart: ChartDef, rows: list[dict[str, Any]], setting: str, run: Run, locality: str) -> Panel:
    chosen, used = _pick(rows, chart.measures, setting)
    if not chosen:
        return Panel(chart.key, chart.title, None, [], [], note="No results for this choice of setting.")
    multi = len(chart.measures) > 1
    data = [{**r, "series": measure_label(r["measure"])} for r in chosen]
    target = (
        savings_target(run.spec, sorted({r["year"] for r in chosen}))
        if chart.target and locality == COUNTY
        else None
    )
    spec = charts.fan(
        data,
        title=chart.title,
        unit=chart.unit,
        series="series" if multi else None,
        target=target,
        percent=chart.percent,
        where=chart_where(locality, used),
        scenario=run.scenario.name,
    )
    columns = ["Year", *(["Measure"] if multi else []), "P10", "Median (P50)", "P90"]
    table = [
        [
            str(r["year"]),
            *([r["series"]] if multi else []),
            *(fmt(r[q], chart.percent) for q in ("p10", "p50", "p90")),
        ]
        for r in sorted(data, key=lambda r: (r["series"], r["year"]))
    ]
    note = "" if used == setting else "Shown for all settings: this measure is not split by setting."
    note = f"{chart.words} {note}".strip()
    if target:
        note = (note + " The dashed line is the scenario's savings target.").strip()
    return Panel(
        chart.key,
        chart.title,
        spec,
        columns,
        table,
        note=note,
        setting_used=used,
        csv_url=csv_url(run, "summary", locality, used, chart.measures),
    )


def planned_beds_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``planned_beds`` rows from the stored mean occupied beds and the occupancy at the planned beds.

    The engine measures occupancy as ``mean occupied beds / planned beds`` with the planned beds fixed
    in each year, so every quantile of the ratio recovers them: ``planned = p50(beds) / p50(occupancy)``.
    """
    load = {(r["year"], r["setting"]): r for r in rows if r["measure"] == "mean_occupied_beds"}
    out = []
    for r in rows:
        mean = load.get((r["year"], r["setting"]))
        if r["measure"] != "occupancy" or mean is None or not r["p50"] > 0:
            continue
        beds = float(round(mean["p50"] / r["p50"]))
        out.append({**r, "measure": "planned_beds", "p10": beds, "p50": beds, "p90": beds})
    return out


def _waterfall_panels(run: Run, locality: str, setting: str) -> list[Panel]:
    query = RunWaterfallRow.objects.filter(run=run, locality=locality, measure__in=WATERFALL_MEASURES)
    rows = [dict(r) for r in query.order_by("position").values("setting", "measure", "step", "value")]
    panels = []
    for measure in WATERFALL_MEASURES:
        chosen, used = _pick(rows, (measure,), setting)
        if not chosen:
            continue
        title = f"What drove the change in {measure_label(measure).lower()} by the horizon year"
        spec = charts.waterfall(
            chosen,
            title=title,
            unit=measure_label(measure),
            where=chart_where(locality, used),
            scenario=run.scenario.name,
        )
        table = [[charts.step_label(r["step"]), fmt(r["value"])] for r in chosen]
        panels.append(
            Panel(
                f"waterfall_{measure}",
                title,
                spec,
                ["Step", "Change"],
                table,
                setting_used=used,
                note=(
                    "Median run: the iteration whose horizon-year value is the median (P50) shown "
                    "above, so the final bar equals that P50. Baseline and final are totals; the "
                    "steps between are changes."
                ),
                csv_url=csv_url(run, "waterfall", locality, used, (measure,)),
            )
        )
    return panels


def panels(run: Run, locality: str, setting: str) -> list[Panel]:
    """Every chart on the results page for one locality and setting (cached per run)."""
    from careshift.apps.scenarios import results_flow  # it builds on this module's panels

    key = f"scenarios:panels:{run.pk}:{locality}:{setting}"
    found = cache.get(key)
    if found is None:
        measures = sorted({m for c in CHARTS for m in c.measures} | {"occupancy"})
        rows = RunSummaryRow.objects.chart_rows(run.pk, locality, measures)
        rows += planned_beds_rows(rows)
        found = [fan_panel(c, rows, setting, run, locality) for c in CHARTS]
        found += _waterfall_panels(run, locality, setting)
        found += results_flow.flow_panels(run, locality, setting)
        for panel in found:
            _ = panel.spec_attr  # serialise once, before caching
        cache.set(key, found, CACHE_SECONDS)
    return list(found)
