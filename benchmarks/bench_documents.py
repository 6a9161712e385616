"""Board-ready documents benchmark: the results document of the sample run and the document of the sample
comparison (do nothing against care closer to home), as PDF and Word, on the shipped Oxfordshire pack.

The issue's target (issue 9): "the PDF of the sample comparison renders in under 10 s". The script

1. makes a throwaway CARESHIFT_HOME (or uses --home), migrates it, creates the shipped samples and runs
   each for --iterations (default 1,000, the app's default) through the worker, unless it has such a run;
2. in that process (its own Django), first draws one small chart and one small PDF and Word document
   (the process's one-off start: fonts, the Vega engine), then times each document as its download
   view makes it: gathering it (the run's charts and tables, the headline, levers and assumptions) and
   rendering it (charts drawn by vl-convert, then WeasyPrint or python-docx), --repeat times "cold"
   (the results cache and the remembered chart drawings emptied before each: the first download of a
   run's document) and once "warm" (a second download: the drawings remembered);
3. prints each document's median and worst cold seconds, its warm seconds, its size and pages.

Example (a minute or two; the two runs take most of it):
    .venv/bin/python benchmarks/bench_documents.py
    .venv/bin/python benchmarks/bench_documents.py --repeat 5 --home /tmp/cs-docs   # reuse the runs
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("do-nothing", "care-closer-to-home")


def _runs(iterations: int) -> list[Any]:
    from careshift.apps.jobs import worker
    from careshift.apps.scenarios import services
    from careshift.apps.scenarios.models import Run

    services.ensure_sample_scenarios(run=False)
    found = []
    for slug in SAMPLES:
        scenario = services.get_scenario(slug)
        done = Run.objects.filter(scenario=scenario, iterations=iterations, job__status="succeeded").last()
        if done is None:
            run = services.start_run(None, scenario, iterations=iterations, seed=42, executor="local")
            worker.run_forever(once=True)
            done = Run.objects.get(pk=run.pk)
            assert done.status == "succeeded", (done.error_message, done.error_hint)
        found.append(done)
    return found


def _start_up() -> float:
    """The process's one-off cost: a first chart, PDF and Word document."""
    from careshift.site import documents

    spec = {"data": {"values": [{"x": 1}]}, "mark": "point", "encoding": {"x": {"field": "x"}}}
    start = time.perf_counter()
    documents.render("<p>start</p><div data-chart='c'></div>", {"c": spec}, "pdf", title="start")
    documents.render("<p>start</p><div data-chart='c'></div>", {"c": spec}, "docx", title="start")
    return time.perf_counter() - start


def _cold() -> None:
    from django.core.cache import cache

    from careshift.site import documents

    cache.clear()
    documents._svg.cache_clear()
    documents._png.cache_clear()


def _time(make: Any, repeat: int) -> dict[str, Any]:
    gather, render, sizes = [], [], []
    for n in range(repeat + 1):
        if n < repeat:
            _cold()
        start = time.perf_counter()
        doc, write = make()
        middle = time.perf_counter()
        content = write(doc)
        end = time.perf_counter()
        gather.append(middle - start)
        render.append(end - middle)
        sizes.append(len(content))
    totals = [g + r for g, r in zip(gather, render, strict=True)]
    out = {
        "median_s": statistics.median(totals[:-1]),
        "max_s": max(totals[:-1]),
        "gather_median_s": statistics.median(gather[:-1]),
        "render_median_s": statistics.median(render[:-1]),
        "warm_s": totals[-1],
        "bytes": sizes[-1],
    }
    if content.startswith(b"%PDF"):
        import io

        import pypdf

        out["pages"] = len(pypdf.PdfReader(io.BytesIO(content)).pages)
    return out


def measure(iterations: int, repeat: int) -> dict[str, Any]:
    """Run inside Django: the runs, then each document's timings."""
    from django.core.management import call_command

    from careshift.apps.scenarios import compare, report

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    nothing, care = _runs(iterations)
    figures: dict[str, Any] = {"runs_s": time.perf_counter() - start, "iterations": iterations}
    figures["start_up_s"] = _start_up()

    def results_doc() -> Any:
        return report.results_document(care)

    def comparison_doc() -> Any:
        chosen = {nothing.scenario_id: nothing, care.scenario_id: care}
        found = compare.compare([nothing.scenario, care.scenario], "cost", "all", "county", chosen)
        return report.comparison_document(found)

    for name, make in (("results", results_doc), ("comparison", comparison_doc)):
        doc = make()
        figures[f"{name}_charts"] = len(doc.specs)
        for fmt in ("pdf", "docx"):
            figures[f"{name}_{fmt}"] = _time(_pair(make, fmt), repeat)
    return figures


def _pair(make: Any, fmt: str) -> Any:
    from careshift.apps.scenarios import report

    def both() -> tuple[Any, Any]:
        return make(), lambda doc: report.render(doc, fmt)

    return both


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, help="CARESHIFT_HOME to use (kept; its runs are reused)")
    parser.add_argument("--iterations", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        import django

        django.setup()
        print(json.dumps(measure(args.iterations, args.repeat)))
        return
    home = args.home or Path(tempfile.mkdtemp(prefix="careshift-bench-documents-"))
    environment = {
        **os.environ,
        "CARESHIFT_HOME": str(home),
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "careshift.site.settings",
    }
    command = [sys.executable, __file__, "--measure", f"--iterations={args.iterations}"]
    out = subprocess.run(
        [*command, f"--repeat={args.repeat}"], env=environment, check=True, capture_output=True, text=True
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    load = os.getloadavg()[0]
    print(f"home {home}; two sample runs of {figures['iterations']:,} iterations ({figures['runs_s']:.1f} s)")
    print(
        f"load average {load:.1f} on {os.cpu_count()} cores; the process's start (first chart, PDF and "
        f"Word) {figures['start_up_s']:.2f} s; {args.repeat} cold renders each, then one warm"
    )
    for name in ("results", "comparison"):
        for fmt in ("pdf", "docx"):
            f = figures[f"{name}_{fmt}"]
            pages = f" {f['pages']} pages," if "pages" in f else ""
            print(
                f"{name:10} {fmt:4} cold median {f['median_s']:.2f} s (max {f['max_s']:.2f}; gather "
                f"{f['gather_median_s']:.2f}, render {f['render_median_s']:.2f}), warm {f['warm_s']:.2f} s,"
                f"{pages} {f['bytes'] / 1024:.0f} KB, {figures[f'{name}_charts']} charts"
            )
    target = figures["comparison_pdf"]["max_s"]
    print(f"target: comparison PDF under 10 s: {'met' if target < 10 else 'NOT met'} (worst {target:.2f} s)")


if __name__ == "__main__":
    main()
