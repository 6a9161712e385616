"""Lifecycle gateways: what a project must have before it may enter a stage.

A stage may require artefacts (a PID, a quality and equality impact assessment, a business case) and,
when the project's value is above a threshold, an approver with authority (e.g. the programme board for
schemes over £50,000). :func:`missing_for_gate` lists, in words, everything still missing; an empty
list means the project may pass.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

ARTEFACT_LABELS: dict[str, str] = {
    "pid": "project initiation document (PID)",
    "qia": "quality impact assessment (QIA)",
    "eia": "equality impact assessment (EIA)",
    "business_case": "business case",
    "closure": "closure report",
}


@dataclass(frozen=True)
class Gate:
    stage: str
    required_artefacts: tuple[str, ...] = ()
    approval_threshold: float | None = None  # value above which an approver is needed
    approver: str = "the programme board"


@dataclass(frozen=True)
class Candidate:
    """A project asking to pass a gate."""

    value: float
    artefacts: Collection[str] = field(default_factory=tuple)  # kinds of approved artefacts it has
    approved: bool = False  # an approver with authority approves this move


def missing_for_gate(gate: Gate, candidate: Candidate) -> list[str]:
    """Everything the candidate lacks to enter ``gate.stage``, in words (empty: it may pass)."""
    missing = [
        f"an approved {ARTEFACT_LABELS.get(kind, kind)}"
        for kind in gate.required_artefacts
        if kind not in candidate.artefacts
    ]
    needs_approver = gate.approval_threshold is not None and candidate.value > gate.approval_threshold
    if needs_approver and not candidate.approved:
        missing.append(
            f"approval by {gate.approver}, because its value (£{candidate.value:,.0f}) is over "
            f"£{gate.approval_threshold:,.0f}"
        )
    return missing
