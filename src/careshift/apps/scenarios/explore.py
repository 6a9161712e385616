"""Exploring a run beyond the results page's one locality and setting: the same measure for every
setting or every locality at once (small multiples of fan charts), a map of the localities coloured by
the measure's median in a year, and the measure's distribution over the iterations in that year.

Everything is read from what the run stored: the summary rows (P10, median and P90 per locality,
setting, measure and year) and, for the distribution, the per-iteration county totals (kept for activity,
bed days, beds, workforce, cost and savings; other measures have quantiles only, and the page says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from careshift.apps.places import data as places
from careshift.apps.scenarios import engine, exports
from careshift.apps.scenarios.models import Run, RunIterations, RunSummaryRow
from careshift.apps.scenarios.results import ALL, COUNTY, chart_where, csv_url, measure_label
from careshift.errors import ValidationError
from careshift.model.totals import IterationTotals
from careshift.site.charts import ChartBlock, builders
from careshift.site.charts.formatting import Kind
from careshift.site.charts.titles import ChartTitle

BY = {"setting": "Every setting, county-wide", "locality": "Every locality"}
DEFAULT_MEASURE = "beds_for_risk"
KINDS: dict[str, Kind] = {"money": "money", "percent": "share", "number": "count"}


@dataclass(frozen=True)
class Choice:
    """What the explore page shows: a measure, split by setting or by locality, and the year of the map
    and the distribution (with the setting they are for)."""

    measure: str
    by: str
    setting: str
    year: int


def kind(measure: str) -> Kind:
    return KINDS[exports.measure_kind(measure)]


def unit(measure: str) -> str:
    return exports.measure_unit(measure) or measure_label(measure)


def measures(run: Run) -> list[tuple[str, str]]:
    """The measures the run stored for the county, labelled, in the results page's words."""
    codes = (
        RunSummaryRow.objects.filter(run=run, locality=COUNTY)
        .values_list("measure", flat=True)
        .distinct()
        .order_by("measure")
    )
    return sorted(((c, measure_label(c)) for c in codes), key=lambda pair: pair[1])


def years(run: Run) -> list[int]:
    rows = RunSummaryRow.objects.filter(run=run, locality=COUNTY).values_list("year", flat=True)
    return sorted(set(rows.distinct()))


def settings_of(run: Run, measure: str) -> list[str]:
    """The settings the measure is split by (``all`` alone for cost, savings and the workforce total)."""
    rows = RunSummaryRow.objects.filter(run=run, locality=COUNTY, measure=measure)
    return sorted(set(rows.values_list("setting", flat=True).distinct()), key=_setting_order)


def _setting_order(code: str) -> tuple[int, str]:
    order = [c for c, _ in engine.pack_choices()["settings"]]
    return (order.index(code) if code in order else len(order), code)


def choose(run: Run, query: Any) -> Choice:
    """The page's choice from its query string; ValidationError naming the field when a value is wrong."""
    known = dict(measures(run))
    measure = query.get("measure") or (DEFAULT_MEASURE if DEFAULT_MEASURE in known else next(iter(known), ""))
    if measure not in known:
        raise ValidationError(
            f"This run has no measure called {measure!r}.",
            hint="Choose a measure from the list.",
            fields={"measure": "Choose a measure from the list."},
        )
    by = query.get("by") or "setting"
    if by not in BY:
        raise ValidationError(
            f"Results can be split by setting or by locality, not {by!r}.", fields={"by": "Choose one."}
        )
    present = settings_of(run, measure)
    setting = query.get("setting") or next((s for s in present if s != ALL), ALL)
    if setting not in present:
        raise ValidationError(
            f"{measure_label(measure)} is not kept for the setting {setting!r}.",
            hint=f"Choose one of: {', '.join(present)}.",
            fields={"setting": "Choose a setting this measure is kept for."},
        )
    run_years = years(run)
    raw = query.get("year") or str(run_years[-1])
    if not raw.isdigit() or int(raw) not in run_years:
        raise ValidationError(
            f"This run covers {run_years[0]} to {run_years[-1]}; {raw!r} is not one of its years.",
            fields={"year": f"Choose a year from {run_years[0]} to {run_years[-1]}."},
        )
    return Choice(measure, by, setting, int(raw))


