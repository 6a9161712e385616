"""Scenarios and runs in the JSON API, mounted at /api/scenarios/ (django-ninja).

Every endpoint is authenticated by the site's ``api_auth`` (bearer token or session) and checks the
caller's role with ``require(request, action)``; errors use the one documented shape (``ErrorOut``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Body, Query, Router, Schema, Status

from careshift.apps.accounts.api_auth import require
from careshift.apps.scenarios import engine, headline, pinning, services
from careshift.apps.scenarios.models import Run, RunSummaryRow, RunWaterfallRow, Scenario
from careshift.apps.scenarios.schemas import (
    DraftIn,
    PinIn,
    RunIn,
    RunOut,
    ScenarioOut,
    ScenarioSummaryOut,
    SummaryRowOut,
    WaterfallRowOut,
)
from careshift.errors import ConflictError, ScenarioError, ValidationError
from careshift.model.scenario import Scenario as ScenarioSpec
from careshift.site.api_errors import ErrorOut
from careshift.site.concurrency import etag, if_match_version

router = Router(tags=["scenarios"])
ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _errors(*codes: int) -> dict[int, Any]:
    return {c: ErrorOut for c in codes} | {c: ERRORS[c] for c in (401, 403)}


class SummaryFilters(Schema):
    year: int | None = None
    locality: str | None = None
    setting: str | None = None
    measure: str | None = None


class HeadlineQuery(Schema):
    year: int | None = None
    setting: str | None = None


class WaterfallFilters(Schema):
    locality: str | None = None
    setting: str | None = None
    measure: str | None = None


def _with_status(scenario: Scenario) -> Scenario:
    latest = scenario.runs.order_by("-queued_at", "-pk").values_list("job__status", flat=True).first()
    scenario.last_run_status = latest  # type: ignore[attr-defined]
    return scenario


@router.get("/", response={200: list[ScenarioSummaryOut], **_errors()}, summary="List scenarios")
def list_scenarios(request: HttpRequest) -> Any:
    require(request, "view")
    return Scenario.objects.with_last_run().select_related("owner")


@router.post("/", response={201: ScenarioOut, **_errors(400, 422)}, summary="Create a scenario")
def create_scenario(request: HttpRequest, payload: ScenarioSpec) -> Any:
    """The body is a scenario in the engine's format (the same as a scenario YAML file, as JSON)."""
    user = require(request, "edit_scenario")
    spec = payload.model_dump(mode="json")
    scenario = services.create_scenario(user, name=payload.name, spec=spec, description=payload.description)
    return Status(201, _with_status(scenario))


def _tagged(response: HttpResponse, scenario: Scenario) -> Scenario:
    """The scenario with its version as the ``ETag`` (send it back as ``If-Match`` to save safely)."""
    response["ETag"] = etag(scenario.version)
    return _with_status(scenario)


@router.get("/{slug}", response={200: ScenarioOut, **_errors(404)}, summary="Get a scenario")
def get_scenario(request: HttpRequest, response: HttpResponse, slug: str) -> Any:
    """The response's ``ETag`` is the scenario's version: send it as ``If-Match`` with PUT or PATCH."""
    require(request, "view")
    return _tagged(response, services.get_scenario(slug))


@router.put(
    "/{slug}", response={200: ScenarioOut, **_errors(400, 404, 409, 422)}, summary="Replace a scenario"
)
def replace_scenario(request: HttpRequest, response: HttpResponse, slug: str, payload: ScenarioSpec) -> Any:
    """With ``If-Match: "<version>"`` the replacement is refused (409) if someone saved since."""
    user = require(request, "edit_scenario")
    expected = if_match_version(request)
    scenario = services.get_scenario(slug)
    spec = payload.model_dump(mode="json")
    services.update_scenario(
        user,
        scenario,
        name=payload.name,
        spec=spec,
        description=payload.description,
        expected_version=expected,
    )
    return _tagged(response, scenario)


PATCH_ATTEMPTS = 3


@router.patch("/{slug}", response={200: ScenarioOut, **_errors(400, 404, 409)}, summary="Change some fields")
def patch_scenario(
    request: HttpRequest, response: HttpResponse, slug: str, payload: Body[dict[str, Any]]
) -> Any:
    """Top-level fields in the body replace the scenario's (e.g. ``{"horizon_year": 2035}``).

    Two PATCHes of different fields never undo each other: each is applied to the latest saved
    version (re-applied if another save came in between). With ``If-Match: "<version>"`` the change is
    refused (409) if the scenario is no longer at that version.
    """
    user = require(request, "edit_scenario")
    expected = if_match_version(request)
    for attempt in range(PATCH_ATTEMPTS):
        scenario = services.get_scenario(slug)
        spec = {**scenario.spec, **payload}
        if not isinstance(spec.get("name"), str):
            raise ScenarioError("name must be text.", fields={"name": "must be text"})
        try:
            services.update_scenario(
                user,
                scenario,
                name=spec["name"],
                spec=spec,
                description=str(spec.get("description") or ""),
                expected_version=expected,
            )
        except ConflictError:
            if expected is not None or attempt == PATCH_ATTEMPTS - 1:
                raise
        else:
            return _tagged(response, scenario)
    raise AssertionError("unreachable")  # pragma: no cover


@router.delete("/{slug}", response={204: None, **_errors(404)}, summary="Delete a scenario and its runs")
def delete_scenario(request: HttpRequest, slug: str) -> Any:
    user = require(request, "delete_scenario")
    services.delete_scenario(user, services.get_scenario(slug))
    return Status(204, None)


