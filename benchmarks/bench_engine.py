"""Engine benchmarks: prints figures (not a timed test).

    .venv/bin/python benchmarks/bench_engine.py            # everything
    .venv/bin/python benchmarks/bench_engine.py oxfordshire
    .venv/bin/python benchmarks/bench_engine.py england

(a) Oxfordshire (the shipped pack; a synthetic stand-in if it is missing): the care-closer-to-home sample,
    every setting by locality, each year to 2040, 10,000 iterations: wall and CPU time on 1 and 2 threads,
    iterations/s, tracemalloc's peak, and the ratio to a bare NumPy kernel doing the same arithmetic
    (``bare_kernel``) on arrays of the same shape.
(b) Synthetic England (33,000 small areas, 42 systems): 1,000 iterations locally and on a Dask
    LocalCluster, and a scaling table over iterations and areas.
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from careshift.datapack.pack import DataPack
from careshift.datapack.synthetic import make_pack, oxfordshire_standin
from careshift.model import run
from careshift.model.executors import default_chunk_size
from careshift.model.pipeline import EngineContext, build_context
from careshift.model.scenario import Scenario, sample_scenarios
from careshift.model.seasonality import seasonality
from careshift.model.summary import occupancy
from careshift.model.totals import staff_ratios


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


def bare_queue(
    arrivals: np.ndarray, stay: np.ndarray, rho: np.ndarray, season: np.ndarray, days: np.ndarray
) -> np.ndarray:
    """The discharge queue's arithmetic over whole arrays (``discharge.mean_waiting_reference``)."""
    rho = np.maximum(rho, 1e-9)
    beta = np.sqrt(2.0 * (np.maximum(arrivals * stay / rho, 1.0) + 1.0))
    log_rho, served = np.log(rho), arrivals / rho
    backlog, total = np.zeros(rho.shape), np.zeros(rho.shape)
    for m in range(len(days)):
        capped = np.minimum(log_rho + np.log(season[m]), np.log(0.95))
        end = np.maximum(backlog + (arrivals * season[m] - served) * days[m], 0.0)
        queue = np.exp(beta * capped) / (1.0 - np.minimum(rho * season[m], 0.95))
        total += (queue + 0.5 * (backlog + end)) * days[m]
        backlog = end
    return total / days.sum()


