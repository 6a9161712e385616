"""Agreed scenarios and their pinned runs: the run a board figure or a comparison is quoted from.

A scenario starts as a draft, compared through its latest finished run. Marking it agreed pins one of
its succeeded runs (by default the latest); rerunning it afterwards keeps the new run but leaves the pin
where it was, so a figure quoted to a board does not move. Moving the pin, or returning the scenario to
draft, needs the ``pin_run`` permission (checked by the view or API) and a reason, kept in the audit log.
"""

from __future__ import annotations

from typing import Any

from careshift.apps.scenarios.models import Run, Scenario
from careshift.errors import ValidationError

MAX_REASON = 500
PINNED, LATEST, CHOSEN = "pinned", "latest finished", "chosen"


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            "Say why: a reason is kept in the audit log with the change.",
            hint="Write a short reason, e.g. 'Board agreed the March run'.",
            fields={"reason": "Give a reason."},
        )
    if len(reason) > MAX_REASON:
        raise ValidationError(
            f"The reason is longer than {MAX_REASON} characters.", fields={"reason": "Shorten it."}
        )
    return reason


def _run_to_pin(scenario: Scenario, run: Run | None) -> Run:
    if run is None:
        found = scenario.runs.latest_succeeded()
        if found is None:
            raise ValidationError(
                f"'{scenario.name}' has no finished run to pin.",
                hint="Run the scenario, wait for it to finish, then mark it agreed.",
                fields={"run": "No finished run."},
            )
        return found
    if run.scenario_id != scenario.pk:
        raise ValidationError(
            f"Run {run.pk} is a run of another scenario.",
            fields={"run": "Choose one of this scenario's runs."},
        )
    if run.status != Run.Status.SUCCEEDED:
        raise ValidationError(
            f"Run {run.pk} has no results (it is {run.status}); only a finished run can be pinned.",
            fields={"run": "Choose a finished run."},
        )
    return run


def _audit(user: Any, action: str, scenario: Scenario, changes: dict[str, Any], reason: str) -> None:
    from careshift.apps.accounts import audit

    audit.record(user, action, scenario, changes, reason=reason)


def pin_run(user: Any, scenario: Scenario, run: Run | None = None, *, reason: str) -> Scenario:
    """Mark ``scenario`` agreed with ``run`` (default: its latest succeeded run) pinned."""
    reason = _reason(reason)
    run = _run_to_pin(scenario, run)
    before_status, before_run = scenario.status, scenario.pinned_run_id
    if before_status == Scenario.Status.AGREED and before_run == run.pk:
        raise ValidationError(
            f"Run {run.pk} is already the pinned run of '{scenario.name}'.", fields={"run": "Already pinned."}
        )
    scenario.status, scenario.pinned_run = Scenario.Status.AGREED, run
    Scenario.objects.filter(pk=scenario.pk).update(status=scenario.status, pinned_run=run)
    changes = {"status": [before_status, scenario.status], "pinned_run": [before_run, run.pk]}
    _audit(user, "scenario.pin", scenario, changes, reason)
    return scenario


def return_to_draft(user: Any, scenario: Scenario, *, reason: str) -> Scenario:
    """Make an agreed scenario a draft again: it is compared through its latest run from now on."""
    reason = _reason(reason)
    if scenario.status == Scenario.Status.DRAFT:
        raise ValidationError(f"'{scenario.name}' is already a draft.", fields={"status": "Already a draft."})
    before_run = scenario.pinned_run_id
    scenario.status, scenario.pinned_run = Scenario.Status.DRAFT, None
    Scenario.objects.filter(pk=scenario.pk).update(status=scenario.status, pinned_run=None)
    changes = {"status": [Scenario.Status.AGREED, scenario.status], "pinned_run": [before_run, None]}
    _audit(user, "scenario.unpin", scenario, changes, reason)
    return scenario


def quoted_run(scenario: Scenario) -> tuple[Run | None, str]:
    """The run ``scenario`` is quoted and compared by, and why: its pinned run if it is agreed, else
    its latest finished run; ``(None, "")`` when it has neither."""
    if scenario.is_agreed and scenario.pinned_run_id is not None:
        run = Run.objects.with_job().filter(pk=scenario.pinned_run_id).first()
        if run is not None:
            return run, PINNED
    run = scenario.runs.latest_succeeded()
    return (run, LATEST) if run is not None else (None, "")
