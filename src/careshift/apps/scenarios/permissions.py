"""The scenarios app's actions: who may create, edit, run and delete scenarios, cancel runs
and pin an agreed scenario's run."""

from __future__ import annotations

from careshift.apps.accounts.permissions import STAFF, Permission, roles

PERMISSIONS: dict[str, Permission] = {
    "edit_scenario": Permission(
        "create and edit scenarios", roles("administrator", "programme_lead", "analyst", "contributor")
    ),
    "run_scenario": Permission("run scenarios", STAFF),
    "delete_scenario": Permission("delete scenarios", STAFF),
    "cancel_run": Permission("cancel runs", STAFF),
    "pin_run": Permission(
        "mark scenarios agreed and pin (or re-pin) the run they are quoted by",
        roles("administrator", "programme_lead"),
    ),
}
