"""The 'What drives the spread' panel of a results page (HTMX partial), and its CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from careshift.apps.accounts.permissions import permission_required
from careshift.apps.scenarios import sensitivity, services
from careshift.apps.scenarios.models import Run
from careshift.errors import NotFound, ValidationError
from careshift.model.sensitivity import MIN_ITERATIONS
from careshift.site.charts import csv_response


def _year(request: HttpRequest, run: Run) -> int:
    horizon = int(run.spec.get("horizon_year") or 2040)
    raw = request.GET.get("year", "")
    if not raw:
        return horizon
    if not raw.isdigit():
        raise ValidationError(f"Year {raw[:20]!r} is not a year.", hint=f"Give a year such as {horizon}.")
    return int(raw)


@permission_required("view")
def run_drivers(request: HttpRequest, pk: int) -> HttpResponse:
    run = services.get_run(pk)
    if run.status != Run.Status.SUCCEEDED:
        raise NotFound(f"Run {pk} has no results: it is {run.status}.", hint="Open the run page to see why.")
    year = _year(request, run)
    partial = request.headers.get("HX-Request") == "true"
    page = "scenarios/_drivers.html" if partial else "scenarios/drivers.html"
    if run.iterations < MIN_ITERATIONS:
        context = {"run": run, "year": year, "too_few": MIN_ITERATIONS}
        return render(request, page, context)
    frame = sensitivity.table(run, year)
    measure = request.GET.get("csv")
    if measure:
        rows = frame[frame.measure == measure][["measure_label", "label", "input", "rho"]]
        named = rows.rename(
            columns={
                "measure_label": "Measure",
                "label": "Uncertain input",
                "input": "Stream",
                "rho": "Rank correlation",
            }
        )
        return csv_response(named, f"run-{run.pk}-drivers-{measure}-{year}.csv")
    context = {
        "run": run,
        "year": year,
        "charts": sensitivity.charts(run, year, frame),
        "iterations": sensitivity.iterations_used(run),
    }
    return render(request, page, context)
