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
import socket
from typing import Any

import click

DEMO_ADMIN = "admin"


def setup_django() -> None:
    """Set Django up for a command that uses the database (apps' CLI commands call this first)."""
    _setup_django()


def _setup_django() -> None:
    """Load the settings, which refuse unsafe ones (e.g. the placeholder secret key outside
    development): one line and a hint, not a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careshift.site.settings")
    import django

    from careshift.errors import CareshiftError

    try:
        django.setup()
    except CareshiftError as err:
        raise click.ClickException(f"{err.message}\nHint: {err.hint}") from None


def _migrate() -> None:
    """Apply migrations only when some are unapplied (quiet on an up-to-date database)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        click.echo("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)


def _newest_static_source() -> float:
    """The newest modification time of any file the staticfiles finders would collect (the built
    front-end packages, site/static and every app's static/ folder)."""
    from django.contrib.staticfiles import finders

    newest = 0.0
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            newest = max(newest, os.path.getmtime(storage.path(path)))
    return newest


def _collectstatic() -> None:
    """Collect static files when STATIC_ROOT is missing or older than any file it collects from."""
    from django.conf import settings
    from django.core.management import call_command

    marker = settings.STATIC_ROOT / ".collected"
    if not marker.exists() or marker.stat().st_mtime < _newest_static_source():
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
    user = user_model.objects.create_user(
        DEMO_ADMIN, email="", password=password, role="administrator", is_staff=True
    )
    audit.record(None, "user.create", user, {"role": [None, "administrator"], "by": "careshift serve"})
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
        _app_demos()


def _app_demos() -> None:
    """Load each installed app's demonstration data (its AppSpec's ``extra["demo"]``; idempotent)."""
    from careshift.site.registry import app_specs, import_path

    for app in app_specs():
        loader = app.spec.extra.get("demo")
        if loader:
            import_path(loader)()


def _start_workers(count: int) -> Any:
    """Start ``count`` supervised `careshift worker` processes (restarted if they exit)."""
    from careshift.apps.jobs.supervisor import WorkerSupervisor

    return WorkerSupervisor(count=count).start()


def _default_processes() -> int:
    """Two server processes where the OS can fork (one per core on a 2-core host), else one."""
    return min(2, os.cpu_count() or 1) if hasattr(os, "fork") else 1


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--no-worker", is_flag=True, help="Do not start the background workers that execute jobs.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    envvar="CARESHIFT_WORKERS",
    help="Worker processes executing background jobs (runs); each is restarted if it exits.",
)
@click.option("--no-demo", is_flag=True, help="Do not create the demo admin or the sample scenarios.")
@click.option(
    "--processes",
    default=_default_processes(),
    show_default="2, or 1 on Windows or a 1-core host",
    type=click.IntRange(min=1),
    help="Server processes sharing the port (Python runs one thread at a time per process).",
)
@click.option(
    "--threads", default=4, show_default=True, type=click.IntRange(min=1), help="Threads per process."
)
def serve(
    host: str, port: int, no_worker: bool, workers: int, no_demo: bool, processes: int, threads: int
) -> None:
    """Set up the database if needed and serve the web app (with its job workers).

    Migrates the database, collects static files, creates the demo admin (password printed once) and
    the sample scenarios, starts `--workers` `careshift worker` processes and restarts any that exits
    (each restart is logged and counted in /healthz), and serves with waitress: `--processes`
    processes of `--threads` threads each, sharing one listening socket (see docs/decisions/0008).

    Example: careshift serve --host 0.0.0.0 --port 8080
    """
    _prepare(demo=not no_demo, run_samples=not no_worker)
    listener = _listen(host, port)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # a service manager's stop also stops the workers
    children = _fork_servers(listener, threads, processes - 1)
    supervisor = None if no_worker else _start_workers(workers)  # after forking: its thread stays here
    click.secho(f"careshift is running at http://{_display_host(host)}:{port}/  (Ctrl+C to stop)", fg="green")
    try:
        _serve_socket(listener, threads)
    except KeyboardInterrupt:
        pass
    finally:
        _stop_children(children)
        if supervisor is not None:
            supervisor.stop()
            if supervisor.restarts:
                click.echo(f"Workers were restarted {supervisor.restarts} time(s) while serving.", err=True)


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound once so every server process can accept on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host.strip("[]"), port), family=family, backlog=1024)
    except OSError as exc:
        raise click.ClickException(
            f"Cannot listen on {host}:{port}: {exc.strerror}. Try another --port."
        ) from None


