"""Run pages: start, live progress (HTMX polling), cancel, results with charts, downloads, comparison."""

from __future__ import annotations

import functools
import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careshift.apps.accounts.permissions import has_permission, permission_required
from careshift.apps.scenarios import compare as comparing
from careshift.apps.scenarios import engine, exports, headline, report, results, services
from careshift.apps.scenarios import method as methods
from careshift.apps.scenarios.forms import CompareForm, ResultsFilterForm, RunForm
from careshift.apps.scenarios.models import Run, Scenario
from careshift.apps.scenarios.views import scenarios as scenario_pages
from careshift.errors import NotFound, ValidationError
from careshift.site.spreadsheets import web as spreadsheets


@permission_required("run_scenario")
@require_POST
def run_start(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = services.get_scenario(slug)
    form = RunForm(request.POST)
    if not form.is_valid():
        return scenario_pages.detail_page(request, scenario, form, status=400)
    run = services.start_run(request.user, scenario, **form.cleaned_data)
    messages.success(request, f"Run {run.pk} queued.")
    return redirect(run)


def _run_context(request: HttpRequest, run: Run) -> dict[str, object]:
    return {"run": run, "scenario": run.scenario, "can_cancel": has_permission(request.user, "cancel_run")}


@permission_required("view")
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = services.get_run(pk)
    pack = engine.load_pack()
    context = _run_context(request, run) | {
        "pack": pack,
        "assumptions": methods.run_assumptions(run, pack),
        "basis": report.basis(run.scenario, run) if run.spec else None,
    }
    return render(request, "scenarios/run.html", context)


@permission_required("view")
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX partial polled every second while the run is queued or running; a finished run's partial
    stops the polling (it has no ``hx-trigger``) and, on success, links the results."""
    run = services.get_run(pk)
    return render(request, "scenarios/_run_progress.html", _run_context(request, run))


@permission_required("cancel_run")
@require_POST
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = services.cancel_run(request.user, services.get_run(pk))
    if request.headers.get("HX-Request"):
        return render(request, "scenarios/_run_progress.html", _run_context(request, run))
    messages.success(request, f"Run {run.pk}: cancellation requested.")
    return redirect(run)


def _succeeded(pk: int) -> Run:
    run = services.get_run(pk, without_specs=True)
    if run.status != Run.Status.SUCCEEDED:
        raise NotFound(f"Run {pk} has no results: it is {run.status}.", hint="Open the run page to see why.")
    return run


@permission_required("view")
def run_results(request: HttpRequest, pk: int) -> HttpResponse:
    run = _succeeded(pk)
    options = results.options(run)
    form = ResultsFilterForm(request.GET or None, options=options)
    locality, setting = form.choice()
    # a callable: the template calls it only when its cached HTML for this view has expired
    panels = functools.partial(results.panels, run, locality, setting)
    year, year_error = _headline_year(request, run)
    context = {
        "run": run,
        "scenario": run.scenario,
        "form": form,
        "panels": panels,
        "locality": locality,
        "setting": setting,
        "year": year,
        "year_error": year_error,
    }
    context["headline"], context["headline_missing"] = headline.panel_or_reason(run, year, setting)
    template = (
        "scenarios/_results_update.html" if request.headers.get("HX-Request") else "scenarios/results.html"
    )
    return render(request, template, context, status=400 if year_error else 200)


def _headline_year(request: HttpRequest, run: Run) -> tuple[int | None, str]:
    """The headline's ``?year=`` (None: the horizon year) and, for a bad one, the message to show."""
    try:
        return headline.parse_year(run, request.GET.get("year")), ""
    except ValidationError as err:
        return None, err.message


@permission_required("view")
def run_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """XLSX (every table and the levers), CSV (one table, filtered) or JSON, with distinct file names."""
    if fmt not in ("csv", "xlsx", "json"):
        raise NotFound(f"There is no {fmt!r} download.", hint="Download as csv, xlsx or json.")
    run = _succeeded(pk)
    if fmt == "xlsx":
        return spreadsheets.attachment(
            exports.to_xlsx(run), spreadsheets.XLSX_TYPE, exports.filename(run, fmt)
        )
    if fmt == "json":
        response = JsonResponse(exports.to_json(run), json_dumps_params={"indent": 1})
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(run, fmt)}"'
        return response
    table = request.GET.get("table", "summary")
    if table not in exports.TABLES:
        raise NotFound(f"There is no {table!r} table.", hint="Download the summary or the waterfall table.")
    filters = {k: request.GET.get(k) for k in ("locality", "setting", "measure")}
    return spreadsheets.csv_response(
        exports.csv_table(run, table, **filters), exports.filename(run, fmt, table, *filters.values())
    )


def _with_compare_defaults(query: QueryDict) -> QueryDict | None:
    """A link naming only the scenarios (e.g. from a scenario page) compares cost across all settings,
    county-wide; an empty query shows the blank form."""
    if not query:
        return None
    data = query.copy()
    for name, default in (("measure", "cost"), ("setting", "all"), ("locality", "county")):
        if not data.get(name):
            data[name] = default
    return data


def compare_form(query: QueryDict) -> CompareForm:
    """The compare form bound to a query string (the page's, or its documents'), with the defaults."""
    return CompareForm(_with_compare_defaults(query), scenarios=Scenario.objects.all())


@permission_required("view")
def compare(request: HttpRequest) -> HttpResponse:
    form = compare_form(request.GET)
    comparison = None
    if form.is_valid():
        data = form.cleaned_data
        comparison = comparing.compare(
            list(data["scenarios"]), data["measure"], data["setting"], data["locality"], data["runs"]
        )
    template = (
        "scenarios/_compare_result.html" if request.headers.get("HX-Request") else "scenarios/compare.html"
    )
    spec = json.dumps(comparison.spec, separators=(",", ":")) if comparison and comparison.spec else ""
    return render(
        request,
        template,
        {"form": form, "comparison": comparison, "spec": spec, "results_url": reverse("scenarios:list")},
    )
