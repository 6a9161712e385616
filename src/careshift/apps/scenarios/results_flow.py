"""The results page's winter and flow-out-of-hospital panels (``_results_flow.html``): occupancy and
the probability of finding no bed by month (the peak month named), patients waiting to leave hospital,
the beds and money that frees, and the flow's assumptions with their ranges.
"""

from __future__ import annotations

from typing import Any

from careshift.apps.scenarios import charts, discharge, engine
from careshift.apps.scenarios.models import Run, RunSummaryRow
from careshift.apps.scenarios.results import ALL, ChartDef, Panel, chart_where, csv_url, fan_panel, fmt

FLOW_CHARTS = (
    ChartDef(
        "discharge_waiting",
        "Patients waiting in acute beds to leave hospital, by pathway",
        ("discharge_waiting_p0", "discharge_waiting_p1", "discharge_waiting_p2", "discharge_waiting_p3"),
        "Patients on an average day",
    ),
    ChartDef(
        "discharge_freed",
        "Acute beds freed against doing nothing (shorter waits to leave)",
        ("discharge_acute_beds_freed",),
        "Beds",
    ),
    ChartDef(
        "discharge_cost", "Cost of the acute bed days spent waiting", ("discharge_delay_cost",), "£ a year"
    ),
)
MONTH_MEASURES = tuple(f"month_{m:02d}_occupancy" for m in range(1, 13))
NO_BED_MONTHS = tuple(f"month_{m:02d}_p_no_bed" for m in range(1, 13))


def _month_rows(run: Run, locality: str, setting: str, measures: tuple[str, ...]) -> list[dict[str, Any]]:
    """The first and last year's rows of a by-month measure, with ``month`` (1-12), in order."""
    query = RunSummaryRow.objects.filter(run=run, locality=locality, setting=setting, measure__in=measures)
    rows: list[dict[str, Any]] = [dict(r) for r in query.values("year", "measure", "p10", "p50", "p90")]
    years = sorted({r["year"] for r in rows})
    shown = [{**r, "month": int(r["measure"][6:8])} for r in rows if r["year"] in (years[0], years[-1])]
    return sorted(shown, key=lambda r: (r["year"], r["month"]))


def _month_panel(
    run: Run, locality: str, setting: str, key: str, title: str, unit: str, measures: tuple[str, ...]
) -> Panel:
    """One by-month measure at the planned beds, in the first and the last year."""
    shown = _month_rows(run, locality, setting, measures)
    if not shown:
        note = "No monthly figures for this setting (it has no winter swing, or is not a bed setting)."
        return Panel(key, title, None, [], [], note=note, extra={"group": "flow"})
    spec = charts.by_month(
        shown, title=title, unit=unit, percent=True, where=chart_where(locality, setting),
        scenario=run.scenario.name,
    )  # fmt: skip
    table = [
        [
            str(r["year"]),
            charts.MONTHS[r["month"] - 1],
            *(fmt(float(r[q]), True) for q in ("p10", "p50", "p90")),
        ]
        for r in shown
    ]
    columns = ["Year", "Month", "P10", "Median (P50)", "P90"]
    url = csv_url(run, "summary", locality, setting, measures)
    return Panel(key, title, spec, columns, table, setting_used=setting, csv_url=url, extra={"group": "flow"})


def occupancy_month_panel(run: Run, locality: str, setting: str) -> Panel:
    title = "Winter: occupancy of the planned beds by month"
    panel = _month_panel(run, locality, setting, "winter", title, "Occupancy", MONTH_MEASURES)
    if panel.spec:
        panel.note = (
            "Mean beds occupied in each month over the planned beds, from the published monthly profile "
            "of general and acute beds occupied (OUH sitrep, 2022-23 to 2024-25) and its spread between "
            "years. Above 100% patients wait for a bed."
        )
    return panel


def no_bed_month_panel(run: Run, locality: str, setting: str) -> Panel:
    """The probability that an arriving patient finds no bed, by month; the note names the peak month
    and its figures in the last year beside the year's."""
    title = "Winter: probability that an arriving patient finds no bed, by month"
    panel = _month_panel(run, locality, setting, "winter_no_bed", title, "Probability", NO_BED_MONTHS)
    if not panel.spec:
        return panel
    peak = engine.winter_peak_month()
    last = max(int(row[0]) for row in panel.rows)
    at_peak = next(r for r in panel.rows if r[0] == str(last) and r[1] == charts.MONTHS[peak - 1])
    year = RunSummaryRow.objects.filter(
        run=run, locality=locality, setting=setting, measure="p_no_bed", year=last
    ).values_list("p50", flat=True).first()  # fmt: skip
    over_year = f", against {fmt(float(year), True)} over the year" if year is not None else ""
    panel.note = (
        f"The peak month is {PEAK_NAMES[peak - 1]}, the busiest in the published monthly profile: in "
        f"{last} an arriving patient finds every planned bed taken with probability {at_peak[3]} "
        f"(P10 {at_peak[2]}, P90 {at_peak[4]}){over_year}. Each month's risk is at the planned beds for "
        "that month's mean load; the year's averages the months over arrivals."
    )
    return panel


PEAK_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip


def assumptions_panel(run: Run) -> Panel:
    """The discharge flow's assumptions and their ranges (``discharge.assumption_rows``): a table."""
    title = "The flow out of hospital: assumptions and their ranges"
    rows = discharge.assumption_rows(run.spec)
    if not rows:
        note = "This data pack has no discharge figures, so the run has no flow out of hospital."
        return Panel("discharge_assumptions", title, None, [], [], note=note, extra={"group": "flow"})
    note = (
        '"In a run" says which ranges this run draws. Each iteration draws the share of discharges by '
        "pathway and the stay in each pathway's service within their 80% ranges (when the scenario "
        "samples the pack's assumptions), and each discharge lever's size within its range (when it "
        "samples its own values). "
        "The published counts and the shares of the waiting by pathway are calibration targets, and the "
        "two shares that count OUH's delayed patients as residents delayed wherever they are (residents' "
        "share of them, OUH's share of residents' beds) are used at their central values: their ranges "
        "are shown but not drawn, so every iteration reproduces today's waits."
    )
    cells = [r.cells() for r in rows]
    return Panel(
        "discharge_assumptions", title, None, discharge.COLUMNS, cells, note=note,
        extra={"group": "flow", "table": True},
    )  # fmt: skip


def flow_panels(run: Run, locality: str, setting: str) -> list[Panel]:
    """The winter and discharge-to-assess panels (``_results_flow.html``)."""
    measures = sorted({m for c in FLOW_CHARTS for m in c.measures})
    rows = RunSummaryRow.objects.chart_rows(run.pk, locality, measures)
    out = [occupancy_month_panel(run, locality, setting), no_bed_month_panel(run, locality, setting)]
    for chart in FLOW_CHARTS:
        panel = fan_panel(chart, rows, ALL, run, locality)
        panel.extra["group"] = "flow"
        panel.note = ""
        out.append(panel)
    return [*out, assumptions_panel(run)]
