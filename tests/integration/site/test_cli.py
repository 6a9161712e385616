"""The web commands, on a small click group (the engine's `careshift` group adds them the same way)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from careshift.site import cli


@pytest.fixture
def group() -> click.Group:
    @click.group()
    def main() -> None:
        """careshift"""

    cli.add_commands(main)
    return main


def test_commands_are_added_with_examples(group: click.Group) -> None:
    runner = CliRunner()
    for name in ("serve", "worker", "setup-demo"):
        result = runner.invoke(group, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output


@pytest.mark.django_db(transaction=True)
def test_demo_admin_password_is_printed_once_and_stored_hashed(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.contrib.auth import get_user_model

    monkeypatch.setattr(cli, "_collectstatic", lambda: None)
    monkeypatch.setattr(cli, "_samples", lambda run: None)
    runner = CliRunner()
    cli._announce_admin(cli.ensure_demo_admin())
    admin = get_user_model().objects.get(username="admin")
    assert admin.role == "administrator" and not admin.is_superuser and admin.is_staff
    assert admin.password.startswith(("pbkdf2", "md5", "argon2", "bcrypt"))
    first = runner.invoke(click.Command("x", callback=lambda: cli._announce_admin(cli.ensure_demo_admin())))
    assert "Demo admin exists" in first.output and "password" not in first.output.lower()


def test_static_files_are_recollected_when_an_app_static_file_changes(
    tmp_path, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    from pathlib import Path

    calls: list[str] = []
    settings.STATIC_ROOT = tmp_path / "static"
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: calls.append(a[0]))
    cli._collectstatic()
    assert calls == ["collectstatic"]
    cli._collectstatic()
    assert calls == ["collectstatic"]  # nothing newer: not collected again
    marker = Path(settings.STATIC_ROOT) / ".collected"
    os.utime(marker, (1.0, 1.0))  # every source file (e.g. apps/scenarios/static/...) is now newer
    cli._collectstatic()
    assert calls == ["collectstatic", "collectstatic"]


@pytest.mark.django_db
def test_set_up_loads_every_apps_demonstration_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from careshift.apps.appraisal.models import Appraisal, Principle

    monkeypatch.setattr(cli, "_collectstatic", lambda: None)
    monkeypatch.setattr(cli, "_migrate", lambda: None)
    cli._prepare(demo=True, run_samples=False)
    cli._prepare(demo=True, run_samples=False)  # idempotent
    assert Principle.objects.count() == 11 and Appraisal.objects.filter(illustrative=True).count() == 1
