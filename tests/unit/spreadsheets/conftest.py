from __future__ import annotations

import pytest

from careshift.site.spreadsheets import Column, TableSchema

PROJECTS = TableSchema(
    "projects",
    title="Programme projects",
    reference="code",
    columns=(
        Column("code", "Project code", required=True),
        Column("name", "Project name", required=True),
        Column("status", "Status", type="choice", choices={"open": "Open", "done": "Done"}),
        Column("budget", "Budget", type="money", minimum=0),
        Column("progress", "Progress", type="percent"),
        Column("staff", "Staff", type="count"),
        Column("start", "Start date", type="date"),
        Column("live", "Live", type="boolean"),
    ),
)


@pytest.fixture
def schema() -> TableSchema:
    return PROJECTS
