"""The explore page of a run: small multiples, a map of the localities and a distribution."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from careshift.apps.accounts.permissions import permission_required
from careshift.apps.scenarios import engine, explore, headline, services
from careshift.apps.scenarios.forms import ExploreForm
from careshift.apps.scenarios.models import Run
from careshift.errors import NotFound, ValidationError
from careshift.site.charts import ChartBlock, csv_response


def _options(run: Run, measure: str) -> dict[str, Any]:
    labels = dict(engine.pack_choices()["settings"]) | {"all": "All settings"}
    settings = explore.settings_of(run, measure) if measure else ["all"]
    return {
        "measure": explore.measures(run),
        "by": list(explore.BY.items()),
        "setting": [(s, labels.get(s, s)) for s in settings],
        "year": [(str(y), str(y)) for y in explore.years(run)],
    }


@permission_required("view")
def run_explore(request: HttpRequest, pk: int) -> HttpResponse:
    run = services.get_run(pk, without_specs=True)
    if run.status != Run.Status.SUCCEEDED:
        raise NotFound(f"Run {pk} has no results: it is {run.status}.", hint="Open the run page to see why.")
    try:
        choice = explore.choose(run, request.GET)
    except ValidationError as err:
        measure = request.GET.get("measure", "")
        known = dict(explore.measures(run))
        form = ExploreForm(request.GET, run_options=_options(run, measure if measure in known else ""))
        form.is_valid()
        for field, message in err.fields.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, message)
        context = {"run": run, "form": form, "error": err, "method_url": headline.method_url("ranges")}
        return render(request, "scenarios/explore.html", context, status=400)
    initial = QueryDict(mutable=True)
    initial.update({"measure": choice.measure, "by": choice.by, "setting": choice.setting})
    initial["year"] = str(choice.year)
    form = ExploreForm(initial, run_options=_options(run, choice.measure))
    form.is_valid()
    distribution = explore.distribution(run, choice)
    spread = distribution if not isinstance(distribution, str) else None
    charts: dict[str, ChartBlock | None] = {"map": explore.locality_map(run, choice), "distribution": spread}
    context = {
        "run": run,
        "form": form,
        "choice": choice,
        "multiples": explore.small_multiples(run, choice),
        "map": charts["map"],
        "distribution": spread,
        "distribution_note": distribution if isinstance(distribution, str) else "",
        "method_url": headline.method_url("ranges"),
    }
    wanted = request.GET.get("csv")
    if wanted:
        chart = charts.get(wanted)
        if chart is None:
            raise NotFound(
                f"There is no {wanted!r} table on this page.", hint="Download the map or distribution."
            )
        return csv_response(
            chart.table, f"careshift-run-{run.pk}-{wanted}-{choice.measure}-{choice.year}.csv"
        )
    return render(request, "scenarios/explore.html", context)
