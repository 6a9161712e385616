"""Apps plug themselves in: each careshift app declares, in one place, what the site needs from it.

An app's ``AppConfig`` carries one :class:`AppSpec` as its ``careshift`` attribute::

    class ProgrammeConfig(AppConfig):
        name = "careshift.apps.programme"
        label = "programme"
        careshift = AppSpec(
            url_prefix="programme/",
            urls="careshift.apps.programme.urls",
            api_prefix="/programme",
            api_router="careshift.apps.programme.api:router",
            cli="careshift.apps.programme.cli:programme",
            menu=(MenuEntry("Programme", "programme:dashboard", order=40),),
            cards=(HomeCard("Programme", "programme:dashboard", "Workstreams, projects, ...",
                            count="careshift.apps.programme.dashboard:project_count",
                            count_label="projects"),),
            permissions="careshift.apps.programme.permissions:PERMISSIONS",
        )

The site loops over the installed apps (:func:`app_specs`): ``site/urls.py`` includes each app's URLs
under its prefix, ``site/api.py`` adds each API router, the context processor builds the menu, the home
page shows the cards, ``accounts.permissions`` merges the permission tables and the CLI adds each app's
commands. Adding an app touches ``INSTALLED_APPS`` and nothing else in ``site/``.

Everything that would import the app's code (URLs, routers, counts, commands, permissions) is named by a
dotted path (``module:attribute`` or ``module.attribute``) and imported only when the site needs it, so
declaring an app never imports its models before Django is ready.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


def import_path(dotted: str) -> Any:
    """The object at ``package.module:attribute`` (or ``package.module.attribute``)."""
    module_name, sep, attribute = dotted.partition(":")
    if not sep:
        module_name, _, attribute = dotted.rpartition(".")
    module = importlib.import_module(module_name)
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise ImportError(f"{module_name} has no attribute {attribute!r} (named by {dotted!r})") from None


@dataclass(frozen=True)
class MenuEntry:
    """One link in the site's header menu, shown to users who may do ``action``.

    ``order`` sorts the menu across apps (Home is 0; lower first). ``current_prefixes`` are the paths
    that highlight this entry (default: the entry's own address and everything below it).
    """

    label: str
    url_name: str
    action: str = "view"
    order: int = 100
    exclude_prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class HomeCard:
    """One card on the home page: a title linking to ``url_name``, a description and an optional count.

    ``count`` is the dotted path of a function ``(user) -> int | None``.
    """

    title: str
    url_name: str
    description: str
    action: str = "view"
    count: str = ""
    count_label: str = ""
    order: int = 100

    def count_for(self, user: Any) -> int | None:
        if not self.count:
            return None
        counter: Callable[[Any], int | None] = import_path(self.count)
        return counter(user)


@dataclass(frozen=True)
class Schedule:
    """A job the workers queue by themselves every ``every_hours`` (e.g. a daily retention purge).

    Only one worker queues it each time (see :mod:`careshift.apps.jobs.schedules`), and not while a job of
    the same kind is still queued or running.
    """

    kind: str
    every_hours: float
    title: str = ""


@dataclass(frozen=True)
class AppSpec:
    """What one app contributes to the site. Every field is optional.

    - ``url_prefix`` and ``urls``: the app's pages (a URL module with ``app_name`` for its namespace).
    - ``api_prefix`` and ``api_router``: a django-ninja ``Router`` added to the API under ``/api``.
    - ``cli``: a click command or group (or a tuple of them) added to the ``careshift`` command line (it
      must import Django models only inside its commands; call ``careshift.site.cli.setup_django()`` first).
    - ``menu`` and ``cards``: header links and home-page cards.
    - ``permissions``: a dotted path to the app's table of actions (``dict[str, Permission]``, see
      :mod:`careshift.apps.accounts.permissions`).
    - ``schedules``: jobs the workers queue periodically (:class:`Schedule`).
    """

    url_prefix: str = ""
    urls: str = ""
    api_prefix: str = ""
    api_router: str = ""
    cli: str | tuple[str, ...] = ""
    menu: tuple[MenuEntry, ...] = ()
    cards: tuple[HomeCard, ...] = ()
    permissions: str = ""
    schedules: tuple[Schedule, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RegisteredApp:
    label: str
    name: str
    spec: AppSpec


def app_specs() -> Iterator[RegisteredApp]:
    """Each installed app that declares a ``careshift`` :class:`AppSpec`, in ``INSTALLED_APPS`` order."""
    from django.apps import apps

    for config in apps.get_app_configs():
        spec = getattr(config, "careshift", None)
        if isinstance(spec, AppSpec):
            yield RegisteredApp(config.label, config.name, spec)


def menu_entries() -> list[MenuEntry]:
    entries = [entry for app in app_specs() for entry in app.spec.menu]
    return sorted(entries, key=lambda e: e.order)


def home_cards() -> list[HomeCard]:
    cards = [card for app in app_specs() for card in app.spec.cards]
    return sorted(cards, key=lambda c: c.order)


def installed_app_names() -> list[str]:
    """INSTALLED_APPS read from the settings module without setting Django up (for the CLI). The
    settings module is also made Django's default, so a third-party app that reads ``django.conf.settings``
    when imported (django-ninja does) finds them rather than printing a traceback."""
    import os

    settings_module = importlib.import_module(
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careshift.site.settings")
    )
    return [str(name) for name in getattr(settings_module, "INSTALLED_APPS", [])]


def _config_module(name: str) -> str:
    """The module holding an INSTALLED_APPS entry's AppConfig: ``pkg.apps`` for a package,
    ``pkg.apps`` for a dotted AppConfig path ``pkg.apps.PkgConfig``."""
    head, _, last = name.rpartition(".")
    return head if head and last[:1].isupper() else f"{name}.apps"


def cli_commands() -> list[Any]:
    """The click commands every installed app declares in its AppSpec (careshift's own apps and any other
    app in INSTALLED_APPS, listed as a package or as a dotted AppConfig path), found without setting
    Django up. Django's and third-party apps without an AppSpec are passed over."""
    commands: list[Any] = []
    for name in installed_app_names():
        if name.startswith("django."):
            continue
        try:
            module = importlib.import_module(_config_module(name))
        except ImportError:
            continue
        except Exception:  # another project's app that cannot load before Django is set up
            if name.startswith("careshift."):
                raise
            continue
        for value in vars(module).values():
            if type(value) is not type:  # classes only; type() does not wake a lazy object (settings)
                continue
            spec = getattr(value, "careshift", None)
            if isinstance(spec, AppSpec) and spec.cli:
                paths = (spec.cli,) if isinstance(spec.cli, str) else spec.cli
                commands.extend(import_path(p) for p in paths)
    return commands
