"""The scenarios app's actions: who may create, edit, run and delete scenarios, cancel runs, pin an
agreed scenario's run, save (everyone) or delete (the owner, administrators) saved views, and download
a run's results or a comparison as a PDF or Word document (everyone), and manage the lever library."""

from __future__ import annotations

from typing import Any

from careshift.apps.accounts.permissions import EVERYONE, STAFF, Permission, roles


def _owns_view(user: Any, view: Any) -> bool:
    from careshift.apps.scenarios.saved_views import is_owner

    return is_owner(user, view)


PERMISSIONS: dict[str, Permission] = {
    "export_document": Permission("download results and comparisons as PDF or Word documents", EVERYONE),
    "save_view": Permission("save and share views of results and comparisons", EVERYONE),
    "delete_saved_view": Permission(
        "delete saved views", roles("administrator"), own_roles=EVERYONE, rule=_owns_view
    ),
    "edit_scenario": Permission(
        "create and edit scenarios", roles("administrator", "programme_lead", "analyst", "contributor")
    ),
    "run_scenario": Permission("run scenarios", STAFF),
    "delete_scenario": Permission("delete scenarios", STAFF),
    "cancel_run": Permission("cancel runs", STAFF),
    "manage_lever_library": Permission(
        "add a scenario's lever to the lever library, and remove templates from it",
        roles("administrator", "programme_lead", "analyst"),
    ),
    "pin_run": Permission(
        "mark scenarios agreed and pin (or re-pin) the run they are quoted by",
        roles("administrator", "programme_lead"),
    ),
}