def _serve_socket(listener: socket.socket, threads: int) -> None:
    from django.db import connections
    from waitress import serve as waitress_serve

    from careshift.site.wsgi import application

    connections.close_all()  # each process (and thread) opens its own database connection
    waitress_serve(application, sockets=[listener], **waitress_options(threads))


PROXY_HEADERS = frozenset({"x-forwarded-proto", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port"})


def waitress_options(threads: int) -> dict[str, Any]:
    """waitress's settings. Behind a proxy (``CARESHIFT_BEHIND_PROXY=1``) it applies the proxy's
    X-Forwarded-* headers, from ``CARESHIFT_TRUSTED_PROXY`` only, so the site sees HTTPS (HSTS, secure
    cookies, the sign-in Origin check, no redirect loop) and the client's address (sign-in throttling,
    rate limits: the right-most of ``CARESHIFT_TRUSTED_PROXY_COUNT`` X-Forwarded-For entries, as
    careshift.site.client_address reads it); from any other peer waitress strips those headers."""
    from django.conf import settings

    options: dict[str, Any] = {"threads": threads, "ident": "careshift", "_quiet": True}
    if settings.TRUSTED_PROXY:
        options.update(
            trusted_proxy=settings.TRUSTED_PROXY,
            trusted_proxy_count=settings.TRUSTED_PROXY_COUNT,
            trusted_proxy_headers=set(PROXY_HEADERS),
            clear_untrusted_proxy_headers=True,
        )
    return options


def _fork_servers(listener: socket.socket, threads: int, count: int) -> list[int]:
    """Fork ``count`` more server processes on ``listener``; return their process ids."""
    from django.db import connections

    connections.close_all()  # never share a database connection across fork
    children = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:  # the child serves until it is told to stop, and never returns to the caller
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            with contextlib.suppress(KeyboardInterrupt):
                _serve_socket(listener, threads)
            os._exit(0)
        children.append(pid)
    return children


def _stop_children(children: list[int]) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    for pid in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def _display_host(host: str) -> str:
    return "localhost" if host in ("127.0.0.1", "0.0.0.0") else host


@click.command()
@click.option("--once", is_flag=True, help="Execute the queued jobs, then exit.")
@click.option(
    "--poll", default=1.0, show_default=True, type=float, help="Seconds between checks for new jobs."
)
def worker(once: bool, poll: float) -> None:
    """Execute queued background jobs: scenario runs and every other app's (`careshift serve` starts and
    supervises these for you).

    Several workers may share one database. SIGTERM stops the worker; a job it was running goes back to
    the queue for the next worker.

    Example: careshift worker --once
    """
    _setup_django()
    _migrate()
    import threading

    from careshift.apps.jobs.worker import run_forever

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        run_forever(poll_seconds=poll, once=once, stop=stop)


@click.command("setup-demo")
@click.option("--no-runs", is_flag=True, help="Create the sample scenarios without queueing their runs.")
def setup_demo(no_runs: bool) -> None:
    """Migrate the database, create the demo admin and the sample scenarios, without serving.

    Example: careshift setup-demo
    """
    _prepare(demo=True, run_samples=not no_runs)
    click.echo("Demo set up. Start the site with: careshift serve")


def add_commands(group: click.Group) -> None:
    """Add ``serve``, ``worker``, ``setup-demo`` and every installed app's commands to ``group``
    (apps declare theirs in their AppConfig: ``careshift.site.registry``)."""
    from careshift.errors import ConfigurationError
    from careshift.site.registry import cli_commands

    for command in (serve, worker, setup_demo):
        group.add_command(command)
    try:
        app_commands = cli_commands()
    except ConfigurationError:  # settings refuse to load (e.g. production without a secret): `serve` says why
        app_commands = []
    for command in app_commands:
        group.add_command(command)
