"""Job-system load test: clients submit scenario runs to `careshift serve` while its workers get killed.

For each database (SQLite file, then PostgreSQL): a throwaway CARESHIFT_HOME, `careshift serve --workers 2`
on a free loopback port, `--clients` threads posting runs to the API for `--seconds` (one every
`--interval` s each), and a worker killed (SIGKILL) every `--kill-every` s so the supervisor must restart
it. Then it waits for the queue to drain and reads the database: every submitted run must have finished
exactly once (succeeded, one set of results), none lost; it prints the restarts the supervisor counted.

Example:
    .venv/bin/python benchmarks/bench_jobs.py --seconds 60 --clients 6
    .venv/bin/python benchmarks/bench_jobs.py --database sqlite --seconds 20
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from bench_web import free_port

ROOT = Path(__file__).resolve().parents[1]
PG_URL = "postgres://postgres@127.0.0.1:5432/careshift_bench_jobs"

PREPARE = """
import django, os
django.setup()
from django.core.management import call_command; call_command('migrate', verbosity=0)
from careshift.apps.accounts.models import User, ApiToken
from careshift.apps.scenarios import engine, services
user = User.objects.create_user('bench', password='bench-password-123', role='analyst')
spec = engine.samples()['do-nothing'].model_dump(mode='json')
services.create_scenario(user, name='Bench', spec=spec, slug='bench')
print(ApiToken.issue(user, 'bench')[1])
"""

COUNT = """
import django, json
django.setup()
from django.db.models import Count
from careshift.apps.scenarios.models import Run
runs = Run.objects.annotate(n=Count('summary_rows'))
rows = {r['pk']: (r['job__status'], r['job__attempts'], r['n'])
        for r in runs.values('pk', 'job__status', 'job__attempts', 'n')}
print(json.dumps(rows))
"""


def environment(home: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "CARESHIFT_HOME": str(home),
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "careshift.site.settings",
        "CARESHIFT_JOB_STALE_SECONDS": "10",  # a killed worker's run is requeued after 10 s, not 60
    }


def django_script(code: str, env: dict[str, str]) -> str:
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def reset_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)


def worker_pids(serve_pid: int) -> list[int]:
    """The `careshift worker` processes whose parent is the serve process (read from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == serve_pid and b"worker" in cmd:
            pids.append(int(entry.name))
    return pids


def submit(
    base: str,
    token: str,
    until: float,
    interval: float,
    iterations: int,
    out: list[tuple[int, int]],
    lock: threading.Lock,
    seed: int,
) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    n = 0
    while time.monotonic() < until:
        response = session.post(
            f"{base}/api/scenarios/bench/runs", json={"iterations": iterations, "seed": seed + n}
        )
        with lock:
            out.append((response.status_code, response.json().get("id", 0) if response.ok else 0))
        n += 1
        time.sleep(interval)


def phase(label: str, database_url: str, args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = environment(home, database_url or f"sqlite:///{home / 'careshift.sqlite3'}")
        token = django_script(PREPARE, env)
        port = free_port()
        log = (home / "serve.log").open("w")
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "careshift",
                "serve",
                "--no-demo",
                "--workers",
                str(args.workers),
                "--port",
                str(port),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base)
            results: list[tuple[int, int]] = []
            lock = threading.Lock()
            started = time.monotonic()
            until = started + args.seconds
            clients = [
                threading.Thread(
                    target=submit,
                    args=(base, token, until, args.interval, args.iterations, results, lock, 1000 * c),
                )
                for c in range(args.clients)
            ]
            for client in clients:
                client.start()
            kills = 0
            while time.monotonic() < until:
                time.sleep(min(args.kill_every, max(0.0, until - time.monotonic())))
                pids = worker_pids(serve.pid)
                if pids and time.monotonic() < until:
                    os.kill(pids[kills % len(pids)], signal.SIGKILL)
                    kills += 1
            for client in clients:
                client.join()
            drained = _drain(base, args.drain)
            health = requests.get(f"{base}/healthz", timeout=30).json()
        finally:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=60)
            log.close()
        runs = {int(k): v for k, v in json.loads(django_script(COUNT, env)).items()}
        restarts_logged = (home / "serve.log").read_text().count("restarted as pid")
    submitted = [run_id for code, run_id in results if code == 201]
    expected_rows = max((n for status, _, n in runs.values() if status == "succeeded"), default=0)
    succeeded = [r for r in submitted if runs.get(r, ("",))[0] == "succeeded"]
    return {
        "database": label,
        "runs submitted": len(submitted),
        "submissions refused": len(results) - len(submitted),
        "finished (succeeded)": len(succeeded),
        "lost (not finished)": len([r for r in submitted if runs.get(r, ("",))[0] != "succeeded"]),
        "duplicates (results stored twice)": len([r for r in succeeded if runs[r][2] != expected_rows]),
        "runs resumed after a killed worker": len([r for r in succeeded if runs[r][1] > 1]),
        "workers killed": kills,
        "worker restarts (healthz)": health.get("jobs", {}).get("worker_restarts"),
        "worker restarts (serve log)": restarts_logged,
        "drain seconds": round(drained, 1),
    }


def _wait_healthy(base: str) -> None:
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("careshift serve did not answer /healthz within 180 s")


def _drain(base: str, limit: float) -> float:
    """Seconds until no job is queued or running (per /healthz), at most ``limit``."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        jobs = requests.get(f"{base}/healthz", timeout=30).json().get("jobs", {})
        if jobs.get("queued") == 0 and jobs.get("running") == 0:
            break
        time.sleep(1)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", default=PG_URL, help="A database this script may drop and create.")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--interval", type=float, default=2.0, help="Seconds between a client's submissions.")
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-every", type=float, default=20.0)
    parser.add_argument("--drain", type=float, default=600.0, help="Longest wait for the queue to empty.")
    args = parser.parse_args()
    figures = []
    if args.database in ("sqlite", "both"):
        figures.append(phase("SQLite", "", args))
    if args.database in ("postgres", "both"):
        reset_postgres(args.pg_url)
        figures.append(phase("PostgreSQL", args.pg_url, args))
    for result in figures:
        print(
            f"\n{result['database']}: {args.clients} clients for {args.seconds:.0f} s, {args.workers} workers"
        )
        for key, value in result.items():
            if key != "database":
                print(f"  {key:38} {value}")


if __name__ == "__main__":
    main()
