"""careshift's system model: demand, beds, workforce, cost and savings by locality and year.

Pure Python and NumPy (no Django, no database). The public entry point is ``run``::

    from careshift.model import run
    from careshift.model.scenario import sample_scenarios
    results = run(sample_scenarios()["care-closer-to-home"], iterations=1000, seed=1)
    results.summary()

See ``docs/background/method.md`` for every formula.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from careshift import __version__
from careshift.datapack.pack import DataPack
from careshift.errors import ModelError
from careshift.model.executors import (
    Cancelled,
    Progress,
    default_chunk_size,
    even_chunks,
    run_dask,
    run_local,
)
from careshift.model.montecarlo import RunParams, run_params
from careshift.model.paired import locality_iterations
from careshift.model.pipeline import EngineContext, build_context, run_chunk, trace
from careshift.model.population import population_share, projected_population
from careshift.model.results import Results, central_frame, median_runs, summary_frame, waterfall_frame
from careshift.model.scenario import Scenario, load_scenario, sample_scenarios
from careshift.model.summary import Collector, occupancy, summarise
from careshift.model.totals import county_totals

ENGINE_VERSION = __version__


def default_pack() -> DataPack:
    """The shipped Oxfordshire pack (``careshift.datapack.load_pack()``)."""
    from careshift import datapack

    loader = getattr(datapack, "load_pack", None)
    if loader is None:
        raise ModelError(
            "The Oxfordshire data pack is not available in this installation.",
            hint="Pass a pack (or --pack PATH) explicitly.",
        )
    return loader()


def run(
    scenario: Scenario,
    pack: DataPack | None = None,
    *,
    iterations: int | None = None,
    seed: int | None = None,
    executor: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
    chunk_size: int | None = None,
    workers: int = 1,
    client: Any = None,
    paired_localities: bool = False,
) -> Results:
    """Run ``scenario`` on ``pack`` (default: the Oxfordshire pack) and summarise the ensemble.

    ``iterations`` and ``seed`` default to the scenario's. ``executor="dask"`` runs chunks on the
    Dask scheduler at ``scheduler`` (or a LocalCluster, or ``client``). ``progress(done, total)`` is called
    as iterations complete; raising ``Cancelled`` from it stops the run. ``workers`` threads run the
    chunks (local executor), the central case beside them and the summary's parts; the numbers are the
    same for any number. ``paired_localities=True``
    also keeps per-iteration values by locality and the bed risks (``Results.localities``,
    ``careshift.model.paired``) for a paired comparison.
    """
    started = time.perf_counter()
    pack = pack if pack is not None else default_pack()
    n = iterations if iterations is not None else scenario.iterations
    seed = seed if seed is not None else scenario.seed
    if n < 1:
        raise ModelError(f"iterations {n} must be at least 1.", hint="Use --iterations 1000 for a quick run.")
    ctx = build_context(scenario, pack)
    params = run_params(scenario, pack, n, seed)  # row 0 central, rows 1..n the ensemble
    if executor not in ("local", "dask"):
        raise ModelError(f"Unknown executor {executor!r}.", hint="Use 'local' or 'dask'.")
    size = chunk_size or even_chunks(default_chunk_size(ctx, n), n, workers)
    pop = projected_population(pack, len(ctx.years), scenario.include_housing_growth)
    share = population_share(pop)[int(params.variant[0])]
    with ThreadPoolExecutor(max_workers=1) as side:  # the central case beside the ensemble
        central = side.submit(_central, ctx, scenario, pack, params.central, share) if workers > 1 else None
        collected = Collector(n)
        if executor == "dask":
            run_dask(ctx, params.ensemble, size, collected.add, progress, scheduler=scheduler, client=client)
        else:
            run_local(ctx, params.ensemble, size, collected.add, progress, workers=workers)
        central_values = central.result() if central else _central(ctx, scenario, pack, params.central, share)
    occ = occupancy(scenario, pack)
    totals = county_totals(ctx, scenario, pack, collected.arrays, occ)
    winter = params.ensemble.winter
    local = (
        locality_iterations(ctx, scenario, pack, collected.arrays, occ, winter) if paired_localities else None
    )
    medians = median_runs(collected.arrays)
    # summarise reorders the collected arrays
    blocks = summarise(ctx, scenario, pack, collected, share, winter, workers)
    settings = tuple(s.code for s in pack.settings)
    traces = trace(ctx, params.ensemble.take(medians.rows))
    return Results(
        summary_frame(blocks, ctx.years, pack.localities),
        waterfall_frame(traces, settings, ctx.bed_settings, pack.localities, medians),
        _metadata(scenario, pack, n, seed, executor, time.perf_counter() - started),
        central_values,
        totals,
        local,
    )


def _central(ctx: EngineContext, scenario: Scenario, pack: DataPack, central: RunParams, share: Any) -> Any:
    """The central case (run 0) through the same summary, apart from the ensemble."""
    collected = Collector(1)
    collected.add(run_chunk(ctx, central, 0))
    blocks = summarise(ctx, scenario, pack, collected, share, central.winter)
    return central_frame(summary_frame(blocks, ctx.years, pack.localities))


def _metadata(scenario: Scenario, pack: DataPack, n: int, seed: int, executor: str, elapsed: float) -> dict:
    return {
        "scenario": scenario.name,
        "illustrative": scenario.illustrative,
        "iterations": n,
        "seed": seed,
        "engine_version": ENGINE_VERSION,
        "datapack": pack.name,
        "datapack_version": pack.version,
        "executor": executor,
        "elapsed_seconds": round(elapsed, 3),
        "horizon_year": scenario.horizon_year,
    }


__all__ = ["Cancelled", "Results", "Scenario", "load_scenario", "run", "sample_scenarios"]
