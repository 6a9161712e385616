"""Several workers share one database: every job is done exactly once, and "database is locked" or an
unwritable database never kills a worker nor leaves a job running forever."""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection

from careshift.apps.jobs import database, services, worker
from careshift.apps.jobs.models import Job
from careshift.apps.jobs.registry import JobContext

PROBE = Path(__file__).with_name("probe_worker.py")
ROOT = Path(__file__).resolve().parents[3]
Register = Callable[[str, Callable[..., Any]], None]


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Back off without sleeping, so retry tests are quick."""
    monkeypatch.setattr(database, "_sleep", lambda seconds: None)
    monkeypatch.setattr(worker, "MAX_BACKOFF_SECONDS", 0.01)


@contextmanager
def refusing(message: str, statements: str, times: int) -> Iterator[list[str]]:
    """The database refuses the next ``times`` statements starting with one of ``statements``
    (as SQLite does when locked, read-only or full), then accepts them again."""
    refused: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if len(refused) < times and sql.lstrip().upper().startswith(tuple(statements.split())):
            refused.append(sql)
            raise OperationalError(message)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield refused


def _env(db_path: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CARESHIFT_REQUIRE_DATABASE")}
    pythonpath = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH", "")]))
    return env | {
        "DATABASE_URL": f"sqlite:///{db_path}",
        "CARESHIFT_HOME": str(home),
        "CARESHIFT_SQLITE_TIMEOUT": "0.05",  # wait 50 ms for the lock: real "database is locked" errors
        "PYTHONPATH": pythonpath,
    }


def test_worker_processes_on_one_sqlite_file_do_every_job_exactly_once(tmp_path: Path) -> None:
    env = _env(tmp_path / "jobs.sqlite3", tmp_path)
    jobs, workers = 45, 3
    subprocess.run([sys.executable, str(PROBE), "setup", str(jobs)], env=env, check=True, timeout=120)
    outputs = [tmp_path / f"done-{n}.txt" for n in range(workers)]
    processes = [
        subprocess.Popen([sys.executable, str(PROBE), "work", str(out)], env=env, stderr=subprocess.PIPE)
        for out in outputs
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in processes]
    assert [p.returncode for p in processes] == [0] * workers, errors
    executions = collections.Counter(
        line for out in outputs if out.exists() for line in out.read_text().split()
    )
    assert len(executions) == jobs and set(executions.values()) == {1}, executions.most_common(3)
    import sqlite3

    with sqlite3.connect(tmp_path / "jobs.sqlite3") as db:
        rows = db.execute(
            "SELECT status, attempts, COUNT(*) FROM jobs_job GROUP BY status, attempts"
        ).fetchall()
    assert rows == [("succeeded", 1, jobs)]


@pytest.mark.django_db(transaction=True)
def test_worker_threads_on_postgresql_claim_with_skip_locked_exactly_once(register: Register) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite is covered by the worker processes on a real file above")
    done: list[int] = []
    lock = threading.Lock()

    def record(ctx: JobContext) -> None:
        ctx.progress(1, 1)
        with lock:
            done.append(ctx.job.pk)

    register("probe.thread", record)
    created = [services.enqueue("probe.thread", {}).pk for _ in range(40)]
    threads = [threading.Thread(target=worker.run_forever, kwargs={"once": True}) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(done) == sorted(created)
    assert set(Job.objects.values_list("status", "attempts")) == {("succeeded", 1)}


@pytest.mark.django_db(transaction=True)  # autocommit, as in production: a refused write aborts nothing
def test_a_locked_database_is_retried_with_backoff_not_fatal(register: Register, no_waiting: None) -> None:
    register("probe.locked", lambda ctx: "ok")
    job = services.enqueue("probe.locked", {})
    # 12 refusals: more than one claim's 8 retries, so the worker loop itself must back off and go on
    with refusing("database is locked", "UPDATE", times=12) as refused:
        assert worker.run_forever(once=True) == 1
    job.refresh_from_db()
    assert len(refused) == 12 and (job.status, job.result, job.attempts) == ("succeeded", "ok", 1)


@pytest.mark.django_db(transaction=True)
def test_a_database_unwritable_mid_run_fails_the_job_with_an_environment_hint(
    register: Register, no_waiting: None
) -> None:
    def handler(ctx: JobContext) -> str:
        ctx.progress(1, 4)
        # the database becomes read-only now, for the next six writes (then the administrator fixes it)
        stack.enter_context(refusing("attempt to write a readonly database", "INSERT UPDATE DELETE", 6))
        ctx.progress(4, 4)  # the last report is never throttled: this write meets the read-only database
        return "never"

    import contextlib

    register("probe.readonly", handler)
    job = services.enqueue("probe.readonly", {})
    with contextlib.ExitStack() as stack:
        assert worker.run_forever(once=True) == 1  # the worker survives: it returns, it does not crash
    job.refresh_from_db()
    assert job.status == "failed"
    assert "cannot write to its database" in job.error_message
    assert "accept writes" in job.error_hint and "bug" not in job.error_hint
    assert job.finished_at is not None
