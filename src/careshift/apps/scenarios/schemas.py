"""API schemas for scenarios, runs and results (django-ninja), so /api/openapi.json is accurate."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import StrictInt

from careshift.apps.scenarios.services import MAX_ITERATIONS, MAX_SEED


class RunOut(Schema):
    id: int
    scenario: str = Field(description="The scenario's slug.")
    job: int = Field(description="The run's background job (GET /api/jobs/{id}).")
    status: Literal["queued", "running", "succeeded", "failed", "cancelled"]
    done: int = Field(description="Iterations completed so far.")
    total: int
    percent: int
    iterations: int
    seed: int
    executor: Literal["local", "dask"]
    cancel_requested: bool
    error_message: str
    error_hint: str
    datapack_name: str
    datapack_version: str
    engine_version: str
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    metadata: dict[str, Any] = Field(description="The engine's metadata once the run has succeeded.")

    @staticmethod
    def resolve_scenario(obj: Any) -> str:
        return str(obj.scenario.slug)

    @staticmethod
    def resolve_job(obj: Any) -> int:
        return int(obj.job_id)


class ScenarioSummaryOut(Schema):
    slug: str
    name: str
    description: str
    is_sample: bool
    owner: str | None
    created: datetime
    updated: datetime
    last_run_status: str | None = None
    status: Literal["draft", "agreed"] = Field(
        description="Draft, or agreed: an agreed scenario is quoted and compared by its pinned run."
    )
    pinned_run: int | None = Field(
        None, description="The pinned run's id (agreed scenarios); a rerun does not move it."
    )
    version: int = Field(description="Bumped on every save; also the ETag. Send it as If-Match to save.")

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return obj.owner.get_username() if obj.owner else None

    @staticmethod
    def resolve_pinned_run(obj: Any) -> int | None:
        return obj.pinned_run_id if obj.status == "agreed" else None


class ScenarioOut(ScenarioSummaryOut):
    spec: dict[str, Any] = Field(
        description="The scenario in the engine's format (see docs/reference/scenario.md)."
    )


class RunIn(Schema):
    iterations: StrictInt | None = Field(
        None, ge=1, le=MAX_ITERATIONS, description="Default: the scenario's."
    )
    seed: StrictInt | None = Field(None, ge=0, le=MAX_SEED, description="Default: the scenario's.")
    executor: Literal["local", "dask"] | None = Field(
        None, description="Default: dask if configured, else local."
    )


class PinIn(Schema):
    run: StrictInt | None = Field(
        None, ge=1, le=MAX_SEED, description="The run to pin. Default: the latest finished run."
    )
    reason: str = Field(min_length=1, max_length=500, description="Why (kept in the audit log).")


class DraftIn(Schema):
    reason: str = Field(min_length=1, max_length=500, description="Why (kept in the audit log).")


class SummaryRowOut(Schema):
    year: int
    locality: str = Field(description="'county' for county totals.")
    setting: str = Field(description="'all' for measures across settings (cost, savings).")
    measure: str
    p10: float
    p50: float
    p90: float


class WaterfallRowOut(Schema):
    locality: str
    setting: str
    measure: str
    step: str = Field(description="baseline, demography, non_demographic_growth, a lever's name, final.")
    value: float