@router.get(
    "/{slug}/export.yaml",
    response=_errors(404),
    summary="Export a scenario as YAML",
    openapi_extra={
        "responses": {
            200: {
                "description": "The scenario as a YAML document (the fields of `spec`)",
                "content": {"application/yaml": {"schema": {"type": "object"}}},
            }
        }
    },
)
def export_scenario(request: HttpRequest, slug: str) -> Any:
    require(request, "view")
    scenario = services.get_scenario(slug)
    return HttpResponse(engine.to_yaml(scenario.spec), content_type="application/yaml; charset=utf-8")


@router.post(
    "/{slug}/pin", response={200: ScenarioOut, **_errors(400, 404, 422)}, summary="Agree and pin a run"
)
def pin_run(request: HttpRequest, slug: str, payload: PinIn) -> Any:
    """Mark the scenario agreed with ``run`` pinned (default: its latest finished run), or move the pin.
    Rerunning an agreed scenario never moves its pin; this does, with a reason kept in the audit log."""
    user = require(request, "pin_run")
    scenario = services.get_scenario(slug)
    run = services.get_run(payload.run) if payload.run is not None else None
    return _with_status(pinning.pin_run(user, scenario, run, reason=payload.reason))


@router.post(
    "/{slug}/draft", response={200: ScenarioOut, **_errors(400, 404, 422)}, summary="Return to draft"
)
def return_to_draft(request: HttpRequest, slug: str, payload: DraftIn) -> Any:
    """An agreed scenario becomes a draft again (compared through its latest finished run)."""
    user = require(request, "pin_run")
    return _with_status(pinning.return_to_draft(user, services.get_scenario(slug), reason=payload.reason))


@router.get("/{slug}/runs", response={200: list[RunOut], **_errors(404)}, summary="List a scenario's runs")
def list_runs(request: HttpRequest, slug: str) -> Any:
    require(request, "view")
    return services.get_scenario(slug).runs.select_related("scenario", "job")


@router.post("/{slug}/runs", response={201: RunOut, **_errors(400, 404)}, summary="Start a run")
def start_run(request: HttpRequest, slug: str, payload: RunIn) -> Any:
    """Queue a run of the scenario as it is now; poll ``GET /runs/{id}`` for progress."""
    user = require(request, "run_scenario")
    run = services.start_run(user, services.get_scenario(slug), **payload.dict())
    return Status(201, run)


@router.get("/runs/{run_id}", response={200: RunOut, **_errors(404)}, summary="A run's status and progress")
def get_run(request: HttpRequest, run_id: int) -> Any:
    require(request, "view")
    return services.get_run(run_id)


@router.post("/runs/{run_id}/cancel", response={200: RunOut, **_errors(400, 404)}, summary="Cancel a run")
def cancel_run(request: HttpRequest, run_id: int) -> Any:
    user = require(request, "cancel_run")
    return services.cancel_run(user, services.get_run(run_id))


def _succeeded(run_id: int) -> Run:
    from careshift.errors import NotFound

    run = services.get_run(run_id)
    if run.status != Run.Status.SUCCEEDED:
        raise NotFound(
            f"Run {run_id} has no results: it is {run.status}.", hint="Poll the run until it succeeds."
        )
    return run


@router.get("/runs/{run_id}/summary", response={200: list[SummaryRowOut], **_errors(404)}, summary="Results")
def run_summary(request: HttpRequest, run_id: int, filters: Query[SummaryFilters]) -> Any:
    """P10, median and P90 by year, locality, setting and measure; filter with the query parameters."""
    require(request, "view")
    run = _succeeded(run_id)
    lookups = {k: v for k, v in filters.dict().items() if v is not None}
    return RunSummaryRow.objects.filter(run=run, **lookups).order_by("measure", "setting", "locality", "year")


@router.get(
    "/runs/{run_id}/waterfall", response={200: list[WaterfallRowOut], **_errors(404)}, summary="Waterfall"
)
def run_waterfall(request: HttpRequest, run_id: int, filters: Query[WaterfallFilters]) -> Any:
    """What drove the change by the horizon year (central run), step by step."""
    require(request, "view")
    run = _succeeded(run_id)
    lookups = {k: v for k, v in filters.dict().items() if v is not None}
    return RunWaterfallRow.objects.filter(run=run, **lookups).order_by("position")


@router.get(
    "/runs/{run_id}/headline", response={200: dict[str, Any], **_errors(400, 404)}, summary="Headline figures"
)
def run_headline(request: HttpRequest, run_id: int, query: Query[HeadlineQuery]) -> Any:
    """The answer first, county-wide, for the horizon year or ``year``: beds needed in a bed ``setting``
    (default: the first) against today's and against doing nothing, the risk of turning patients away,
    workforce, cost, savings against the target with the probability of meeting it, and alerts for the
    settings past their capacity policy; each in words (``lines``) and numbers (``figures``)."""
    require(request, "view")
    run = _succeeded(run_id)
    beds = [code for code, _label in engine.pack_choices()["bed_settings"]]
    if query.setting is not None and query.setting not in beds:
        raise ValidationError(
            f"{query.setting[:50]!r} is not a bed setting.",
            hint=f"Give one of {', '.join(beds)}, or leave setting out for the first.",
            fields={"setting": f"Choose one of {', '.join(beds)}."},
        )
    return headline.headline(run, query.year, query.setting).as_dict()
