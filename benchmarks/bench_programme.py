"""Programme office benchmark: a programme of 60 projects, 600 milestones, 400 risks and five years of
monthly savings lines; the dashboard and programme pages under 20 concurrent users, the board pack as
PDF, and importing the whole tracker as XLSX.

Targets (issue 10): dashboard p95 under 300 ms at 20 concurrent users; board-pack PDF under 10 s; the
tracker import under 10 s. The script

1. makes a throwaway CARESHIFT_HOME (or uses --home), migrates it and creates a programme lead;
2. generates the programme in a subprocess (its own Django): 6 workstreams, 60 projects, 600 milestones,
   400 risks, one savings line per project with 60 monthly plan rows (five financial years) and actuals to
   date, a locked status report per project;
3. times, in that subprocess, the board pack built from the 60 snapshots and rendered as PDF (and Word),
   and the export of the tracker to XLSX; then deletes the projects and imports that file back (read,
   validate, plan and save), then imports it again (nothing to change);
4. starts `careshift serve --no-worker --no-demo` and has 20 signed-in users fetch /programme/ and the
   programme page back to back (the client is bench_web's Python threads: on 2 cores they take CPU from
   the server, so the figures are pessimistic).

Example:
    .venv/bin/python benchmarks/bench_programme.py
    .venv/bin/python benchmarks/bench_programme.py --users 20 --requests 10 --home /tmp/cs-prog
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import USERNAME, env, free_port, load, prepare, report, start_server

SLUG = "bench"


def generate() -> dict[str, float]:
    """Build the programme and time the pack and the import (runs inside Django; see --generate)."""
    import datetime as dt
    import random
    import time
    from decimal import Decimal

    from careshift.analysis.programme import savings
    from careshift.apps.accounts.models import User
    from careshift.apps.programme import boardpack, export, services, tracker_save, transfer
    from careshift.apps.programme import models as m
    from careshift.apps.programme.demo import STAGES

    rng = random.Random(1)
    lead = User.objects.get(username=USERNAME)
    today = dt.date.today()
    programme = _programme("Benchmark programme", SLUG, STAGES, m)
    stages = list(programme.stages.all())
    start = time.perf_counter()
    for w in range(6):
        ws = m.Workstream.objects.create(
            programme=programme, slug=f"ws-{w}", name=f"Workstream {w}", lead=lead
        )
        for p in range(10):
            ref = f"B{w}{p:02d}"
            project = m.Project.objects.create(
                workstream=ws,
                reference=ref,
                name=f"Project {ref}",
                owner=lead,
                stage=rng.choice(stages),
                localities=["west"],
            )
            m.Milestone.objects.bulk_create(
                [
                    m.Milestone(
                        project=project,
                        reference=f"{ref}-M{k}",
                        name=f"Milestone {k}",
                        baseline=today + dt.timedelta(days=30 * k - 120),
                        forecast=today + dt.timedelta(days=30 * k - 120 + rng.randint(0, 60)),
                    )
                    for k in range(10)
                ]
            )
            m.RaidItem.objects.bulk_create(
                [
                    m.RaidItem(
                        project=project,
                        reference=f"{ref}-R{k}",
                        title=f"Risk {k}",
                        residual_likelihood=rng.randint(1, 5),
                        residual_impact=rng.randint(1, 5),
                    )
                    for k in range(7 if w * 10 + p < 40 else 6)
                ]
            )  # 40 x 7 + 20 x 6 = 400
            line = m.SavingsLine.objects.create(
                project=project, reference=f"{ref}-S1", title="Savings", full_year_effect=Decimal(200_000)
            )
            first = savings.financial_year(today) - 2
            m.SavingsMonth.objects.bulk_create(
                [
                    m.SavingsMonth(
                        line=line,
                        month=month,
                        plan=Decimal(rng.randint(5_000, 20_000)),
                        actual=Decimal(rng.randint(3_000, 20_000)) if month < today.replace(day=1) else None,
                    )
                    for year in range(first, first + 5)
                    for month in savings.fy_months(year)
                ]
            )
            services.lock_report(lead, services.start_report(lead, project, today))
    figures = {"generate_s": time.perf_counter() - start}
    counts = {
        "projects": m.Project.objects.count(),
        "milestones": m.Milestone.objects.count(),
        "risks": m.RaidItem.objects.count(),
        "savings_months": m.SavingsMonth.objects.count(),
    }
    for fmt in ("pdf", "pdf", "docx"):
        start = time.perf_counter()
        size = len(boardpack.render(boardpack.build(programme), fmt))
        figures[f"board_pack_{fmt}_s" + ("_warm" if f"board_pack_{fmt}_s" in figures else "")] = (
            time.perf_counter() - start
        )
        figures[f"board_pack_{fmt}_bytes"] = size
    start = time.perf_counter()
    data = export.workbook(programme)
    figures["export_xlsx_s"], figures["export_xlsx_bytes"] = time.perf_counter() - start, len(data)
    m.Project.objects.filter(workstream__programme=programme).delete()  # import it back into an empty one
    for label in ("import_xlsx_s", "reimport_unchanged_s"):
        start = time.perf_counter()
        result = transfer.read(data, "tracker.xlsx", programme, max_bytes=50_000_000)
        assert result.is_valid, [str(e) for e in result.errors[:5]]
        tracker_save.save(lead, result, "tracker.xlsx")
        figures[label] = time.perf_counter() - start
        figures[label.replace("_s", "_summary")] = result.summary()  # type: ignore[assignment]
    return {**figures, **counts}


def _programme(name: str, slug: str, stages: list[tuple], m: object) -> object:
    from decimal import Decimal

    from careshift.analysis.programme import savings

    programme = m.Programme.objects.create(name=name, slug=slug)  # type: ignore[attr-defined]
    for k, (key, label, weight, arts, threshold) in enumerate(stages):
        m.Stage.objects.create(
            programme=programme,
            key=key,
            name=label,
            order=k,
            weight=weight,  # type: ignore[attr-defined]
            required_artefacts=arts,
            approval_threshold=threshold,
        )
    import datetime as dt

    m.SavingsTarget.objects.create(
        programme=programme,
        amount=Decimal(15_000_000),  # type: ignore[attr-defined]
        financial_year=savings.financial_year(dt.date.today()),
    )
    return programme


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, help="CARESHIFT_HOME to use (default: a throwaway folder)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="Requests per user per page.")
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        import django

        django.setup()
        print(json.dumps(generate()))
        return
    home = args.home or Path(tempfile.mkdtemp(prefix="careshift-bench-programme-"))
    prepare(home)
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'careshift.site.settings'); django.setup(); from careshift.apps.accounts.models import User; "
            f"User.objects.filter(username='{USERNAME}').update(role='programme_lead')",
        ],
        env=env(home),
        check=True,
    )
    out = subprocess.run(
        [sys.executable, __file__, "--generate"],
        env={**env(home), "DJANGO_SETTINGS_MODULE": "careshift.site.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    for key, value in figures.items():
        print(f"{key}: {value:.2f}" if isinstance(value, float) else f"{key}: {value}")
    port = free_port()
    server = start_server(home, port)
    try:
        base = f"http://127.0.0.1:{port}"
        for path in ("/programme/", f"/programme/{SLUG}/"):
            timings, failures = load(base, path, args.users, args.requests)
            report(path, args.users, timings, failures)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
