"""Who may do what: one readable table of actions per app, merged into one table for the whole site.

Roles, from most to least powerful: administrator, programme_lead, analyst, contributor, viewer.

Each app lists its actions in a ``permissions.py`` (named by its :class:`~careshift.site.registry.AppSpec`)
as ``{action: Permission(...)}``. A :class:`Permission` says

- which roles may do the action to anything (``roles``);
- which roles may do it only to objects that are theirs (``own_roles``, with the app's ``rule(user, obj)``
  deciding what "theirs" means: a project they own or are assigned to, a workstream they lead);
- whether anonymous visitors may do it (``public=True``): the public side of the site (consultation
  pages) is listed here explicitly, never reached by accident.

Nobody bypasses the table: there are no superusers in careshift (the demo administrator is an ordinary
user with the administrator role), so every action is checked against roles and recorded in the audit log.

Action names: the site's own are single words (``view``, ``view_audit``, ``manage_users``); an app's are
``<app>.<verb>`` (``programme.edit_project``); the first apps kept their older names (``edit_scenario``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from careshift.errors import PermissionDenied

ROLES: tuple[str, ...] = ("administrator", "programme_lead", "analyst", "contributor", "viewer")
ROLE_LABELS: dict[str, str] = {
    "administrator": "Administrator",
    "programme_lead": "Programme lead",
    "analyst": "Analyst",
    "contributor": "Contributor",
    "viewer": "Viewer",
}
EVERYONE = frozenset(ROLES)

ObjectRule = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Permission:
    """One action: its words for messages, and who may do it."""

    label: str
    roles: frozenset[str] = frozenset()
    own_roles: frozenset[str] = frozenset()
    rule: ObjectRule | None = None
    public: bool = False

    def __post_init__(self) -> None:
        unknown = (self.roles | self.own_roles) - EVERYONE
        if unknown:
            raise ValueError(f"Unknown role(s) {sorted(unknown)} in permission {self.label!r}")
        if self.own_roles and self.rule is None:
            raise ValueError(f"Permission {self.label!r} has own_roles but no rule saying what is theirs")

    def __contains__(self, role: object) -> bool:
        """``role in permission``: the role may do the action to anything."""
        return role in self.roles

    def allows(self, user: Any, obj: Any = None) -> bool:
        if self.public:
            return True
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        role = getattr(user, "role", None)
        if role in self.roles:
            return True
        if role in self.own_roles and self.rule is not None:
            # Without an object, the question is "may they do it to something of theirs?" (to show a
            # button or a form); a view acting on one object passes it and the rule decides.
            return obj is None or bool(self.rule(user, obj))
        return False


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


STAFF = roles("administrator", "programme_lead", "analyst")

# The site's own actions (pages every app shares) and the first apps' actions.
SITE_PERMISSIONS: dict[str, Permission] = {
    "view": Permission("view pages and results", EVERYONE),
    "view_audit": Permission("read the audit log", roles("administrator", "programme_lead")),
    "manage_users": Permission("manage users and roles", roles("administrator")),
}


class PermissionTable(Mapping[str, Permission]):
    """The site's table merged with every installed app's (built once, on first use)."""

    def __init__(self) -> None:
        self._table: dict[str, Permission] | None = None

    def _load(self) -> dict[str, Permission]:
        if self._table is None:
            from careshift.site.registry import app_specs, import_path

            table = dict(SITE_PERMISSIONS)
            for app in app_specs():
                if not app.spec.permissions:
                    continue
                for action, permission in import_path(app.spec.permissions).items():
                    if action in table:
                        raise ValueError(f"Permission {action!r} of app {app.label!r} is already defined")
                    table[action] = permission
            self._table = table
        return self._table

    def __getitem__(self, action: str) -> Permission:
        return self._load()[action]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def public_actions(self) -> list[str]:
        """The actions anonymous visitors may do: the public side of the site, listed on purpose."""
        return [action for action, permission in self._load().items() if permission.public]


PERMISSIONS = PermissionTable()


class _Labels(Mapping[str, str]):
    def __getitem__(self, action: str) -> str:
        return PERMISSIONS[action].label

    def __iter__(self) -> Iterator[str]:
        return iter(PERMISSIONS)

    def __len__(self) -> int:
        return len(PERMISSIONS)


ACTION_LABELS: Mapping[str, str] = _Labels()


def _permission(action: str) -> Permission:
    try:
        return PERMISSIONS[action]
    except KeyError:
        raise KeyError(f"Unknown action {action!r}; add it to the app's permissions table") from None


def has_permission(user: Any, action: str, obj: Any = None) -> bool:
    """True when ``user`` may do ``action`` (to ``obj``, when the action has an object rule)."""
    return _permission(action).allows(user, obj)


def check(user: Any, action: str, obj: Any = None) -> None:
    """Raise :class:`careshift.errors.PermissionDenied` unless ``user`` may do ``action`` (to ``obj``)."""
    permission = _permission(action)
    if permission.allows(user, obj):
        return
    role = ROLE_LABELS.get(getattr(user, "role", ""), "no role")
    if obj is not None and getattr(user, "role", None) in permission.own_roles:
        raise PermissionDenied(
            f"Your role ({role}) allows you to {permission.label} only for your own, and {obj} is not.",
            hint="Ask its owner or a programme lead to make the change, or to add you to it.",
        )
    raise PermissionDenied(
        f"Your role ({role}) does not allow you to {permission.label}.",
        hint="Ask an administrator for a role that allows this.",
    )


def permission_required(action: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: anonymous users go to the login page (unless the action is public); signed-in
    users without the role get 403 (rendered by the site's CareshiftError middleware)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _permission(action).public and not request.user.is_authenticated:
                from django.contrib.auth.views import (
                    redirect_to_login,  # lazy: auth views load the User model
                )

                return redirect_to_login(request.get_full_path())
            check(request.user, action)
            return view(request, *args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]
        return wrapped

    return decorator
