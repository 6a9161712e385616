"""What users do to scenarios and runs: create, copy, edit, delete, start, cancel, store results.

Views and the API call these; each writes the audit log. Rules live here, not in views.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from careshift.apps.jobs.services import cancel, enqueue
from careshift.apps.scenarios import engine, versions
from careshift.apps.scenarios.models import Run, RunIterations, RunSummaryRow, RunWaterfallRow, Scenario
from careshift.errors import NotFound, PermissionDenied, ValidationError
from careshift.site.concurrency import save_versioned

log = logging.getLogger(__name__)
KIND = "scenario.run"  # the job kind whose handler is in jobs.py

DEFAULT_ITERATIONS = 1000
DEFAULT_SEED = 20261122
MAX_ITERATIONS = 100_000
MAX_SEED = 2**63 - 1  # the largest seed a database's 64-bit integer column holds
SAMPLE_SLUGS = ("do-nothing", "care-closer-to-home")
# page addresses under /scenarios/ that a scenario slug must not take
RESERVED_SLUGS = frozenset(
    {"new", "import", "compare", "runs", "lever-row", "discharge-row", "views", "method"}
)


def _audit(user: Any, action: str, obj: Any, changes: dict[str, Any] | None = None) -> None:
    from careshift.apps.accounts import audit

    audit.record(user, action, obj, changes)


def unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "scenario"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Scenario.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def name_taken(name: str, exclude: Scenario | None = None) -> ValidationError | None:
    """The error to show if another scenario already has ``name`` (ignoring case), else None."""
    others = Scenario.objects.filter(name__iexact=name.strip())
    if exclude is not None and exclude.pk is not None:
        others = others.exclude(pk=exclude.pk)
    other = others.first()
    if other is None:
        return None
    return ValidationError(
        f"There is already a scenario called '{other.name}'. Scenario names must be unique.",
        hint="Choose another name, e.g. add what is different about this one.",
        fields={"name": f"'{other.name}' is taken; choose another name."},
    )


def unique_name(name: str) -> str:
    """``name``, or ``name (2)``, ``name (3)``, ... : the first no scenario has."""
    base, candidate, n = name[:190], name, 2
    while name_taken(candidate) is not None:
        candidate, n = f"{base} ({n})", n + 1
    return candidate


def refuse_sample(scenario: Scenario) -> None:
    """Shipped samples are read-only: raise ``PermissionDenied`` saying to copy it instead."""
    if scenario.is_sample:
        raise PermissionDenied(
            f"'{scenario.name}' is a sample shipped with careshift and is read-only.",
            hint="Copy it and change the copy (the Copy button on its page, or POST a new scenario).",
        )


def _check_name(name: str, exclude: Scenario | None = None) -> None:
    problem = name_taken(name, exclude)
    if problem is not None:
        raise problem


def get_scenario(slug: str) -> Scenario:
    try:
        return Scenario.objects.get(slug=slug)
    except Scenario.DoesNotExist:
        raise NotFound(f"There is no scenario called {slug!r}.") from None


def get_run(pk: int, *, without_specs: bool = False) -> Run:
    """The run and its scenario; ``without_specs`` skips loading both scenario specs until used."""
    query = Run.objects.select_related("scenario", "job")
    if without_specs:
        query = query.defer("spec", "scenario__spec")
    try:
        return query.get(pk=pk)
    except Run.DoesNotExist:
        raise NotFound(f"There is no run number {pk}.") from None


def _named(spec: dict[str, Any], name: str, description: str) -> dict[str, Any]:
    """Keep the engine spec's own name/description in step with the scenario's (when it has them)."""
    spec = dict(spec)
    if "name" in spec:
        spec["name"] = name
    if "description" in spec:
        spec["description"] = description
    return spec


def create_scenario(
    user: Any,
    *,
    name: str,
    spec: dict[str, Any],
    description: str = "",
    is_sample: bool = False,
    slug: str | None = None,
) -> Scenario:
    spec = engine.normalise(_named(spec, name, description))
    _check_name(name)
    try:
        with transaction.atomic():
            scenario = Scenario.objects.create(
                name=name,
                slug=slug or unique_slug(name),
                description=description,
                spec=spec,
                owner=user if getattr(user, "is_authenticated", False) else None,
                is_sample=is_sample,
            )
            versions.record(user, scenario)
    except IntegrityError:  # the same name saved a moment ago by someone else
        _check_name(name)
        raise
    _audit(user, "scenario.create", scenario, {"name": name})
    return scenario


def update_scenario(
    user: Any,
    scenario: Scenario,
    *,
    name: str,
    spec: dict[str, Any],
    description: str = "",
    expected_version: int | None = None,
) -> Scenario:
    """Save new contents, refused with ``ConflictError`` if the scenario was saved by someone else
    since ``expected_version`` (default: the version ``scenario`` was loaded at). Refused for the
    shipped samples (copy them) and for a name another scenario has. Each save keeps a version."""
    refuse_sample(scenario)
    spec = engine.normalise(_named(spec, name, description))
    _check_name(name, exclude=scenario)
    from careshift.apps.accounts.audit import changes_between

    changes: dict[str, Any] = changes_between(
        {"name": scenario.name, "description": scenario.description},
        {"name": name, "description": description},
    )
    if spec != scenario.spec:
        changes["parts_changed"] = sorted(k for k in spec if spec.get(k) != scenario.spec.get(k))
    scenario.name, scenario.description, scenario.spec = name, description, spec
    try:
        with transaction.atomic():
            save_versioned(scenario, expected_version, fields=["name", "description", "spec"])
            versions.record(user, scenario)
    except IntegrityError:
        _check_name(name, exclude=scenario)
        raise
    _audit(user, "scenario.update", scenario, changes)
    return scenario


def copy_scenario(user: Any, scenario: Scenario, name: str | None = None) -> Scenario:
    name = name or unique_name(f"Copy of {scenario.name}")
    return create_scenario(user, name=name, spec=scenario.spec, description=scenario.description)


def delete_scenario(user: Any, scenario: Scenario) -> None:
    _audit(user, "scenario.delete", scenario, {"name": scenario.name, "slug": scenario.slug})
    scenario.delete()


def default_run_options(scenario: Scenario) -> dict[str, Any]:
    spec = scenario.spec
    executor = Run.Executor.DASK if settings.DASK_SCHEDULER else Run.Executor.LOCAL
    return {
        "iterations": int(spec.get("iterations") or DEFAULT_ITERATIONS),
        "seed": int(spec.get("seed") if spec.get("seed") is not None else DEFAULT_SEED),
        "executor": executor,
    }


def start_run(
    user: Any,
    scenario: Scenario,
    *,
    iterations: int | None = None,
    seed: int | None = None,
    executor: str | None = None,
) -> Run:
    """Queue a run of ``scenario`` as it is now, as a ``scenario.run`` job; a worker picks it up."""
    options = default_run_options(scenario)
    iterations = options["iterations"] if iterations is None else iterations
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise ValidationError(
            f"Iterations must be between 1 and {MAX_ITERATIONS:,}.", fields={"iterations": "Out of range."}
        )
    seed = options["seed"] if seed is None else seed
    if not 0 <= seed <= MAX_SEED:
        raise ValidationError(
            f"The seed must be a whole number from 0 to {MAX_SEED:,}.", fields={"seed": "Out of range."}
        )
    executor = executor or options["executor"]
    if executor not in Run.Executor.values:
        raise ValidationError(f"Unknown executor {executor!r}.", hint="Use 'local' or 'dask'.")
    pack = engine.load_pack()
    with transaction.atomic():  # the run and its job exist together or not at all
        job = enqueue(KIND, {}, owner=user, title=f"Run of {scenario.name}")
        run = Run.objects.create(
            scenario=scenario,
            job=job,
            spec=scenario.spec,
            iterations=iterations,
            seed=seed,
            executor=executor,
            datapack_name=pack.name,
            datapack_version=pack.version,
            engine_version=engine.engine_version(),
            requested_by=user if getattr(user, "is_authenticated", False) else None,
        )
        job.payload, job.total, job.url = {"run": run.pk}, iterations, run.get_absolute_url()
        job.title = f"Run {run.pk} of {scenario.name}"[:200]
        job.save(update_fields=["payload", "total", "url", "title"])
    _audit(user, "run.start", run, {"scenario": scenario.slug, "iterations": iterations})
    return run


def cancel_run(user: Any, run: Run) -> Run:
    """Ask for ``run`` to stop: a queued run is cancelled at once, a running one at its next progress tick."""
    if run.is_finished:
        raise ValidationError(f"Run {run.pk} has already finished ({run.status}).", hint="Start a new run.")
    cancel(run.job, by=user, audit=False)
    _audit(user, "run.cancel", run, {"scenario": run.scenario.slug})
    return run


@transaction.atomic
def store_results(
    run: Run,
    summary: pd.DataFrame,
    waterfall: pd.DataFrame,
    metadata: dict[str, Any],
    iterations: bytes | None = None,
) -> None:
    """Write a run's results as rows (replacing any earlier partial write), and its per-iteration
    county totals (for paired comparisons) when given."""
    RunSummaryRow.objects.filter(run=run).delete()
    RunWaterfallRow.objects.filter(run=run).delete()
    RunIterations.objects.filter(run=run).delete()
    if iterations is not None:
        RunIterations.objects.create(run=run, data=iterations)
    RunSummaryRow.objects.bulk_create(
        (
            RunSummaryRow(
                run=run,
                year=int(r["year"]),
                locality=str(r["locality"]),
                setting=str(r["setting"]),
                measure=str(r["measure"]),
                p10=float(r["p10"]),
                p50=float(r["p50"]),
                p90=float(r["p90"]),
            )
            for r in summary.to_dict("records")
        ),
        batch_size=2000,
    )
    RunWaterfallRow.objects.bulk_create(
        (
            RunWaterfallRow(
                run=run,
                locality=str(r["locality"]),
                setting=str(r["setting"]),
                measure=str(r["measure"]),
                position=i,
                step=str(r["step"]),
                value=float(r["value"]),
            )
            for i, r in enumerate(waterfall.to_dict("records"))
        ),
        batch_size=2000,
    )
    Run.objects.filter(pk=run.pk).update(metadata=_jsonable(metadata))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return value.item() if hasattr(value, "item") else str(value)


def ensure_sample_scenarios(run: bool = True, iterations: int = DEFAULT_ITERATIONS) -> list[Scenario]:
    """Create the engine's shipped samples (idempotent) and queue one run each if none has succeeded."""
    created = []
    for slug, sample in engine.samples().items():
        spec = sample.model_dump(mode="json") if hasattr(sample, "model_dump") else dict(sample)
        scenario = Scenario.objects.filter(slug=slug).first()
        if scenario is None:
            name = unique_name(str(spec.get("name") or slug.replace("-", " ").capitalize()))
            scenario = create_scenario(
                None,
                name=name,
                spec=spec,
                description=str(spec.get("description") or ""),
                is_sample=True,
                slug=slug,
            )
        created.append(scenario)
        active = scenario.runs.filter(
            job__status__in=[Run.Status.QUEUED, Run.Status.RUNNING, Run.Status.SUCCEEDED]
        )
        if run and not active.exists():
            start_run(None, scenario, iterations=iterations, executor=Run.Executor.LOCAL)
    return created
