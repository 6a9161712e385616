"""Choropleth map: areas (GeoJSON features, as the places app draws localities and small areas) coloured
by a property, optional boundary outlines on top and sites as points; no tile server, Mercator projection.

Boundaries are large (hundreds of kilobytes), so they join the spec as named ``datasets`` rather than
being copied into each layer; pages usually fetch such a spec from ``spec_url``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pandas as pd

from careshift.site.charts import palette
from careshift.site.charts.blocks import ChartBlock
from careshift.site.charts.builders.common import (
    NumberKind,
    block,
    colour_scale,
    frame,
    label_transforms,
    number_tooltip,
)
from careshift.site.charts.titles import ChartTitle

ColourType = Literal["nominal", "ordinal", "quantitative"]
HEIGHT = 560


def _property(name: str) -> str:
    return f"properties.{name}"


def area_layer(
    dataset: str,
    *,
    colour: str,
    colour_type: ColourType,
    unit: str,
    kind: NumberKind,
    scheme: str,
    reverse: bool,
    domain: Sequence[Any] | None,
    clamp: bool,
    colours: Mapping[Any, str] | None,
    tooltip: Sequence[tuple[str, str]],
    stroke_width: float = 0.3,
) -> dict[str, Any]:
    """A ``geoshape`` layer over the named dataset, coloured by one of its features' properties."""
    field = _property(colour)
    if colour_type == "nominal":
        scale = colour_scale(domain or [], colours) if colours or domain else {"range": "category"}
    else:
        scale = {
            "scheme": scheme,
            **({"reverse": True} if reverse else {}),
            **({"clamp": True} if clamp else {}),
        }
        if domain is not None:
            scale["domain"] = list(domain)
    tips = [{"field": _property(p), "type": "nominal", "title": t} for p, t in tooltip]
    if colour_type == "quantitative":
        tips.append(number_tooltip(field, unit, kind))
    elif colour not in {p for p, _ in tooltip}:
        tips.append({"field": field, "type": colour_type, "title": unit})
    transforms = label_transforms((field,), kind) if colour_type == "quantitative" else []
    return {
        "data": {"name": dataset},
        **({"transform": transforms} if transforms else {}),
        "mark": {"type": "geoshape", "stroke": palette.WHITE, "strokeWidth": stroke_width},
        "encoding": {
            "color": {"field": field, "type": colour_type, "title": unit, "scale": scale},
            "tooltip": tips,
        },
    }


def outline_layer(dataset: str) -> dict[str, Any]:
    return {
        "data": {"name": dataset},
        # decorative (the areas' tooltips name the localities): hidden from assistive technology, as an
        # unnamed graphic would be announced with no text (axe: svg-img-alt)
        "mark": {
            "type": "geoshape",
            "filled": False,
            "stroke": palette.OUTLINE,
            "strokeWidth": 1.2,
            "aria": False,
        },
    }


def points_layer(
    points: Sequence[Mapping[str, Any]],
    *,
    name: str = "name",
    kind: str | None = None,
    kinds: Sequence[str] = (),
    sizes: Sequence[int] = (),
    colour: str = palette.BLACK,
    tooltip: Sequence[Mapping[str, Any]] = (),
    title: str = "Sites",
) -> dict[str, Any]:
    """Sites at ``lat``/``lon``, one shape (and size) per ``kind`` when given."""
    encoding: dict[str, Any] = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
        "color": {"value": colour},
        "tooltip": [{"field": name, "type": "nominal", "title": "Site"}, *tooltip],
    }
    if kind:
        domain = list(kinds) or list(dict.fromkeys(p[kind] for p in points))
        encoding["shape"] = {"field": kind, "type": "nominal", "title": title, "scale": {"domain": domain}}
        if sizes:
            scale = {"domain": domain, "range": list(sizes)}
            encoding["size"] = {
                "field": kind,
                "type": "ordinal",
                "title": title,
                "scale": scale,
                "sort": domain,
            }
        encoding["tooltip"].insert(1, {"field": kind, "type": "nominal", "title": "Kind"})
    return {
        "data": {"values": [dict(p) for p in points]},
        "mark": {
            "type": "point",
            "filled": True,
            "opacity": 0.9,
            "stroke": palette.WHITE,
            "strokeWidth": 0.5,
        },
        "encoding": encoding,
    }


def choropleth_spec(
    areas: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    colour: str,
    unit: str,
    colour_type: ColourType = "quantitative",
    kind: NumberKind = "count",
    scheme: str = palette.SEQUENTIAL_SCHEME,
    reverse: bool = False,
    domain: Sequence[Any] | None = None,
    clamp: bool = False,
    colours: Mapping[Any, str] | None = None,
    tooltip: Sequence[tuple[str, str]] = (("name", "Area"),),
    outlines: Sequence[Mapping[str, Any]] | None = None,
    points: Mapping[str, Any] | None = None,
    height: int = HEIGHT,
) -> dict[str, Any]:
    """The map's Vega-Lite spec (see :func:`choropleth`)."""
    if colour_type == "nominal" and colours and domain is None:
        domain = list(dict.fromkeys(a["properties"][colour] for a in areas))
    layers = [
        area_layer(
            "areas",
            colour=colour,
            colour_type=colour_type,
            unit=unit,
            kind=kind,
            scheme=scheme,
            reverse=reverse,
            domain=domain,
            clamp=clamp,
            colours=colours,
            tooltip=tooltip,
        )
    ]
    datasets: dict[str, Any] = {"areas": [dict(a) for a in areas]}
    if outlines is not None:
        layers.append(outline_layer("outlines"))
        datasets["outlines"] = [dict(o) for o in outlines]
    if points is not None:
        layers.append(points_layer(**points))
    spec = frame(title, [], height=height)
    del spec["data"]
    return {
        **spec,
        "projection": {"type": "mercator"},
        "layer": layers,
        "resolve": {"scale": {"color": "independent"}},
        "datasets": datasets,
    }


def choropleth(
    areas: Sequence[Mapping[str, Any]],
    *,
    title: ChartTitle,
    colour: str,
    unit: str,
    tooltip: Sequence[tuple[str, str]] = (("name", "Area"),),
    id: str = "",
    csv_url: str = "",
    spec_url: str = "",
    **options: Any,
) -> ChartBlock:
    """A map block (other ``options`` are :func:`choropleth_spec`'s). ``areas`` are GeoJSON features whose
    ``properties`` hold ``colour`` (and ``code``, ``name`` and the ``tooltip`` properties);
    ``colour_type`` is ``quantitative`` (a measure of ``kind`` on the sequential ``scheme``), ``ordinal``
    (deciles: a scheme, ``reverse`` for decile 1 darkest) or ``nominal`` (the palette's colours, or
    ``colours``). ``outlines`` are boundaries drawn on top; ``points`` are :func:`points_layer`'s
    arguments (sites). The table lists each area's properties."""
    spec = choropleth_spec(areas, title=title, colour=colour, unit=unit, tooltip=tooltip, **options)
    shown = ["code", *(p for p, _ in tooltip), colour]
    table = pd.DataFrame(
        [{p: a["properties"].get(p) for p in dict.fromkeys(shown)} for a in areas],
        columns=list(dict.fromkeys(shown)),
    )
    table = table.rename(columns={"code": "Code", colour: unit, **dict(tooltip)})
    return block(title, spec, table, id=id, csv_url=csv_url, spec_url=spec_url)
