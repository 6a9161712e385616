"""Engine benchmarks: prints figures (not a timed test).

    .venv/bin/python benchmarks/bench_engine.py            # everything
    .venv/bin/python benchmarks/bench_engine.py oxfordshire
    .venv/bin/python benchmarks/bench_engine.py england

(a) Oxfordshire (the shipped pack; a synthetic stand-in if it is missing): the care-closer-to-home sample,
    every setting by locality, each year to 2040, 10,000 iterations: wall time, iterations/s, peak memory,
    and the ratio to a bare NumPy kernel doing the same arithmetic on arrays of the same shape.
(b) Synthetic England (33,000 small areas, 42 systems): 1,000 iterations locally and on a Dask
    LocalCluster, and a scaling table over iterations and areas.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from careshift.datapack.pack import DataPack
from careshift.datapack.synthetic import make_pack, oxfordshire_standin
from careshift.model import run
from careshift.model.executors import default_chunk_size
from careshift.model.pipeline import build_context
from careshift.model.scenario import Scenario, sample_scenarios


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(func: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = func()
        best = min(best, time.perf_counter() - start)
    return best, out


def oxfordshire_pack() -> DataPack:
    try:
        from careshift.datapack import load_pack

        return load_pack()
    except Exception as exc:
        print(f"(Oxfordshire pack unavailable: {exc}; using the synthetic stand-in)")
        return oxfordshire_standin()


def bare_kernel(scenario: Scenario, pack: DataPack, iterations: int, chunk: int) -> None:
    """The same arithmetic as the engine with no structure: arrays of the same shapes and layout
    (``[activity, year, locality, iteration]``), random numbers (growth, the pack's rate and LOS
    multipliers, per-iteration unit and bed-day costs, lever sizes: one generator, no keyed streams),
    the levers on the same disjoint cohort parts, then the same quantiles."""
    ctx = build_context(scenario, pack)
    a, _, y, n_loc = ctx.units0.shape
    rng = np.random.default_rng(0)
    u0, d0 = ctx.units0[:, 0, :, :, None], ctx.bed_days0[:, 0, :, :, None]
    setting, beds = ctx.setting_matrix, ctx.setting_matrix[list(ctx.bed_settings)]
    part = ctx.partition
    act = np.empty((len(setting), y, n_loc + 1, iterations))
    bed = np.empty((len(beds), y, n_loc + 1, iterations))
    cost = np.empty((y, n_loc + 1, iterations))
    for start in range(0, iterations, chunk):
        n = min(chunk, iterations - start)
        g = np.power(1 + rng.normal(0.005, 0.004, (a, 1, n)), ctx.years_since_base[None, :, None])[:, :, None]
        g = g * rng.lognormal(0, 0.2, (a, 1, 1, n))  # the pack's rate multipliers
        u, d = u0 * g, d0 * (g * rng.lognormal(0, 0.1, (a, 1, 1, n)))  # and LOS multipliers
        uc = ctx.unit_cost[:, None] * rng.lognormal(0, 0.2, (a, n))  # per-iteration costs [a, i]
        bc = ctx.bed_day_cost[:, None] * rng.lognormal(0, 0.2, (a, n))
        cost_dn = np.einsum("ayli,ai->yli", u, uc) + np.einsum("ayli,ai->yli", d, bc)
        pu = np.stack([[u[i] * part.unit_share[q, j, 0][..., None] for j in range(part.n_parts)]
                       for q, i in enumerate(part.activities)])  # fmt: skip
        pd = np.stack([[d[i] * part.bed_share[q, j, 0][..., None] for j in range(part.n_parts)]
                       for q, i in enumerate(part.activities)])  # fmt: skip
        for lever in ctx.levers:
            x = lever.ramp[:, None, None] * rng.uniform(0, 0.1, (1, 1, n))
            for i, q in zip(lever.activities, lever.slots, strict=True):
                for j in lever.parts:
                    out, out_d = x * pu[q, j], x * pd[q, j]
                    pu[q, j] -= out
                    pd[q, j] -= out_d
                    u[i] -= out
                    d[i] -= out_d
                    if lever.target >= 0:
                        u[lever.target] += out
                        d[lever.target] += out * 2.0
        sl = slice(start, start + n)
        act[:, :, :-1, sl] = (setting @ u.reshape(a, -1)).reshape(-1, y, n_loc, n)
        bed[:, :, :-1, sl] = (beds @ d.reshape(a, -1)).reshape(-1, y, n_loc, n)
        cost[:, :-1, sl] = np.einsum("ayli,ai->yli", u, uc) + np.einsum("ayli,ai->yli", d, bc) - cost_dn
    for arr in (act, bed, cost):
        arr[..., -1, :] = arr[..., :-1, :].sum(axis=-2)
        arr.partition([int(iterations * 0.1), iterations // 2, int(iterations * 0.9)], axis=-1)


def bench_oxfordshire(iterations: int = 10_000) -> None:
    pack = oxfordshire_pack()
    scenario = sample_scenarios()["care-closer-to-home"]
    shape = (len(pack.activities), len(pack.years), len(pack.localities))
    print(
        f"\n(a) {pack.name} {pack.version}: {len(pack.settings)} settings, {shape[0]} activities, "
        f"{shape[1]} years, {shape[2]} localities; {len(scenario.levers)} levers; {iterations:,} iterations"
    )
    run(scenario, pack, iterations=100, seed=1)  # warm up (imports, caches)
    for workers in (1, 2):
        seconds, results = timed(
            lambda w=workers: run(scenario, pack, iterations=iterations, seed=1, workers=w), 2
        )
        print(
            f"    engine, {workers} thread(s): {seconds:6.2f} s  {iterations / seconds:8,.0f} iterations/s  "
            f"summary rows {len(results.summary()):,}"
        )
    chunk = default_chunk_size(build_context(scenario, pack), iterations)  # the engine's chunking
    kernel, _ = timed(lambda: bare_kernel(scenario, pack, iterations, chunk), 2)
    engine, _ = timed(lambda: run(scenario, pack, iterations=iterations, seed=1), 1)
    print(
        f"    bare NumPy kernel (same shapes, 1 thread): {kernel:6.2f} s; "
        f"engine / kernel = {engine / kernel:.2f}x"
    )
    print(f"    peak memory (process max RSS so far): {peak_rss_mib():,.0f} MiB")


def england(areas: int = 33_000) -> DataPack:
    return make_pack(n_areas=areas, n_systems=42, seed=0)


def bench_england(iterations: int = 1_000) -> None:
    pack = england()
    scenario = sample_scenarios()["care-closer-to-home"]
    print(f"\n(b) {pack.name}: {len(pack.localities)} localities; {iterations:,} iterations")
    run(scenario, pack, iterations=50, seed=1)  # warm up
    local, _ = timed(lambda: run(scenario, pack, iterations=iterations, seed=1, workers=2), 2)
    print(f"    local (2 threads): {local:6.2f} s  {iterations / local:8,.0f} iterations/s")
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        run(scenario, pack, iterations=50, seed=1, executor="dask", client=client)  # warm the workers
        dask, _ = timed(
            lambda: run(scenario, pack, iterations=iterations, seed=1, executor="dask", client=client)
        )
    print(
        f"    Dask LocalCluster (2 worker processes): {dask:6.2f} s  {iterations / dask:8,.0f} iterations/s"
    )
    scaling(scenario)
    print(f"    peak memory (process max RSS so far): {peak_rss_mib():,.0f} MiB")


def scaling(scenario: Scenario) -> None:
    print("    scaling (local, 2 threads): time = fixed + per-(iteration x locality) cost")
    print(f"    {'areas':>8} {'localities':>10} {'iterations':>10} {'seconds':>8} {'fit':>8}")
    rows = []
    for areas, iterations in ((33_000, 250), (33_000, 500), (33_000, 1_000), (8_250, 1_000), (16_500, 1_000)):
        pack = england(areas)
        seconds, _ = timed(lambda p=pack, n=iterations: run(scenario, p, iterations=n, seed=1, workers=2), 3)
        rows.append((areas, len(pack.localities), iterations, seconds))
    work = np.array([[1.0, n_loc * n] for _, n_loc, n, _ in rows])
    secs = np.array([r[3] for r in rows])
    coef, *_ = np.linalg.lstsq(work, secs, rcond=None)
    fitted = work @ coef
    r2 = 1 - ((secs - fitted) ** 2).sum() / ((secs - secs.mean()) ** 2).sum()
    for (areas, n_loc, n, sec), fit in zip(rows, fitted, strict=True):
        print(f"    {areas:>8,} {n_loc:>10,} {n:>10,} {sec:>8.2f} {fit:>8.2f}")
    print(f"    linear fit: {coef[0]:.2f} s + {coef[1] * 1e6:.1f} µs per iteration-locality (R² = {r2:.3f})")


if __name__ == "__main__":
    which = sys.argv[1:] or ["oxfordshire", "england"]
    if "oxfordshire" in which:
        bench_oxfordshire()
    if "england" in which:
        bench_england()