def small_multiples(run: Run, choice: Choice) -> list[ChartBlock]:
    """One fan chart per setting (county) or per locality (the chosen setting), on a shared measure."""
    query = RunSummaryRow.objects.filter(run=run, measure=choice.measure)
    if choice.by == "setting":
        query = query.filter(locality=COUNTY)
        groups = settings_of(run, choice.measure)
        key = "setting"
    else:
        query = query.filter(setting=choice.setting).exclude(locality=COUNTY)
        groups = [code for code, _ in engine.pack_choices()["localities"]]
        key = "locality"
    rows = list(query.order_by("year").values(key, "year", "p10", "p50", "p90"))
    blocks = []
    for group in groups:
        mine = [r for r in rows if r[key] == group]
        if not mine:
            continue
        locality, setting = (COUNTY, group) if key == "setting" else (group, choice.setting)
        where = chart_where(locality, setting)
        title = ChartTitle(measure_label(choice.measure), where=where, scenario=run.scenario.name)
        blocks.append(
            builders.fan(
                mine,
                title=title,
                unit=unit(choice.measure),
                kind=kind(choice.measure),
                id=f"small-{group}",
                csv_url=csv_url(run, "summary", locality, setting, (choice.measure,)),
            )
        )
    return blocks


def _range_words(row: Mapping[str, Any], measure: str) -> str:
    from careshift.site.charts.ranges import range_text

    return range_text(row["p10"], row["p90"], kind(measure))


def locality_map(run: Run, choice: Choice) -> ChartBlock | None:
    """The localities coloured by the measure's median in the year (P10-P90 in the tooltip)."""
    rows = {
        r["locality"]: r
        for r in RunSummaryRow.objects.filter(
            run=run, measure=choice.measure, setting=choice.setting, year=choice.year
        )
        .exclude(locality=COUNTY)
        .values("locality", "p10", "p50", "p90")
    }
    boundaries = places.features_with("locality", ("name",))
    if not any(f["properties"]["code"] in rows for f in boundaries):
        return None  # county-only measure, or localities the boundaries do not have
    features: list[dict[str, Any]] = []
    for feature in boundaries:
        row = rows.get(feature["properties"]["code"])
        properties = {
            **feature["properties"],
            "median": None if row is None else row["p50"],
            "range": "no result" if row is None else _range_words(row, choice.measure),
        }
        features.append({**feature, "properties": properties})
    where = f"Oxfordshire localities, {chart_where(COUNTY, choice.setting).removeprefix('Whole county, ')}"
    title = ChartTitle(
        f"{measure_label(choice.measure)}, median in {choice.year}", where=where, scenario=run.scenario.name
    )
    return builders.choropleth(
        features,
        title=title,
        colour="median",
        unit=unit(choice.measure),
        kind=kind(choice.measure),
        tooltip=(("name", "Locality"), ("range", "P10 to P90")),
        height=420,
        id="map",
        csv_url="?" + _query(choice, csv="map"),
    )


def distribution(run: Run, choice: Choice) -> ChartBlock | str:
    """The county's value in the year over every iteration, or why it cannot be shown."""
    data = RunIterations.objects.filter(run=run).values_list("data", flat=True).first()
    if data is None:
        return "This run did not keep its per-iteration totals (runs made before they were kept)."
    totals = IterationTotals.from_bytes(bytes(data))
    values = totals.values(choice.setting, choice.measure)
    if values is None:
        kept = sorted({measure_label(m) for _, m, _ in totals.series()})
        return (
            f"{measure_label(choice.measure)} is stored as P10, median and P90 only, not per iteration. "
            f"The distribution is kept for: {', '.join(kept)}."
        )
    index = totals.years.index(choice.year)
    title = ChartTitle(
        f"{measure_label(choice.measure)} in {choice.year}: {totals.iterations:,} iterations",
        where=chart_where(COUNTY, choice.setting),
        scenario=run.scenario.name,
    )
    return builders.distribution(
        list(values[index]),
        title=title,
        unit=unit(choice.measure),
        kind=kind(choice.measure),
        id="distribution",
        csv_url="?" + _query(choice, csv="distribution"),
    )


def _query(choice: Choice, **extra: str) -> str:
    base = {"measure": choice.measure, "by": choice.by, "setting": choice.setting, "year": str(choice.year)}
    return urlencode({**base, **extra})
