"""Web benchmark: page latency under concurrent users, and a schemathesis run of the API.

Starts `careshift serve --no-worker --no-demo` on a free port with a throwaway CARESHIFT_HOME (or uses
--home to reuse a database, e.g. one with a finished 10,000-iteration run), signs in N users, and has
them fetch one page repeatedly. Prints p50/p95/max latencies, then runs schemathesis against
/api/openapi.json with a bearer token and reports server errors.

For the issue's results-page figure (a 10,000-iteration run, 20 users, wrk as the load generator) use
benchmarks/bench_results_page.py instead: this script's client is 20 Python threads, which on a 2-core
host take CPU from the server and inflate the figures.

Example:
    .venv/bin/python benchmarks/bench_web.py --path /places/ --users 20 --requests 10
    .venv/bin/python benchmarks/bench_web.py --home var --path /scenarios/runs/1/results/ --no-schemathesis
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
USERNAME, PASSWORD = "bench-analyst", "bench-password-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(home: Path) -> str:
    """Migrate, create the bench user, return a fresh API token (run in a subprocess: own Django)."""
    code = (
        "import django, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'careshift.site.settings')\n"
        "django.setup()\n"
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from careshift.apps.accounts.models import User, ApiToken\n"
        f"u = User.objects.filter(username='{USERNAME}').first() or "
        f"User.objects.create_user('{USERNAME}', password='{PASSWORD}', role='analyst')\n"
        "print(ApiToken.issue(u, 'bench')[1])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env(home), check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "CARESHIFT_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}


def start_server(home: Path, port: int, threads: int | None = None) -> subprocess.Popen[bytes]:
    """Start ``careshift serve --no-worker --no-demo`` on ``port`` and wait until /healthz answers."""
    cmd = [sys.executable, "-m", "careshift", "serve", "--no-worker", "--no-demo", "--port", str(port)]
    cmd += ["--threads", str(threads)] if threads else []
    proc = subprocess.Popen(cmd, env=env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200:
                return proc
        except requests.RequestException:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("The server did not answer /healthz within 120 s.")


def signed_in(base: str, username: str = USERNAME, password: str = PASSWORD) -> requests.Session:
    """A session signed in through the login form (with its CSRF token)."""
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    response = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/accounts/login/"},
    )
    assert response.url.rstrip("/") == base, f"sign-in failed ({response.status_code})"
    return session


def load(base: str, path: str, users: int, per_user: int) -> tuple[list[float], int]:
    sessions = [signed_in(base) for _ in range(users)]
    sessions[0].get(base + path)  # warm caches once
    timings: list[float] = []
    failures = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(users)

    def user(session: requests.Session) -> None:
        barrier.wait()
        for _ in range(per_user):
            start = time.perf_counter()
            response = session.get(base + path)
            elapsed = time.perf_counter() - start
            with lock:
                timings.append(elapsed)
                failures[0] += response.status_code != 200

    threads = [threading.Thread(target=user, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings, failures[0]


def report(path: str, users: int, timings: list[float], failures: int) -> None:
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[min(len(ms) - 1, round(0.95 * len(ms)) - 1)]
    print(f"{path}: {len(ms)} requests, {users} concurrent users, {failures} non-200")
    print(f"  p50 {statistics.median(ms):.0f} ms   p95 {p95:.0f} ms   max {ms[-1]:.0f} ms")


def run_schemathesis(base: str, token: str, max_examples: int) -> int:
    exe = Path(sys.executable).with_name("schemathesis")
    cmd = [
        str(exe),
        "run",
        f"{base}/api/openapi.json",
        "-H",
        f"Authorization: Bearer {token}",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        str(max_examples),
    ]
    print("schemathesis:", " ".join(cmd[:3]), "(bearer token) --checks not_a_server_error")
    result = subprocess.run(cmd, capture_output=True, text=True)
    tail = [line for line in result.stdout.splitlines() if line.strip()][-12:]
    print("\n".join("  " + line for line in tail))
    verdict = "no server errors" if result.returncode == 0 else "FAILURES"
    print(f"  schemathesis exit code {result.returncode} ({verdict})")
    return result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--path", default="/places/", help="page to load (default /places/)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="requests per user")
    parser.add_argument("--home", type=Path, help="CARESHIFT_HOME to reuse (default: a temporary one)")
    parser.add_argument("--no-schemathesis", action="store_true")
    parser.add_argument("--max-examples", type=int, default=5)
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="careshift-bench-"))
    token = prepare(home)
    port = free_port()
    server = start_server(home, port)
    base = f"http://127.0.0.1:{port}"
    try:
        timings, failures = load(base, args.path, args.users, args.requests)
        report(args.path, args.users, timings, failures)
        code = 0 if args.no_schemathesis else run_schemathesis(base, token, args.max_examples)
    finally:
        server.terminate()
        server.wait(timeout=10)
    raise SystemExit(code)


if __name__ == "__main__":
    main()
