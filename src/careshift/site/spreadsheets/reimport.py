"""Idempotent re-import: which rows of a valid upload create, update or leave alone existing records.

Rows are matched on the table's ``reference`` column (a code people keep, not a database id), so
uploading the same file twice changes nothing the second time, and an edited file updates only the rows
that changed, naming the fields that did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass(frozen=True)
class PlannedRow:
    action: str  # create, update or unchanged
    reference: Any
    values: dict[str, Any]
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (before, after)


@dataclass(frozen=True)
class ImportPlan:
    rows: tuple[PlannedRow, ...]

    def _with(self, action: str) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == action]

    @property
    def create(self) -> list[PlannedRow]:
        return self._with(CREATE)

    @property
    def update(self) -> list[PlannedRow]:
        return self._with(UPDATE)

    @property
    def unchanged(self) -> list[PlannedRow]:
        return self._with(UNCHANGED)

    @property
    def counts(self) -> dict[str, int]:
        return {action: len(self._with(action)) for action in (CREATE, UPDATE, UNCHANGED)}

    def summary(self) -> str:
        """'3 to create, 1 to update, 10 unchanged.'"""
        c = self.counts
        return f"{c[CREATE]} to create, {c[UPDATE]} to update, {c[UNCHANGED]} unchanged."


def plan_import(
    records: Iterable[Mapping[str, Any]],
    existing: Mapping[Any, Mapping[str, Any]],
    reference: str,
    *,
    fields: Iterable[str] | None = None,
) -> ImportPlan:
    """Each record's action against ``existing`` (reference -> current values of the same fields).

    ``fields`` limits the comparison (default: every key of the record but the reference). A blank cell
    (``None``) compares like any other value, so clearing a cell is an update.

    >>> plan = plan_import([{"code": "A", "n": 1}, {"code": "B", "n": 2}], {"A": {"n": 1}}, "code")
    >>> plan.summary()
    '1 to create, 0 to update, 1 unchanged.'
    """
    wanted = list(fields) if fields is not None else None
    planned = []
    for record in records:
        ref = record[reference]
        compared = wanted or [k for k in record if k != reference]
        values = dict(record)
        current = existing.get(ref)
        if current is None:
            planned.append(PlannedRow(CREATE, ref, values))
            continue
        changes = {k: (current.get(k), record.get(k)) for k in compared if current.get(k) != record.get(k)}
        planned.append(PlannedRow(UPDATE if changes else UNCHANGED, ref, values, changes))
    return ImportPlan(tuple(planned))
