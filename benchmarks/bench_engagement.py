"""Public consultation load test: simulated respondents answer a consultation on `careshift serve`.

A throwaway CARESHIFT_HOME with the embedded SQLite default, one open consultation (scale, single and
multiple choice, free text, permission to publish), `careshift serve` on a free loopback port, then
`--respondents` threads for `--seconds`: each loads the public page (CSRF cookie, idempotency key),
pauses `--think` seconds, posts its answers and, for `--retry-share` of them, posts the same form again
(a double click or a retry after a timeout). Afterwards it reads the database: every key that was
thanked must be stored exactly once, no key stored that was not sent, nothing stored twice. It prints
counts and the submit latency (p50, p95, max; target p95 under 500 ms).

The per-sender rate limit (every simulated respondent comes from 127.0.0.1) is lifted for this run only
with CARESHIFT_RESPONSE_RATE_LIMIT.

Example:
    .venv/bin/python benchmarks/bench_engagement.py --respondents 100 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from bench_jobs import _wait_healthy, django_script, environment
from bench_web import free_port

SLUG = "bench"
PREPARE = f"""
import django
django.setup()
from datetime import timedelta
from django.core.management import call_command; call_command('migrate', verbosity=0)
from django.utils import timezone
from careshift.apps.engagement.models import Consultation, Phase, Question
c = Consultation.objects.create(slug={SLUG!r}, title='Bench', summary='Load test')
today = timezone.localdate()
Phase.objects.create(
    consultation=c, name='Main', opens=today - timedelta(days=1), closes=today + timedelta(days=30)
)
Q = Question.Kind
for n, (key, kind, options) in enumerate([
    ('agree', Q.SCALE, []), ('travel', Q.SINGLE, ['Bus', 'Car', 'Walk']),
    ('services', Q.MULTIPLE, ['GP', 'Pharmacy', 'Home care']), ('matters', Q.TEXT, []),
    ('publish', Q.PUBLISH, []),
]):
    Question.objects.create(consultation=c, key=key, kind=kind, text=key, options=options, order=n)
print('ready')
"""
COUNT = f"""
import django, json
django.setup()
from django.db.models import Count
from careshift.apps.engagement.models import Answer, Response
rows = Response.objects.filter(consultation__slug={SLUG!r})
rows = rows.values('idempotency_key').annotate(n=Count('pk'))
keys = {{r['idempotency_key']: r['n'] for r in rows}}
print(json.dumps({{"keys": keys, "answers": Answer.objects.count()}}))
"""
TEXTS = [
    "The bus from my village stops at six, so I cannot get to evening clinics.",
    "Care at home let my father leave hospital a week earlier.",
    "Please keep the community hospital beds open in winter.",
    "Waiting for a carer to start took far too long.",
]


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    thanked: set[str] = field(default_factory=set)
    retried: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1


def answers(rng: random.Random, key: str, started: str, csrf: str) -> dict[str, object]:
    return {
        "csrfmiddlewaretoken": csrf,
        "idempotency_key": key,
        "started": started,
        "q_agree": str(rng.randint(1, 5)),
        "q_travel": rng.choice(["Bus", "Car", "Walk"]),
        "q_services": rng.sample(["GP", "Pharmacy", "Home care"], rng.randint(1, 3)),
        "q_matters": rng.choice(TEXTS),
        "q_publish": rng.choice(["yes", "no"]),
    }


def respondent(base: str, until: float, args: argparse.Namespace, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    url = f"{base}/engagement/consult/{SLUG}/"
    while time.monotonic() < until:
        session = requests.Session()  # a new person each time: own cookie
        try:
            page = session.get(url, timeout=30)
            html = page.text
            key = re.search(r'name="idempotency_key" value="(\w+)"', html)
            started = re.search(r'name="started" value="([^"]+)"', html)
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
            if not (page.ok and key and started and csrf):
                tally.error(f"page {page.status_code}")
                continue
            time.sleep(args.think * rng.uniform(0.5, 1.5))
            data = answers(rng, key.group(1), started.group(1), csrf.group(1))
            cookies = {"csrftoken": page.cookies.get("csrftoken", "")}
            for attempt in range(2 if rng.random() < args.retry_share else 1):
                began = time.perf_counter()
                done = session.post(url, data=data, cookies=cookies, timeout=30)
                took = time.perf_counter() - began
                with tally.lock:
                    tally.latencies.append(took)
                    tally.retried += attempt
                if done.ok and "we have your response" in done.text:
                    with tally.lock:
                        tally.thanked.add(key.group(1))
                else:
                    tally.error(f"submit {done.status_code}")
        except requests.RequestException as e:
            tally.error(type(e).__name__)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run(args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = environment(home, f"sqlite:///{home / 'careshift.sqlite3'}")
        env["CARESHIFT_RESPONSE_RATE_LIMIT"] = str(10**9)  # one sender address for everyone: benchmark only
        django_script(PREPARE, env)
        port = free_port()
        log = (home / "serve.log").open("w")
        serve = subprocess.Popen(
            [sys.executable, "-m", "careshift", "serve", "--no-demo", "--no-worker", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        tally = Tally()
        try:
            _wait_healthy(base)
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=respondent, args=(base, until, args, tally, args.seed + n))
                for n in range(args.respondents)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=60)
            log.close()
        stored = json.loads(django_script(COUNT, env))
    keys: dict[str, int] = stored["keys"]
    return {
        "respondents": args.respondents,
        "seconds": args.seconds,
        "submissions thanked (distinct keys)": len(tally.thanked),
        "resubmissions of the same form": tally.retried,
        "responses stored": sum(keys.values()),
        "lost (thanked, not stored)": len(tally.thanked - keys.keys()),
        "duplicated (stored more than once)": sum(1 for n in keys.values() if n > 1),
        "stored but never thanked": len(keys.keys() - tally.thanked),
        "errors": tally.errors,
        "submit requests": len(tally.latencies),
        "submits per second": round(len(tally.latencies) / args.seconds, 1),
        "submit p50 ms": round(1000 * percentile(tally.latencies, 0.50)),
        "submit p95 ms": round(1000 * percentile(tally.latencies, 0.95)),
        "submit max ms": round(1000 * max(tally.latencies, default=float("nan"))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--respondents", type=int, default=100, help="Simulated people answering at once.")
    parser.add_argument("--seconds", type=float, default=60.0, help="How long they keep answering.")
    parser.add_argument("--think", type=float, default=2.0, help="Mean seconds between loading and sending.")
    parser.add_argument("--retry-share", type=float, default=0.1, help="Share who send the same form twice.")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not (1 <= args.respondents <= 500 and 1 <= args.seconds <= 600):
        parser.error("Keep it bounded: 1-500 respondents, 1-600 seconds.")
    for name, value in run(args).items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