def bare_flow(
    ctx: EngineContext, rng: np.random.Generator, u: np.ndarray, dn: np.ndarray, add: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Patients waiting ``[pathway, y, l, n]`` and arrivals for driver units ``u`` (places from the
    do-nothing units ``dn``, ``add`` more places on P1-P3): the engine's discharge arithmetic."""
    fc = ctx.flow
    assert fc is not None
    d, n = fc.data, u.shape[-1]
    share, stay = rng.lognormal(0, 0.1, (4, n)), d.stay[:, None] * rng.lognormal(0, 0.1, (3, n))
    share /= (share * (d.arrivals.sum(1) / d.arrivals.sum())[:, None]).sum(0)
    arrivals = d.arrivals[:, None, :, None] * share[:, None, None, :] * (u / fc.base_units[:, None])[None]
    base = d.arrivals[1:, :, None] * share[1:, None, :] * stay[:, None, :] / d.utilisation[:, :, None]
    places = np.maximum(base[:, None] * (dn / fc.base_units[:, None])[None] + add, 1e-6)
    rho = arrivals[1:] * stay[:, None, None, :] / places
    queued = bare_queue(arrivals[1:], stay[:, None, None, :], rho, d.season, d.days)
    return np.concatenate([arrivals[:1] * d.wait0, queued]), arrivals


def bare_kernel(scenario: Scenario, pack: DataPack, iterations: int, chunk: int) -> None:
    """The same arithmetic as the engine with no structure: arrays of the same shapes and layout
    (``[activity, year, locality, iteration]``), random numbers (growth, the pack's rate and LOS
    multipliers, per-iteration unit and bed-day costs, lever sizes, winter strength, pathway shares and
    stays: one generator, no keyed streams), the levers on the same disjoint cohort parts, the discharge
    queue twice (doing nothing and the scenario) with its effect on the acute bed days, then the same
    quantiles: by setting, bed days, the peak month's loads, WTE by staff group, money and the flow.
    (Not included: the maps the engine applies to the three quantiles per cell, such as Erlang B and the
    beds for a risk target, whose cost does not grow with the iterations.)"""
    ctx = build_context(scenario, pack)
    a, _, y, n_loc = ctx.units0.shape
    rng = np.random.default_rng(0)
    u0, d0 = ctx.units0[:, 0, :, :, None], ctx.bed_days0[:, 0, :, :, None]
    setting, beds = ctx.setting_matrix, ctx.setting_matrix[list(ctx.bed_settings)]
    part, fc = ctx.partition, ctx.flow
    assert fc is not None
    drv = fc.data.driver
    contact, per_bed_day, _ = staff_ratios(ctx, pack, occupancy(scenario, pack))
    profile = seasonality(pack)
    act = np.empty((len(setting), y, n_loc + 1, iterations))
    bed = np.empty((len(beds), y, n_loc + 1, iterations))
    cost, saving = np.empty((2, y, n_loc + 1, iterations))
    flow = np.empty((9, y, n_loc + 1, iterations))
    peak = np.empty((len(beds), y, n_loc + 1, iterations))
    wte = np.empty((len(pack.staff_groups), y, n_loc + 1, iterations))
    for start in range(0, iterations, chunk):
        n = min(chunk, iterations - start)
        g = np.power(1 + rng.normal(0.005, 0.004, (a, 1, n)), ctx.years_since_base[None, :, None])[:, :, None]
        g = g * rng.lognormal(0, 0.2, (a, 1, 1, n))  # the pack's rate multipliers
        u, d = u0 * g, d0 * (g * rng.lognormal(0, 0.1, (a, 1, 1, n)))  # and LOS multipliers
        uc = ctx.unit_cost[:, None] * rng.lognormal(0, 0.2, (a, n))  # per-iteration costs [a, i]
        bc = ctx.bed_day_cost[:, None] * rng.lognormal(0, 0.2, (a, n))
        dn_u = u[drv].copy()
        dn_wait, _ = bare_flow(ctx, rng, dn_u, dn_u, 0.0)
        today = fc.data.waiting.sum(0)[None, :, None] / fc.base_bed_days[None, :, None]
        dn_extra = np.maximum(d[drv] * (1 - 365 * today) + 365 * dn_wait.sum(0), 0) - d[drv]
        cost_dn = np.einsum("ayli,ai->yli", u, uc) + np.einsum("ayli,ai->yli", d, bc) + dn_extra * bc[drv]
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
        add = fc.levers[0].ramp[:, None, None] * fc.levers[0].locality_share[:, None] * rng.uniform(0, 40, n)
        wait, arrivals = bare_flow(ctx, rng, u[drv], dn_u, add)
        d[drv] = np.maximum(d[drv] * (1 - 365 * today) + 365 * wait.sum(0), 0)
        sl = slice(start, start + n)
        act[:, :, :-1, sl] = (setting @ u.reshape(a, -1)).reshape(-1, y, n_loc, n)
        bed[:, :, :-1, sl] = (beds @ d.reshape(a, -1)).reshape(-1, y, n_loc, n)
        cost[:, :-1, sl] = np.einsum("ayli,ai->yli", u, uc) + np.einsum("ayli,ai->yli", d, bc)
        saving[:, :-1, sl] = cost_dn - cost[:, :-1, sl]
        total = wait.sum(0)
        flow[:, :, :-1, sl] = np.concatenate([wait, arrivals[1:], (dn_wait.sum(0) - total)[None],
                                              (total * 365 * bc[drv])[None]])  # fmt: skip
    for arr in (act, bed, cost, saving, flow):
        arr[..., -1, :] = arr[..., :-1, :].sum(axis=-2)
    winter = rng.lognormal(0, 0.2, iterations)
    for b, s in enumerate(ctx.bed_settings):
        peak[b] = bed[b] / 365 * profile.index(s, winter)[profile.peak_month]
    wte[:] = np.einsum("sg,syli->gyli", contact, act) + np.einsum("bg,byli->gyli", per_bed_day, bed)
    ks = [int(iterations * 0.1), iterations // 2, int(iterations * 0.9)]
    for arr in (wte, wte.sum(0), peak, act, bed, cost, saving, flow):  # one-k partitions are the fast ones
        arr.partition(ks[1], axis=-1)
        arr[..., : ks[1]].partition(ks[0], axis=-1)
        arr[..., ks[1] + 1 :].partition(ks[2] - ks[1] - 1, axis=-1)


def timed_cpu(func: Callable[[], Any], repeat: int = 2) -> tuple[float, float]:
    """Best wall and best CPU seconds (this process, every thread) of ``repeat`` calls."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        func()
        wall, cpu = min(wall, time.perf_counter() - w), min(cpu, time.process_time() - c)
    return wall, cpu


def traced_peak_mb(func: Callable[[], Any]) -> float:
    """Peak memory allocated (tracemalloc, NumPy arrays included) while ``func`` runs, in MB."""
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def bench_oxfordshire(iterations: int = 10_000) -> None:
    """Wall and CPU time at 1 and 2 threads, the bare kernel, their ratio and tracemalloc's peak. The
    machine may be shared: the load average is printed, and CPU seconds are the steadier figure."""
    pack = oxfordshire_pack()
    scenario = sample_scenarios()["care-closer-to-home"]
    shape = (len(pack.activities), len(pack.years), len(pack.localities))
    print(
        f"\n(a) {pack.name} {pack.version}: {len(pack.settings)} settings, {shape[0]} activities, "
        f"{shape[1]} years, {shape[2]} localities; {len(scenario.levers)} levers; {iterations:,} iterations"
        f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    run(scenario, pack, iterations=100, seed=1)  # warm up (imports, caches)
    engine: dict[int, tuple[float, float]] = {}
    for workers in (1, 2):

        def one(w: int = workers) -> None:
            run(scenario, pack, iterations=iterations, seed=1, workers=w)

        wall, cpu = engine[workers] = timed_cpu(one)
        print(
            f"    engine, {workers} thread(s): {wall:6.2f} s wall, {cpu:6.2f} s CPU, "
            f"{iterations / wall:8,.0f} iterations/s"
        )
    ctx = build_context(scenario, pack)
    if ctx.flow is None:
        print("    (no discharge figures in this pack: the bare kernel, which runs the queue, is skipped)")
        return
    chunk = default_chunk_size(ctx, iterations)  # the engine's chunking
    kernel = timed_cpu(lambda: bare_kernel(scenario, pack, iterations, chunk))
    print(
        f"    bare NumPy kernel (same shapes, 1 thread): {kernel[0]:6.2f} s wall, {kernel[1]:6.2f} s CPU; "
        f"engine (1 thread) / kernel = {engine[1][0] / kernel[0]:.2f}x wall, "
        f"{engine[1][1] / kernel[1]:.2f}x CPU"
    )
    peak = traced_peak_mb(lambda: run(scenario, pack, iterations=iterations, seed=1))
    kernel_peak = traced_peak_mb(lambda: bare_kernel(scenario, pack, iterations, chunk))
    print(f"    peak memory (tracemalloc): engine {peak:,.0f} MB, bare kernel {kernel_peak:,.0f} MB")
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
