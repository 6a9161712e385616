"""Timings the hardening tests used to assert, printed as figures instead (the tests keep the behaviour).

* ``pack``: loading the shipped data pack with a cold cache (median and worst of ``--repeat``).
* ``bomb``: how long the safe loader takes to refuse a "billion laughs" YAML (the 9-level one the
  tests use, and a 10-level one), and its tracemalloc peak; then `careshift model validate` on it.
* ``cancel``: how long a run keeps going after Cancel is pressed at its first progress report, on the
  local executor and on a Dask LocalCluster (64-iteration chunks, 25,600 iterations, a small synthetic
  pack), in a throwaway SQLite CARESHIFT_HOME; and how many of its chunks had run.

Example:
    .venv/bin/python benchmarks/bench_hardening.py
    .venv/bin/python benchmarks/bench_hardening.py pack bomb --repeat 10
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.unit.test_documents: the same alias bomb as the tests


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_pack(repeat: int) -> None:
    from careshift.datapack import loader

    def cold() -> None:
        loader._load_cached.cache_clear()
        loader.load_pack()

    seconds = [timed(cold) for _ in range(repeat)]
    print(
        f"pack: cold load of the shipped pack, median {statistics.median(seconds):.2f} s, "
        f"worst {max(seconds):.2f} s over {repeat}"
    )


def bench_bomb(repeat: int) -> None:
    from click.testing import CliRunner
    from tests.unit.test_documents import billion_laughs

    from careshift.cli import main
    from careshift.documents import load_document
    from careshift.errors import DocumentError

    def refuse(text: str) -> None:
        try:
            load_document(text, "bomb.yaml")
        except DocumentError:
            return
        raise SystemExit("the alias bomb was accepted")

    for levels in (9, 10):
        text = billion_laughs(levels) + "name: bomb\n"
        seconds = [timed(functools.partial(refuse, text)) for _ in range(repeat)]
        tracemalloc.start()
        refuse(text)
        peak = tracemalloc.get_traced_memory()[1] / 2**10
        tracemalloc.stop()
        print(
            f"bomb: {levels} levels ({len(text):,} bytes, ~9^{levels} values) refused in median "
            f"{statistics.median(seconds) * 1000:.1f} ms, worst {max(seconds) * 1000:.1f} ms; "
            f"tracemalloc peak {peak:,.0f} KiB"
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.yaml"
        path.write_text(billion_laughs(10) + "name: bomb\n")
        result: list[Any] = []
        seconds = timed(lambda: result.append(CliRunner().invoke(main, ["model", "validate", str(path)])))
        print(f"bomb: `careshift model validate` exit {result[0].exit_code} in {seconds:.2f} s")


def _django(home: str) -> None:
    os.environ.update(CARESHIFT_HOME=home, DJANGO_SETTINGS_MODULE="careshift.site.settings")
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _cancelled_run(executor: str) -> tuple[float, int, int]:
    """Seconds from Cancel to the worker stopping, chunks run, chunks in all."""
    import careshift.model
    from careshift.apps.jobs import worker
    from careshift.apps.jobs.models import Job
    from careshift.apps.scenarios import engine, services
    from careshift.datapack.synthetic import make_pack
    from careshift.model.scenario import sample_scenarios

    pack = make_pack(n_areas=140, n_systems=1, seed=1)
    engine.load_pack = lambda *a, **k: pack  # type: ignore[assignment]
    careshift.model.default_chunk_size = lambda ctx, n: 64  # type: ignore[assignment]
    spec = sample_scenarios()["care-closer-to-home"].model_dump(mode="json")
    scenario = services.create_scenario(None, name=f"Cancel {executor}", spec=spec)
    seen: dict[str, Any] = {}
    real_run = engine.run

    def run(spec: Any, *, progress: Any, **kwargs: Any) -> Any:
        def report(done: int, total: int) -> None:
            seen["done"] = done
            if "cancelled_at" not in seen:
                seen["cancelled_at"] = time.monotonic()
                Job.objects.filter(status="running").update(cancel_requested=True)
            progress(done, total)

        return real_run(spec, progress=report, **kwargs)

    engine.run = run  # type: ignore[assignment]
    try:
        queued = services.start_run(None, scenario, iterations=64 * 400, executor=executor)
        worker.run_forever(once=True)
        stopped = time.monotonic() - seen["cancelled_at"]
    finally:
        engine.run = real_run  # type: ignore[assignment]
    queued.refresh_from_db()
    assert queued.status == "cancelled", queued.status
    return stopped, seen["done"] // 64, queued.iterations // 64


def bench_cancel(repeat: int) -> None:
    from django.conf import settings

    with tempfile.TemporaryDirectory() as home:
        _django(home)
        for executor in ("local", "dask"):
            if executor == "dask":
                from distributed import LocalCluster

                logging.getLogger("distributed").setLevel(logging.CRITICAL)  # a cancel loses tasks

                cluster = LocalCluster(
                    n_workers=1,
                    threads_per_worker=1,
                    processes=False,
                    dashboard_address=None,
                    silence_logs=logging.CRITICAL,
                )
                settings.DASK_SCHEDULER = cluster.scheduler_address
            figures = [_cancelled_run(executor) for _ in range(repeat)]
            if executor == "dask":
                cluster.close()
            stops = [f[0] for f in figures]
            print(
                f"cancel ({executor}): stopped {statistics.median(stops):.2f} s after Cancel "
                f"(worst {max(stops):.2f} s over {repeat}), after {max(f[1] for f in figures)} "
                f"of {figures[0][2]} chunks at most"
            )


BENCHES = {"pack": bench_pack, "bomb": bench_bomb, "cancel": bench_cancel}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", nargs="*", help=f"any of {', '.join(BENCHES)} (default: all)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    unknown = sorted(set(args.which) - set(BENCHES))
    if unknown:
        parser.error(f"unknown benchmark {unknown}: choose from {', '.join(BENCHES)}")
    for name in args.which or BENCHES:
        BENCHES[name](args.repeat if name != "cancel" else max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
