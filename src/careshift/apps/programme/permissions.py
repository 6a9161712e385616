"""Who may do what in the programme office.

Viewers (everyone) read. Contributors and analysts edit the projects they own or are assigned to, and a
workstream's lead edits every project in it. Programme leads and administrators edit everything, approve
gateways and lock status reports.
"""

from __future__ import annotations

from typing import Any

from careshift.apps.accounts.permissions import EVERYONE, Permission, roles

LEADS = roles("administrator", "programme_lead")
MEMBERS = roles("analyst", "contributor")


def _project_of(obj: Any) -> Any:
    """The project an object belongs to (the object itself for a project; None for a workstream)."""
    if hasattr(obj, "workstream_id") and hasattr(obj, "assignees"):
        return obj
    return getattr(obj, "project", None)


def leads_workstream(user: Any, obj: Any) -> bool:
    workstream = obj if hasattr(obj, "lead_id") else getattr(_project_of(obj), "workstream", None)
    return workstream is not None and workstream.lead_id == user.pk


def owns_or_assigned(user: Any, obj: Any) -> bool:
    """The user owns the project (or the record's project), is assigned to it, or leads its workstream."""
    project = _project_of(obj)
    if project is None:
        return leads_workstream(user, obj)
    if project.owner_id == user.pk or leads_workstream(user, project):
        return True
    return bool(project.pk and project.assignees.filter(pk=user.pk).exists())


PERMISSIONS = {
    "programme.view": Permission("see the programme", EVERYONE),
    "programme.edit_project": Permission(
        "edit projects and their milestones, risks, savings and reports",
        LEADS,
        own_roles=MEMBERS,
        rule=owns_or_assigned,
    ),
    "programme.create_project": Permission(
        "add projects to a workstream", LEADS, own_roles=MEMBERS, rule=leads_workstream
    ),
    "programme.manage": Permission("set up programmes, workstreams, stages and the board calendar", LEADS),
    "programme.approve": Permission("approve gateways and artefacts", LEADS),
    "programme.lock_report": Permission("review and lock status reports", LEADS),
    "programme.import": Permission("import programme trackers", LEADS),
}
