"""Results-page benchmark: p50/p95/max page time for 20 concurrent users on a 10,000-iteration run.

The issue's target: "with 20 concurrent users on 2 cores, p95 page time for the results page of a
10,000-iteration run under 300 ms". From a fresh checkout this script:

1. makes a throwaway CARESHIFT_HOME (or reuses --home), migrates it, creates an analyst, creates the
   shipped samples and runs *care-closer-to-home* for 10,000 iterations through the worker
   (``services.start_run`` + ``worker.run_forever(once=True)``), so the results rows are real;
2. starts ``careshift serve --no-worker --no-demo`` on a free port and signs in one session per user;
3. for the results page, a light signed-in page (/accounts/me/) and /healthz: a warm-up, then each
   user requests the page back to back (no think time) over a kept-alive connection;
4. prints requests, non-200 responses, throughput, p50/p95/max, and the CPU seconds used by the server
   and by the load generator, so a reader can see the load generator did not starve the server.

The load generator is ``wrk`` when it is on PATH (``apt-get install wrk``; a Lua script rotates the
users' session cookies over its connections and prints p50/p95/max), else a lean single-threaded
asyncio client in this file. Python thread pools of ``requests`` sessions are not used: on 2 cores
they took CPU from the server and added their own queueing to the figures.

Example (about a minute; the run itself takes 10-30 s):
    .venv/bin/python benchmarks/bench_results_page.py
    .venv/bin/python benchmarks/bench_results_page.py --threads 4 --client python --duration 20
    .venv/bin/python benchmarks/bench_results_page.py --home /tmp/cs-bench   # reuse the run next time
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_web import env, free_port, signed_in, start_server

USERNAME, PASSWORD = "bench-results", "bench-password-123"
SAMPLE = "care-closer-to-home"

SETUP = """
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careshift.site.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from careshift.apps.accounts.models import User
from careshift.apps.scenarios import services
from careshift.apps.scenarios.models import Run
from careshift.apps.scenarios.worker import run_forever
user = User.objects.filter(username={user!r}).first() or User.objects.create_user(
    {user!r}, password={password!r}, role="analyst")
services.ensure_sample_scenarios(run=False)
scenario = services.get_scenario({sample!r})
done = Run.objects.filter(scenario=scenario, iterations={iterations}, status=Run.Status.SUCCEEDED).first()
if done is None:
    run = services.start_run(user, scenario, iterations={iterations}, executor="local")
    run_forever(once=True)
    done = Run.objects.get(pk=run.pk)
print(json.dumps({{"run": done.pk, "status": done.status, "rows": done.summary_rows.count()}}))
"""

WRK_LUA = """
local cookies = {}
for line in io.lines(os.getenv("BENCH_COOKIES")) do cookies[#cookies + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", nil, {Cookie = cookies[(n % #cookies) + 1]})
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %.3f %.3f %.3f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency.max / 1000))
end
"""


@dataclass
class Figures:
    requests: int
    failures: int
    seconds: float
    p50: float
    p95: float
    max: float
    client_cpu: float
    server_cpu: float


def prepare(home: Path, iterations: int) -> int:
    """Migrate, create the user, run the sample for ``iterations``; return the run's number."""
    code = SETUP.format(user=USERNAME, password=PASSWORD, sample=SAMPLE, iterations=iterations)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], env=env(home), check=True, capture_output=True, text=True
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    if found["status"] != "succeeded":
        raise SystemExit(f"The {iterations:,}-iteration run did not succeed: {found['status']}.")
    elapsed = time.perf_counter() - started
    print(f"run {found['run']}: {iterations:,} iterations, {found['rows']:,} summary rows ({elapsed:.0f} s)")
    return int(found["run"])


