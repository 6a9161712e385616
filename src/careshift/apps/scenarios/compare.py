"""Comparing scenarios: one run of each side by side for one measure, setting and locality.

A comparison names the runs it uses: the runs asked for (``runs=12,15`` in the address), else each
scenario's pinned run if it is agreed, else its latest finished run (``careshift.apps.scenarios.pinning``),
so a link to a comparison of agreed scenarios, or one naming its runs, shows the same figures after a rerun.

When every compared run used the same seed and number of iterations and kept its per-iteration county
totals (``RunIterations``), the engine's keyed random streams make iteration ``i`` of each the same
state of the world, so the difference is **paired**: its range is the P10-P90 of the per-iteration
differences and "chance lower" is the share of iterations where the scenario is below the reference
(``careshift.model.compare``). Otherwise (another seed or number of iterations, a locality rather than
the county, a measure kept only as quantiles, or an older run) the page says why, and the range shown
is the difference of matching quantiles (P10 - P10, P90 - P90), an approximation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from careshift.apps.scenarios import charts, engine, pinning
from careshift.apps.scenarios.compare_levers import LeversSideBySide, side_by_side
from careshift.apps.scenarios.models import Run, RunIterations, RunSummaryRow, Scenario
from careshift.apps.scenarios.results import ALL, COUNTY, chart_where, measure_label
from careshift.site.charts.formatting import Kind
from careshift.site.charts.ranges import number_in_range, range_text

UNPAIRED_MEASURES = ("beds_for_risk", "p_turned_away")  # Erlang maps kept as quantiles only
MONEY_MEASURES = ("cost", "savings_vs_do_nothing", "savings_vs_target")
MEASURES = (
    "activity",
    "bed_days",
    "beds_at_target_occupancy",
    "beds_for_risk",
    "p_turned_away",
    "wte_total",
    "cost",
    "savings_vs_do_nothing",
)


@dataclass
class Comparison:
    measure: str
    setting: str
    locality: str
    runs: list[tuple[Scenario, Run]]
    missing: list[Scenario]
    spec: dict[str, Any] | None
    columns: list[str]
    rows: list[list[str]]
    paired: bool = False
    unpaired_reason: str = ""
    setting_used: str = ""
    note: str = ""
    why: dict[int, str] | None = None  # run id -> "chosen", "pinned" or "latest finished"
    levers: LeversSideBySide | None = None
    records: list[dict[str, Any]] | None = None  # the table's numbers (see compare._records)

    @property
    def runs_used(self) -> list[tuple[Scenario, Run, str]]:
        """Each column's scenario, run and why that run (for the page's "runs used" table)."""
        return [(scenario, run, (self.why or {}).get(run.pk, "")) for scenario, run in self.runs]

    @property
    def run_ids(self) -> str:
        """The runs as the address names them (``runs=12,15``)."""
        return ",".join(str(run.pk) for _, run in self.runs)

    @property
    def permalink(self) -> str:
        """The address of exactly this comparison: these scenarios in this order, through these runs."""
        slugs = [scenario.slug for scenario, _ in self.runs]
        query = {
            "scenarios": slugs,
            "order": ",".join(slugs),
            "measure": self.measure,
            "setting": self.setting,
            "locality": self.locality,
            "runs": self.run_ids,
        }
        return f"{reverse('scenarios:compare')}?{urlencode(query, doseq=True)}"


def runs_to_compare(
    scenarios: list[Scenario], chosen: dict[int, Run] | None = None
) -> tuple[list[tuple[Scenario, Run]], list[Scenario], dict[int, str]]:
    """Each scenario's run (the one ``chosen`` names for it, else its pinned run if agreed, else its
    latest finished run), the scenarios without one, and why each run was used."""
    chosen = chosen or {}
    found, missing, why = [], [], {}
    for scenario in scenarios:
        named = chosen.get(scenario.pk)
        run, reason = (named, pinning.CHOSEN) if named else pinning.quoted_run(scenario)
        if run is None:
            missing.append(scenario)
        else:
            found.append((scenario, run))
            why[run.pk] = reason
    return found, missing, why


def _rows(run: Run, measure: str, setting: str, locality: str) -> dict[int, dict[str, float]]:
    query = RunSummaryRow.objects.filter(run=run, measure=measure, locality=locality)
    rows = list(query.filter(setting=setting).values("year", "p10", "p50", "p90")) or list(
        query.filter(setting="all").values("year", "p10", "p50", "p90")
    )
    return {
        int(r["year"]): {"year": int(r["year"]), **{q: float(r[q]) for q in ("p10", "p50", "p90")}}
        for r in rows
    }


def per_setting(runs: list[tuple[Scenario, Run]], measure: str, locality: str) -> str:
    """The setting to show a measure counted per setting when "all settings" was asked for: the first
    bed setting (in the data pack's order) with rows, else the first setting with rows ("" if none)."""
    if not runs:
        return ""
    present = set(
        RunSummaryRow.objects.filter(run=runs[0][1], measure=measure, locality=locality)
        .values_list("setting", flat=True)
        .distinct()
    )
    choices = engine.pack_choices()
    ordered = [code for code, _ in choices["bed_settings"]] + [code for code, _ in choices["settings"]]
    return next((code for code in ordered if code in present), "")


def _setting_label(code: str) -> str:
    return dict(engine.pack_choices()["settings"]).get(code, code)


def difference(base: dict[str, float], other: dict[str, float]) -> dict[str, float]:
    """``other - base``: the median difference and an approximate range from matching quantiles."""
    ends = sorted((other["p10"] - base["p10"], other["p90"] - base["p90"]))
    return {"median": other["p50"] - base["p50"], "low": ends[0], "high": ends[1]}


def pairing_problem(runs: list[tuple[Scenario, Run]], measure: str, locality: str) -> str:
    """Why these runs cannot be compared by paired differences ("" when they can)."""
    if len(runs) < 2:
        return "there is only one run to compare"
    if locality != COUNTY:
        return "paired differences are kept for the county only; choose the county"
    if measure in UNPAIRED_MEASURES:
        return f"{measure_label(measure).lower()} is kept as quantiles only, not per iteration"
    if len({(run.seed, run.iterations) for _, run in runs}) > 1:
        return "the runs used different seeds or numbers of iterations; run them with the same ones"
    stored = set(RunIterations.objects.filter(run__in=[run for _, run in runs]).values_list("run", flat=True))
    older = [scenario.name for scenario, run in runs if run.pk not in stored]
    if older:
        return f"the run of {', '.join(older)} predates per-iteration results; run it again"
    return ""


def paired_differences(
    runs: list[tuple[Scenario, Run]], measure: str, setting: str
) -> dict[str, dict[int, dict[str, float]]]:
    """Per scenario (other than the first) and year: paired ``median``, ``low``, ``high`` and
    ``p_lower`` of the difference from the first run."""
    data = dict(RunIterations.objects.filter(run__in=[r for _, r in runs]).values_list("run", "data"))
    base = bytes(data[runs[0][1].pk])
    out: dict[str, dict[int, dict[str, float]]] = {}
    for scenario, run in runs[1:]:
        frame = engine.paired_difference(base, bytes(data[run.pk]), setting, measure)
        out[scenario.name] = {
            int(r["year"]): {"median": r["p50"], "low": r["p10"], "high": r["p90"], "p_lower": r["p_lower"]}
            for r in frame.to_dict("records")
        }
    return out


def compare(
    scenarios: list[Scenario],
    measure: str,
    setting: str,
    locality: str = COUNTY,
    chosen: dict[int, Run] | None = None,
) -> Comparison:
    """Overlaid fan chart and a table of each scenario's P10/P50/P90 and its difference from the first;
    ``chosen`` maps a scenario's id to the run to use for it (see :func:`runs_to_compare`)."""
    runs, missing, why = runs_to_compare(scenarios, chosen)
    series = {s.name: _rows(run, measure, setting, locality) for s, run in runs}
    note = ""
    if setting == ALL and runs and not any(series.values()):
        setting = per_setting(runs, measure, locality) or setting
        series = {s.name: _rows(run, measure, setting, locality) for s, run in runs}
        note = (
            f"{measure_label(measure)} is counted per setting, not summed over settings: showing "
            f"{_setting_label(setting)}. Choose another setting above."
        )
    percent = measure == "p_turned_away"
    kind = number_kind(measure)
    data = [{"scenario": name, **row} for name, rows in series.items() for row in rows.values()]
    spec = (
        charts.fan(
            data,
            title=measure_label(measure),
            unit=measure_label(measure),
            series="scenario",
            percent=percent,
            where=chart_where(locality, setting),
            scenario=" vs ".join(series),
        )
        if data
        else None
    )
    problem = pairing_problem(runs, measure, locality)
    pairs = paired_differences(runs, measure, setting) if not problem else {}
    if not problem and not any(pairs.values()):
        problem = f"{measure_label(measure).lower()} is not kept per iteration for this setting"
    columns = ["Year", "Scenario", "P10", "Median (P50)", "P90"]
    columns += (
        ["Median of the paired difference", "Range of the paired difference (P10 to P90)", "Chance lower"]
        if not problem
        else ["Difference in median", "Approximate range of the difference"]
    )
    records = _records(series, runs[0][0].name if runs else "", pairs if not problem else None)
    table = _table(records, not problem, kind)
    return Comparison(
        measure,
        setting,
        locality,
        runs,
        missing,
        spec,
        columns,
        table,
        not problem,
        problem,
        setting,
        note,
        why,
        side_by_side(runs) if runs else None,
        records,
    )


def number_kind(measure: str) -> Kind:
    """How a measure's numbers are written: money, a share (the risk) or a count."""
    if measure in MONEY_MEASURES:
        return "money"
    return "share" if measure == "p_turned_away" else "count"


def _records(
    series: dict[str, dict[int, dict[str, float]]],
    base_name: str,
    pairs: dict[str, dict[int, dict[str, float]]] | None,
) -> list[dict[str, Any]]:
    """One record per year and scenario: its ``p10``, ``p50``, ``p90`` and its difference from the
    reference (``diff``: ``median``, ``low``, ``high`` and, when paired, ``p_lower``; None for the
    reference itself)."""
    records: list[dict[str, Any]] = []
    for year in sorted({y for rows in series.values() for y in rows}):
        for name, rows in series.items():
            row = rows.get(year)
            if row is None:
                continue
            base = series[base_name].get(year)
            if pairs is not None:
                diff = pairs.get(name, {}).get(year)
            else:
                diff = difference(base, row) if base and name != base_name else None
            records.append({"year": year, "scenario": name, **row, "diff": diff})
    return records


def _table(records: list[dict[str, Any]], paired: bool, kind: Kind) -> list[list[str]]:
    """The records as the page's table: each number written to the precision its P10-P90 range supports
    (:mod:`careshift.site.charts.ranges`)."""
    table: list[list[str]] = []
    for record in records:
        ends = record["p10"], record["p90"]
        cells = [str(record["year"]), record["scenario"]]
        cells += [number_in_range(record[q], *ends, kind) for q in ("p10", "p50", "p90")]
        diff = record["diff"]
        if diff is None:
            cells += ["(reference)", ""] + ([""] if paired else [])
        else:
            cells += [
                number_in_range(diff["median"], diff["low"], diff["high"], kind),
                range_text(diff["low"], diff["high"], kind),
            ]
            if paired:
                cells.append(f"{diff['p_lower']:.0%}")
        table.append(cells)
    return table
