"""Apps plug themselves in: the site builds its menu, home cards, URLs, API, permissions and CLI from the
``AppSpec`` each installed app declares, and names no app itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import careshift.site
from careshift.apps.accounts.permissions import PERMISSIONS, Permission, has_permission, roles
from careshift.site.registry import AppSpec, app_specs, cli_commands, home_cards, menu_entries

SITE_DIR = Path(careshift.site.__file__).parent
WIRING_MODULES = ("urls.py", "api.py", "context_processors.py", "dashboard.py")


def test_every_careshift_app_declares_a_spec() -> None:
    from django.apps import apps

    ours = [c for c in apps.get_app_configs() if c.name.startswith("careshift.apps.")]
    assert ours and all(isinstance(getattr(c, "careshift", None), AppSpec) for c in ours)


@pytest.mark.parametrize("module", WIRING_MODULES)
def test_the_site_wiring_names_no_app(module: str) -> None:
    source = (SITE_DIR / module).read_text()
    named = set(re.findall(r"careshift\.apps\.(\w+)", source)) - {"accounts"}  # accounts: the role table
    assert not named, f"site/{module} names apps {sorted(named)}: declare them in the app's AppSpec instead"
    assert not re.search(r"careshift\.apps\.accounts\.(urls|api)\b", source)


def test_urls_and_api_routers_come_from_the_specs(viewer_client: Client) -> None:
    from django.urls import reverse

    for app in app_specs():
        for name in [e.url_name for e in app.spec.menu] + [c.url_name for c in app.spec.cards]:
            assert reverse(name).startswith(f"/{app.spec.url_prefix}"), (app.label, name)
    paths = viewer_client.get("/api/openapi.json").json()["paths"]
    for app in app_specs():
        if app.spec.api_router:
            assert any(p.startswith(f"/api{app.spec.api_prefix}/") for p in paths), app.label


def test_menu_and_cards_follow_the_roles(client_for: Callable[[str], Client]) -> None:
    labels = [e.label for e in menu_entries()]
    assert labels.index("Places") < labels.index("Scenarios") < labels.index("Audit log")
    assert {c.title for c in home_cards()} >= {"Places", "Scenarios", "Users", "Audit log"}
    viewer_home = client_for("viewer").get("/").content.decode()
    admin_home = client_for("administrator").get("/").content.decode()
    assert "Audit log" not in viewer_home and "Audit log" in admin_home
    assert ">Users<" not in viewer_home and ">Users<" in admin_home


def test_only_one_menu_entry_is_current(viewer_client: Client) -> None:
    page = viewer_client.get("/scenarios/compare/").content.decode()
    current = re.findall(r'aria-current="page">([^<]+)<', page)
    assert current == ["Compare"]
    page = viewer_client.get("/scenarios/").content.decode()
    assert re.findall(r'aria-current="page">([^<]+)<', page) == ["Scenarios"]


def test_the_cli_gains_each_apps_commands() -> None:
    from careshift.cli import main

    for command in cli_commands():
        assert main.commands[command.name] is command


def test_permission_tables_are_merged_from_every_app() -> None:
    assert {"view", "manage_users", "edit_scenario", "run_scenario"} <= set(PERMISSIONS)
    assert "analyst" in PERMISSIONS["run_scenario"] and "viewer" not in PERMISSIONS["run_scenario"]
    with pytest.raises(KeyError, match="add it to the app's permissions table"):
        has_permission(None, "no.such_action")


class _Thing:
    def __init__(self, owner: Any) -> None:
        self.owner = owner

    def __str__(self) -> str:
        return "the thing"


def _owns(user: Any, obj: Any) -> bool:
    return bool(obj.owner == user)


def test_object_rules_let_contributors_change_only_their_own(user_factory: Callable[..., Any]) -> None:
    permission = Permission(
        "edit projects", roles("administrator", "programme_lead"), own_roles=roles("contributor"), rule=_owns
    )
    lead, mine, other = (
        user_factory("programme_lead"),
        user_factory("contributor"),
        user_factory("contributor"),
    )
    viewer = user_factory("viewer")
    thing = _Thing(owner=mine)
    assert permission.allows(lead, thing) and permission.allows(mine, thing)
    assert not permission.allows(other, thing) and not permission.allows(viewer, thing)
    assert permission.allows(other) and not permission.allows(viewer)  # "may they edit something of theirs?"


def test_public_actions_are_explicit_and_roles_are_checked() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert PERMISSIONS.public_actions() == [a for a in PERMISSIONS if PERMISSIONS[a].public]
    assert Permission("answer consultations", public=True).allows(AnonymousUser())
    assert not Permission("read", roles("viewer")).allows(AnonymousUser())
    with pytest.raises(ValueError, match="Unknown role"):
        Permission("x", roles("superhero"))
    with pytest.raises(ValueError, match="no rule"):
        Permission("x", own_roles=roles("contributor"))


def test_the_demo_administrator_is_not_a_superuser_and_uses_the_admin_by_role(db: None) -> None:
    from careshift.apps.accounts.models import User
    from careshift.site.cli import ensure_demo_admin

    password = ensure_demo_admin()
    admin = User.objects.get(username="admin")
    assert not admin.is_superuser and admin.role == "administrator"
    client = Client()
    assert client.login(username="admin", password=password)
    assert client.get("/admin/accounts/user/").status_code == 200
    admin.role = "analyst"
    admin.save()
    assert client.get("/admin/accounts/user/").status_code == 403  # no longer allowed in the admin


@pytest.mark.parametrize("entry", ["demoext", "demoext.apps.DemoConfig"])
def test_an_app_outside_careshift_gains_its_cli_command_from_installed_apps_alone(
    entry: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another project's app, listed in INSTALLED_APPS as a package or a dotted AppConfig path, adds its
    command to `careshift` with nothing changed in site/."""
    import sys
    import textwrap

    package = tmp_path / "demoext"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "apps.py").write_text(
        textwrap.dedent(
            """
            from django.apps import AppConfig
            from careshift.site.registry import AppSpec

            class DemoConfig(AppConfig):
                name = "demoext"
                careshift = AppSpec(cli="demoext.cli:hello")
            """
        )
    )
    (package / "cli.py").write_text("import click\n\n@click.command()\ndef hello():\n    'Say hello.'\n")
    (tmp_path / "demo_settings.py").write_text(
        f"from careshift.site.settings import *  # noqa\nINSTALLED_APPS = [*INSTALLED_APPS, {entry!r}]\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "demo_settings")
    try:
        names = [command.name for command in cli_commands()]
    finally:
        for module in [m for m in sys.modules if m == "demo_settings" or m.startswith("demoext")]:
            del sys.modules[module]
    assert "hello" in names and {"programme", "engagement", "themes"} <= set(names)