def sign_in(base: str) -> str:
    """One signed-in session; returns its Cookie header value."""
    return f"sessionid={signed_in(base, USERNAME, PASSWORD).cookies['sessionid']}"


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its child processes (the forked server
    processes); Linux /proc, 0 elsewhere."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_wrk(url: str, cookies: Path, users: int, seconds: float) -> tuple[int, int, float, float, float]:
    """wrk with ``users`` connections on 2 threads; (requests, failures, p50, p95, max) in ms."""
    script = cookies.with_name("bench.lua")
    script.write_text(WRK_LUA)
    cmd = ["wrk", "-t2", f"-c{users}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(script), url]
    out = subprocess.run(
        cmd, env={**os.environ, "BENCH_COOKIES": str(cookies)}, check=True, capture_output=True, text=True
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("BENCH "))
    n, failed, p50, p95, top = line.split()[1:]
    return int(n), int(failed), float(p50), float(p95), float(top)


async def _fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    assert length, "the lean client needs a Content-Length"
    await reader.readexactly(int(length.group(1)))
    return status


async def _user(host: str, port: int, request: bytes, until: float, out: list[tuple[float, int]]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            status = await _fetch(reader, writer, request)
            out.append((time.perf_counter() - started, status))
    finally:
        writer.close()


def run_lean(
    port: int, path: str, cookies: list[str], seconds: float
) -> tuple[int, int, float, float, float]:
    """A single-threaded asyncio client: one kept-alive connection per user, back-to-back requests."""
    out: list[tuple[float, int]] = []
    until = time.perf_counter() + seconds

    async def main() -> None:
        requests_ = [
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {c}\r\n\r\n".encode() for c in cookies
        ]
        await asyncio.gather(*(_user("127.0.0.1", port, r, until, out) for r in requests_))

    asyncio.run(main())
    ms = sorted(t * 1000 for t, _ in out)
    p95 = ms[min(len(ms) - 1, round(0.95 * len(ms)) - 1)]
    return len(ms), sum(s != 200 for _, s in out), statistics.median(ms), p95, ms[-1]


def measure(
    server: subprocess.Popen[bytes], port: int, path: str, cookies: Path, args: argparse.Namespace
) -> Figures:
    """Warm up, then load ``path`` for ``args.duration`` seconds; CPU measured around the load."""
    lines = cookies.read_text().splitlines()
    use_wrk = args.client == "wrk"

    def load(seconds: float) -> tuple[int, int, float, float, float]:
        if use_wrk:
            return run_wrk(f"http://127.0.0.1:{port}{path}", cookies, args.users, seconds)
        return run_lean(port, path, lines, seconds)

    load(args.warmup)
    server_before, client_before = process_cpu(server.pid), children_cpu() if use_wrk else self_cpu()
    started = time.perf_counter()
    n, failed, p50, p95, top = load(args.duration)
    seconds = time.perf_counter() - started
    client = (children_cpu() if use_wrk else self_cpu()) - client_before
    return Figures(n, failed, seconds, p50, p95, top, client, process_cpu(server.pid) - server_before)


def report(label: str, path: str, f: Figures) -> None:
    print(
        f"{label:<14} {path:<30} {f.requests:>6} {f.failures:>5} {f.requests / f.seconds:>7.1f}"
        f" {f.p50:>6.0f} {f.p95:>6.0f} {f.max:>6.0f} {f.server_cpu / f.seconds:>7.0%}"
        f" {f.client_cpu / f.seconds:>7.0%}"
    )


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, help="CARESHIFT_HOME to use and keep (default: a temporary one)")
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=20, help="concurrent users (default 20)")
    parser.add_argument("--threads", type=int, default=None, help="waitress threads (default: serve's)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured per page")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per page")
    parser.add_argument(
        "--client",
        choices=("wrk", "python"),
        default="wrk" if shutil.which("wrk") else "python",
        help="load generator (default wrk when installed)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse()
    home = args.home or Path(tempfile.mkdtemp(prefix="careshift-bench-"))
    run = prepare(home, args.iterations)
    port = free_port()
    server = start_server(home, port, args.threads)
    base = f"http://127.0.0.1:{port}"
    cookies = Path(tempfile.mkdtemp(prefix="careshift-bench-cookies-")) / "cookies.txt"
    cookies.write_text("\n".join(sign_in(base) for _ in range(args.users)) + "\n")
    pages = [
        ("results", f"/scenarios/runs/{run}/results/"),
        ("light page", "/accounts/me/"),
        ("healthz", "/healthz"),
    ]
    threads = args.threads or "serve's default"
    print(f"{args.users} users, {os.cpu_count()} CPUs, waitress threads {threads}, client {args.client}")
    print(
        f"{'page':<14} {'path':<30} {'reqs':>6} {'!200':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'max':>6}"
        f" {'server':>7} {'client':>7}"
    )
    print(f"{'':<14} {'':<30} {'':>6} {'':>5} {'':>7} {'ms':>6} {'ms':>6} {'ms':>6} {'CPU':>7} {'CPU':>7}")
    try:
        for label, path in pages:
            report(label, path, measure(server, port, path, cookies, args))
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(cookies.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
