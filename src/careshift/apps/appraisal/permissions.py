"""The appraisal app's actions. Panel members (contributors) score options and change only their own
scores; analysts and programme leads build appraisals; programme leads sign off equality assessments."""

from __future__ import annotations

from typing import Any

from careshift.apps.accounts.permissions import STAFF, Permission, roles


def _own_score(user: Any, score: Any) -> bool:
    return bool(score.scorer_id == user.pk)


PERMISSIONS: dict[str, Permission] = {
    "appraisal.edit": Permission("build appraisals: options, criteria, weights and hurdles", STAFF),
    "appraisal.score": Permission(
        "score options as a panel member",
        roles("administrator", "programme_lead"),
        own_roles=roles("analyst", "contributor"),
        rule=_own_score,
    ),
    "appraisal.sign_off": Permission(
        "sign off equality impact assessments", roles("administrator", "programme_lead")
    ),
    "evidence.edit": Permission(
        "add and edit evidence", roles("administrator", "programme_lead", "analyst", "contributor")
    ),
}
