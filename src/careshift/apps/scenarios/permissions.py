"""The scenarios app's actions: who may create, edit, run and delete scenarios and cancel runs."""

from __future__ import annotations

from careshift.apps.accounts.permissions import STAFF, Permission, roles

PERMISSIONS: dict[str, Permission] = {
    "edit_scenario": Permission(
        "create and edit scenarios", roles("administrator", "programme_lead", "analyst", "contributor")
    ),
    "run_scenario": Permission("run scenarios", STAFF),
    "delete_scenario": Permission("delete scenarios", STAFF),
    "cancel_run": Permission("cancel runs", STAFF),
}
