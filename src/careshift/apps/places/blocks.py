"""The four Places chart blocks, each built from validated query parameters.

A block is a :class:`careshift.site.charts.ChartBlock`: spec, table and CSV link. Views use
:data:`BUILDERS` by name so the page, the HTMX partial and the CSV download share one definition.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from careshift.apps.places import charts, data
from careshift.errors import ValidationError
from careshift.site.charts import ChartBlock
from careshift.site.charts.titles import ChartTitle


def rendered(name: str, c: dict[str, Any]) -> str:
    """The block's HTML (``_chart.html``), cached per choice: the pack never changes in a process."""
    return _rendered(name, tuple(sorted(c.items())))


@lru_cache(maxsize=256)
def _rendered(name: str, items: tuple[tuple[str, Any], ...]) -> str:
    return render_to_string("_chart.html", {"chart": BUILDERS[name](dict(items))})


def choices(params: QueryDict) -> dict[str, Any]:
    """Validated choices from the query string, with defaults."""
    p = data.pack()
    colour = params.get("colour", "locality")
    if colour not in charts.MAP_COLOURINGS:
        raise ValidationError(f"Unknown map colouring {colour!r}.", fields={"colour": "Choose a colouring."})
    locality = params.get("locality", data.COUNTY)
    data.locality_name(locality)
    try:
        year = int(params.get("year", p.base_year))
    except ValueError:
        raise ValidationError("The year must be a number.", fields={"year": "Enter a year."}) from None
    return {"colour": colour, "locality": locality, "year": year}


def _csv_url(name: str, **params: Any) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("places:csv", args=[name]) + (f"?{query}" if query else "")


def map_block(c: dict[str, Any]) -> ChartBlock:
    label = charts.MAP_COLOURINGS[c["colour"]]
    return ChartBlock(
        id="places-map",
        title=f"Localities and small areas, coloured by {label[0].lower() + label[1:]}",
        table=data.small_areas(),
        csv_url=_csv_url("map"),
        spec_url=reverse("places:map_spec") + f"?colour={c['colour']}",
        description="Hospitals and GP practices are shown as points; hover for details.",
    )


def pyramid_block(c: dict[str, Any]) -> ChartBlock:
    title = ChartTitle(f"Population by age and sex, {c['year']}", where=data.locality_name(c["locality"]))
    table = data.pyramid(c["locality"], c["year"])
    return ChartBlock(
        id="places-pyramid",
        title=title.text,
        table=table,
        spec=charts.pyramid_spec(table, title),
        csv_url=_csv_url("pyramid", locality=c["locality"], year=c["year"]),
    )


def projection_block(c: dict[str, Any]) -> ChartBlock:
    p = data.pack()
    title = ChartTitle(
        f"Population projection, {p.years[0]}–{p.years[-1]}", where=data.locality_name(c["locality"])
    )
    table = data.projection(c["locality"])
    return ChartBlock(
        id="places-projection",
        title=title.text,
        table=table,
        spec=charts.projection_spec(table, title),
        csv_url=_csv_url("projection", locality=c["locality"]),
    )


def deprivation_block(c: dict[str, Any]) -> ChartBlock:
    table = data.deprivation()
    title = ChartTitle(
        "Small areas by deprivation decile (1 = most deprived 10% in England)",
        where=data.locality_name(data.COUNTY),
    )
    return ChartBlock(
        id="places-deprivation",
        title=title.text,
        table=table,
        spec=charts.deprivation_spec(table, title),
        csv_url=_csv_url("deprivation"),
    )


BUILDERS: dict[str, Callable[[dict[str, Any]], ChartBlock]] = {
    "map": map_block,
    "pyramid": pyramid_block,
    "projection": projection_block,
    "deprivation": deprivation_block,
}
