"""Audit as a platform service (issue 7): one naming scheme for actions, changes shown in words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import careshift
from careshift.apps.accounts import audit

SRC = Path(careshift.__file__).parent
LITERAL_ACTION = re.compile(r"audit\.(?:record|event)\(\s*[^,()]+,\s*[\"']([^\"']+)[\"']")


@pytest.mark.parametrize(
    "action", ["createScenario", "scenario", "scenario.", "Scenario.create", "user create"]
)
def test_an_action_outside_the_scheme_is_refused(action: str) -> None:
    with pytest.raises(ValueError, match=r"must be named '<object>\.<verb>'"):
        audit.event(None, action)


def test_every_action_the_code_records_follows_the_scheme_and_reads_as_words() -> None:
    actions = {a for path in SRC.rglob("*.py") for a in LITERAL_ACTION.findall(path.read_text())}
    assert {"user.create", "token.revoke", "report.lock"} <= actions
    wrong = sorted(a for a in actions if not audit.ACTION_NAME.match(a))
    assert not wrong, f"audit actions outside '<object>.<verb>': {wrong}"
    assert audit.describe_action("lever_template.delete") == "Lever template deleted"
    assert audit.describe_action("user.login_throttled") == "User sign-in blocked after too many attempts"


def test_changes_are_field_before_after_in_words_not_python() -> None:
    lines = audit.describe_changes(
        {
            "role": ["viewer", "analyst"],
            "is_active": [True, False],
            "owner": [None, "ann"],
            "iterations": 1000,
        }
    )
    assert lines == [
        "Role: 'viewer' → 'analyst'",
        "Is active: yes → no",
        "Owner: (none) → 'ann'",
        "Iterations: 1000",
    ]
    assert not any("[" in line or "{" in line for line in lines)
