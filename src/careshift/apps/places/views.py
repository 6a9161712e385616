"""Oxfordshire at a glance: one page of four charts; HTMX partials when a choice changes; CSV downloads."""

from __future__ import annotations

import json
from functools import lru_cache

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from careshift.apps.accounts.permissions import permission_required
from careshift.apps.places import baseline as calibration
from careshift.apps.places import blocks, charts, data
from careshift.site.charts import csv_response


@permission_required("view")
def index(request: HttpRequest) -> HttpResponse:
    c = blocks.choices(request.GET)
    context = {
        "title": "Oxfordshire at a glance",
        "choices": c,
        "localities": list(data.localities().itertuples(index=False)),
        "years": data.pack().years,
        "colourings": charts.MAP_COLOURINGS.items(),
        "summary": data.localities_summary().to_dict("records"),
        **{name: blocks.rendered(name, c) for name in blocks.BUILDERS},
    }
    return render(request, "places/index.html", context)


@permission_required("view")
def chart_partial(request: HttpRequest, name: str) -> HttpResponse:
    """One chart block (for HTMX swaps when a choice changes)."""
    if name not in blocks.BUILDERS:
        raise Http404(name)
    return HttpResponse(blocks.rendered(name, blocks.choices(request.GET)))


@permission_required("view")
def chart_csv(request: HttpRequest, name: str) -> HttpResponse:
    if name not in blocks.BUILDERS:
        raise Http404(name)
    c = blocks.choices(request.GET)
    block = blocks.BUILDERS[name](c)
    suffix = "" if name in ("map", "deprivation") else f"-{c['locality']}"
    suffix += f"-{c['year']}" if name == "pyramid" else ""
    return csv_response(block.table, f"places-{name}{suffix}.csv")


@lru_cache(maxsize=8)
def _map_json(colour: str) -> bytes:
    return json.dumps(charts.map_spec(colour), separators=(",", ":")).encode()


@permission_required("view")
def map_spec(request: HttpRequest) -> HttpResponse:
    """The map's Vega-Lite spec (large: boundaries inlined), fetched by charts.js."""
    c = blocks.choices(request.GET)
    response = HttpResponse(_map_json(c["colour"]), content_type="application/json")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@permission_required("view")
def baseline(request: HttpRequest) -> HttpResponse:
    """The calibration table: the model's base year beside the published figures (``careshift model
    baseline``)."""
    rows = calibration.rows()
    context = {
        "title": "Today's system against the published figures",
        "rows": rows,
        "summary": calibration.summary(rows),
        "growth": calibration.growth(),
    }
    return render(request, "places/baseline.html", context)


@permission_required("view")
def baseline_csv(request: HttpRequest) -> HttpResponse:
    """The calibration table as ``careshift model baseline --format csv`` prints it."""
    response = HttpResponse(calibration.csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="calibration.csv"'
    return response


@permission_required("view")
def baseline_method(request: HttpRequest) -> HttpResponse:
    """docs/background/baseline.md: how today is built and calibrated."""
    context = {"title": "Method: baseline, calibration and demography", "method": calibration.method_html()}
    return render(request, "places/baseline_method.html", context)
