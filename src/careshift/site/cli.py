"""The web commands of the ``careshift`` CLI: ``serve``, ``worker`` and ``setup-demo``.

``careshift.cli`` calls :func:`add_commands` on its click group. Django is imported inside each command,
so ``careshift model ...`` never loads it.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import secrets
import signal
import subprocess
import sys
from typing import Any

import click

DEMO_ADMIN = "admin"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careshift.site.settings")
    import django

    django.setup()


def _migrate() -> None:
    """Apply migrations only when some are unapplied (quiet on an up-to-date database)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        click.echo("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)


def _collectstatic() -> None:
    """Collect static files when STATIC_ROOT is missing or older than the installed front-end packages."""
    from django.conf import settings
    from django.core.management import call_command

    marker = settings.STATIC_ROOT / ".collected"
    sources = [settings.NODE_MODULES / ".package-lock.json", settings.BASE_DIR / "site" / "static"]
    newest = max((p.stat().st_mtime for p in sources if p.exists()), default=0.0)
    if not marker.exists() or marker.stat().st_mtime < newest:
        click.echo("Collecting static files…")
        call_command("collectstatic", interactive=False, verbosity=0)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()


def ensure_demo_admin() -> str | None:
    """Create the ``admin`` account with a random password; return it (None if the admin exists)."""
    from django.contrib.auth import get_user_model

    from careshift.apps.accounts import audit

    user_model = get_user_model()
    if user_model.objects.filter(username=DEMO_ADMIN).exists():
        return None
    password = secrets.token_urlsafe(12)
    user = user_model.objects.create_superuser(DEMO_ADMIN, email="", password=password, role="administrator")
    audit.record(None, "user_created", user, {"role": [None, "administrator"], "by": "careshift serve"})
    return password


def _announce_admin(password: str | None) -> None:
    if password is None:
        click.echo(f"Demo admin exists (username '{DEMO_ADMIN}').")
    else:
        click.secho(
            f"Demo admin created: username '{DEMO_ADMIN}', password '{password}'", fg="yellow", bold=True
        )
        click.echo("  This password is shown once and not stored in plain text; change it after signing in.")


def _samples(run: bool) -> None:
    """Create the sample scenarios (and queue their runs) if the scenarios app provides them."""
    try:
        services: Any = importlib.import_module("careshift.apps.scenarios.services")
    except ImportError:
        return
    ensure = getattr(services, "ensure_sample_scenarios", None)
    if ensure is not None:
        ensure(run=run)


def _prepare(demo: bool, run_samples: bool) -> None:
    _setup_django()
    _migrate()
    _collectstatic()
    if demo:
        _announce_admin(ensure_demo_admin())
        _samples(run=run_samples)


def _start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "careshift", "worker"], env=os.environ.copy())


def _stop_worker(worker: subprocess.Popen[bytes] | None) -> None:
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--no-worker", is_flag=True, help="Do not start the background worker that executes runs.")
@click.option("--no-demo", is_flag=True, help="Do not create the demo admin or the sample scenarios.")
@click.option("--threads", default=8, show_default=True, type=int, help="Waitress worker threads.")
def serve(host: str, port: int, no_worker: bool, no_demo: bool, threads: int) -> None:
    """Set up the database if needed and serve the web app (with its run worker).

    Migrates the database, collects static files, creates the demo admin (password printed once) and
    the sample scenarios, starts `careshift worker`, and serves with waitress.

    Example: careshift serve --host 0.0.0.0 --port 8080
    """
    _prepare(demo=not no_demo, run_samples=not no_worker)
    from waitress import serve as waitress_serve

    from careshift.site.wsgi import application

    worker = None if no_worker else _start_worker()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # a service manager's stop also stops the worker
    click.secho(f"careshift is running at http://{_display_host(host)}:{port}/  (Ctrl+C to stop)", fg="green")
    try:
        waitress_serve(application, host=host, port=port, threads=threads, ident="careshift", _quiet=True)
    except KeyboardInterrupt:
        pass
    finally:
        _stop_worker(worker)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def _display_host(host: str) -> str:
    return "localhost" if host in ("127.0.0.1", "0.0.0.0") else host


@click.command()
@click.option("--once", is_flag=True, help="Execute the queued runs, then exit.")
@click.option(
    "--poll", default=1.0, show_default=True, type=float, help="Seconds between checks for new runs."
)
def worker(once: bool, poll: float) -> None:
    """Execute queued scenario runs (started for you by `careshift serve`).

    Example: careshift worker --once
    """
    _setup_django()
    _migrate()
    from careshift.apps.scenarios.worker import run_forever

    with contextlib.suppress(KeyboardInterrupt):
        run_forever(poll_seconds=poll, once=once)


@click.command("setup-demo")
@click.option("--no-runs", is_flag=True, help="Create the sample scenarios without queueing their runs.")
def setup_demo(no_runs: bool) -> None:
    """Migrate the database, create the demo admin and the sample scenarios, without serving.

    Example: careshift setup-demo
    """
    _prepare(demo=True, run_samples=not no_runs)
    click.echo("Demo set up. Start the site with: careshift serve")


def add_commands(group: click.Group) -> None:
    """Add ``serve``, ``worker`` and ``setup-demo`` to ``group``."""
    for command in (serve, worker, setup_demo):
        group.add_command(command)
