"""Where Monte Carlo chunks run: in this process (optionally on threads) or on a Dask cluster.

Both executors call the same pure function, ``run_chunk(context, params.rows(start, stop), start)``,
on slices of one pre-drawn run-parameter table, and results are put back in iteration order, so the
numbers are identical whichever executor, chunk size or number of workers is used.

``progress(done, total)`` is called as chunks complete (from the calling thread); raising ``Cancelled``
from it stops the run (pending Dask tasks are cancelled) and the exception propagates to the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Any

from careshift.errors import ExecutorError
from careshift.model.montecarlo import RunParams
from careshift.model.pipeline import ChunkResult, EngineContext, run_chunk

Progress = Callable[[int, int], None]
Sink = Callable[[ChunkResult], int]  # stores a chunk's results; returns its number of iterations
TARGET_CELLS = 4_000_000  # elements per engine array in one chunk (bounds memory)
MIN_CHUNK = 64  # iterations: long enough for NumPy's inner loops (iterations are the last axis)


class Cancelled(Exception):
    """Raised by a progress callback to stop a run."""


def chunk_bounds(iterations: int, chunk_size: int) -> list[tuple[int, int]]:
    return [(start, min(start + chunk_size, iterations)) for start in range(0, iterations, chunk_size)]


def default_chunk_size(ctx: EngineContext, iterations: int) -> int:
    """Iterations per chunk so one ``[activity, year, locality, i]`` array has ~4M elements (but at
    least ``MIN_CHUNK`` iterations)."""
    a, _, y, loc = ctx.units0.shape
    return max(1, min(iterations, max(MIN_CHUNK, TARGET_CELLS // max(1, a * y * loc))))


def even_chunks(size: int, iterations: int, workers: int) -> int:
    """A chunk size no larger than ``size`` that makes the number of chunks a multiple of ``workers``
    (five chunks on two threads would leave one thread idle for the last)."""
    chunks = -(-iterations // size)
    if workers <= 1 or chunks <= 1:
        return size
    return -(-iterations // (-(-chunks // workers) * workers))


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def run_local(
    ctx: EngineContext,
    params: RunParams,
    chunk_size: int,
    sink: Sink,
    progress: Progress | None = None,
    workers: int = 1,
) -> None:
    """Run chunks here, passing each result to ``sink``; ``workers > 1`` uses threads (NumPy releases
    the GIL in its kernels)."""
    bounds = chunk_bounds(len(params), chunk_size)
    done = 0
    if workers <= 1:
        for start, stop in bounds:
            done += sink(run_chunk(ctx, params.rows(start, stop), start))
            _report(progress, done, len(params))
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = {pool.submit(run_chunk, ctx, params.rows(a, b), a) for a, b in bounds}
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    done += sink(fut.result())
                    _report(progress, done, len(params))
        except BaseException:
            for fut in pending:
                fut.cancel()
            raise


def dask_client(scheduler: str | None, n_workers: int = 2) -> Any:
    """A ``distributed.Client`` for ``scheduler`` (an address) or a new ``LocalCluster``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ExecutorError("Dask is not installed.", hint="pip install 'dask[distributed]'.") from exc
    try:
        if scheduler:
            return Client(scheduler, timeout="10s")
        cluster = LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster)
    except OSError as exc:
        raise ExecutorError(f"Cannot reach the Dask scheduler at {scheduler}: {exc}.") from None


def run_dask(
    ctx: EngineContext,
    params: RunParams,
    chunk_size: int,
    sink: Sink,
    progress: Progress | None = None,
    scheduler: str | None = None,
    client: Any = None,
) -> None:
    """Run chunks on Dask. Pass ``client`` to reuse one; else connect to ``scheduler`` or start a
    LocalCluster (closed afterwards)."""
    own = client is None
    client = client or dask_client(scheduler)
    try:
        from distributed import as_completed

        remote_ctx = client.scatter(ctx, broadcast=True)
        bounds = chunk_bounds(len(params), chunk_size)
        futures = [client.submit(run_chunk, remote_ctx, params.rows(a, b), a, pure=False) for a, b in bounds]
        done = 0
        try:
            for fut in as_completed(futures):
                done += sink(fut.result())
                fut.release()
                _report(progress, done, len(params))
        except BaseException:
            client.cancel(futures)
            raise
    finally:
        if own:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()


__all__ = ["Cancelled", "chunk_bounds", "run_dask", "run_local"]
