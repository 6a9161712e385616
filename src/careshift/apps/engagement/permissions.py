"""Who may do what in engagement. The public side (consultation pages, submitting a response, the
"you said, we did" page, erasing one's own data by its link) is listed here with ``public=True``."""

from __future__ import annotations

from careshift.apps.accounts.permissions import EVERYONE, STAFF, Permission, roles

EDITORS = roles("administrator", "programme_lead", "analyst", "contributor")

PERMISSIONS: dict[str, Permission] = {
    "engagement.view": Permission("see the engagement register, plan and consultations", EVERYONE),
    "engagement.edit_register": Permission(
        "edit stakeholders, interactions, commitments and the plan", EDITORS
    ),
    "engagement.plan_calendar": Permission("plan consultations and publicity on the calendar", EDITORS),
    "engagement.override_calendar": Permission(
        "override a calendar block with a justification", roles("administrator", "programme_lead")
    ),
    "engagement.manage_consultation": Permission("create and change consultations and questionnaires", STAFF),
    "engagement.moderate": Permission("moderate, export and erase consultation responses", STAFF),
    "engagement.code_responses": Permission("propose themes and code responses", STAFF),
    "engagement.record_decision": Permission(
        "record decisions and actions on themes", roles("administrator", "programme_lead")
    ),
    "engagement.view_consultation": Permission("read a public consultation", public=True),
    "engagement.respond": Permission("respond to an open consultation", public=True),
    "engagement.view_outcomes": Permission("read what a consultation changed", public=True),
    "engagement.join": Permission("join, confirm or leave the consultation updates list", public=True),
}
